// Blocks that stay whole on one page: label/value lines, a row of framed figures, a framed notice.

import type { FontName } from './fonts.js'
import { ascentGap, CELL_PAD_Y, COLORS, lineHeight, type Flow } from './layout.js'

export type KeyValue = { label: string; value: string; strong?: boolean; color?: string }

/** Label/value pairs in `columns` columns; long values wrap within their column. */
export function keyValues(flow: Flow, items: KeyValue[], columns = 2): void {
  const size = 8.5
  const gutter = 16
  const columnWidth = (flow.width - gutter * (columns - 1)) / columns
  const labelWidth = Math.min(100, columnWidth * 0.4)
  const valueWidth = columnWidth - labelWidth - 6
  const maxLines = flow.maxLinesPerPage(size)
  for (let start = 0; start < items.length; start += columns) {
    const row = items.slice(start, start + columns).map((item) => {
      const font: FontName = item.strong === true ? 'bold' : 'regular'
      const label = flow.clean(item.label)
      const value = flow.clean(item.value, font)
      const lines = Math.max(
        flow.linesOf(label, labelWidth, { size }, maxLines),
        flow.linesOf(value, valueWidth, { font, size }, maxLines),
      )
      return { item, font, label, value, lines }
    })
    const height = Math.max(...row.map((cell) => cell.lines)) * lineHeight(size) + 2 * CELL_PAD_Y
    flow.ensure(height)
    const top = flow.y
    row.forEach((cell, index) => {
      const x = flow.left + index * (columnWidth + gutter)
      const y = top + CELL_PAD_Y
      flow.place(cell.label, { x, y, width: labelWidth, maxLines }, { size, color: COLORS.muted })
      flow.place(
        cell.value,
        { x: x + labelWidth + 6, y, width: valueWidth, maxLines },
        { font: cell.font, size, color: cell.item.color ?? COLORS.text },
      )
      flow.line({ y: top + height, from: x, to: x + columnWidth }, { color: COLORS.rule, thickness: 0.4 })
    })
    flow.y = top + height
  }
}

/** A row of framed figures (the amounts a reader looks for first), each shrunk to fit its box. */
export function figures(flow: Flow, items: { label: string; value: string; color?: string }[]): void {
  const gutter = 8
  const boxWidth = (flow.width - gutter * (items.length - 1)) / items.length
  const labelSize = 7.5
  const valueSize = 12
  const height = 2 * 6 + lineHeight(labelSize) + lineHeight(valueSize)
  flow.ensure(height)
  const top = flow.y
  items.forEach((item, index) => {
    const x = flow.left + index * (boxWidth + gutter)
    const inner = boxWidth - 12
    flow.rect(
      { x, y: top, width: boxWidth, height },
      { fill: COLORS.zebra, border: item.color ?? COLORS.rule },
    )
    flow.place(
      flow.clean(item.label),
      { x: x + 6, y: top + 6, width: inner, maxLines: 1 },
      {
        size: labelSize,
        color: COLORS.muted,
      },
    )
    const value = flow.clean(item.value, 'bold')
    const size = flow.shrinkToFit(value, 'bold', valueSize, inner)
    flow.place(
      value,
      {
        x: x + 6,
        y: top + 6 + lineHeight(labelSize) + ascentGap(valueSize, size),
        width: inner,
        maxLines: 1,
      },
      { font: 'bold', size, color: item.color ?? COLORS.text },
    )
  })
  flow.y = top + height
}

/** A framed, tinted notice (used for "REVERSED"): a bold first line, then wrapped text. */
export function notice(
  flow: Flow,
  title: string,
  body: string,
  colors: { border: string; fill: string; text: string },
): void {
  const titleSize = 13
  const bodySize = 9
  const pad = 8
  const inner = flow.width - 2 * pad
  const text = flow.clean(body)
  const maxLines = flow.maxLinesPerPage(bodySize) - 4
  const lines = flow.linesOf(text, inner, { size: bodySize }, maxLines)
  const height = 2 * pad + lineHeight(titleSize) + lines * lineHeight(bodySize)
  flow.ensure(height)
  const top = flow.y
  flow.rect(
    { x: flow.left, y: top, width: flow.width, height },
    { fill: colors.fill, border: colors.border, borderWidth: 1.25 },
  )
  flow.place(
    flow.clean(title, 'bold'),
    { x: flow.left + pad, y: top + pad, width: inner, maxLines: 1 },
    {
      font: 'bold',
      size: titleSize,
      color: colors.text,
    },
  )
  flow.place(
    text,
    { x: flow.left + pad, y: top + pad + lineHeight(titleSize), width: inner, maxLines },
    {
      size: bodySize,
      color: colors.text,
    },
  )
  flow.y = top + height
}
