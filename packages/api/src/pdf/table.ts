// Tables for the printed documents: pdfkit draws text and boxes, but a table here must also keep every
// row whole on one page, repeat its header row on each page it runs onto, and keep amounts on one line
// (a column is as wide as its widest figure, and a figure shrinks rather than wraps).

import type { FontName } from './fonts.js'
import { ascentGap, CELL_PAD_Y, COLORS, lineHeight, type Align, type Flow } from './layout.js'

export type Column = {
  header: string
  /** Share of the table width; the weights need not add up to anything in particular. */
  weight: number
  align?: Align
  /** Numbers and dates shrink to fit their column rather than wrap (a split amount is easy to misread). */
  shrink?: boolean
}

// `strong` rather than `bold`: a Cell may be a string, and String.prototype.bold is a deprecated method.
type CellStyle = { strong?: boolean; color?: string }
type Cell = string | ({ text: string } & CellStyle)
export type Row = { cells: Cell[]; fill?: string } & CellStyle

type ResolvedCell = { text: string; font: FontName; color: string }
type LaidOutCell = ResolvedCell & { size: number; height: number }

const CELL_PAD_X = 3

/**
 * A table across the content width. The header row is repeated at the top of every page the table
 * continues on; rows are never split across pages. With no rows, `emptyText` is printed instead.
 */
export function table(
  flow: Flow,
  columns: Column[],
  rows: Row[],
  options: { size?: number; emptyText: string },
): void {
  const size = options.size ?? 8
  if (rows.length === 0) {
    flow.paragraph(options.emptyText, { size: 8.5, color: COLORS.muted })
    return
  }
  const maxLines = flow.maxLinesPerPage(size) - 6

  // Text, font and colour of every cell first: the column widths depend on them.
  const resolveRow = (cells: Cell[], rowStyle: CellStyle, header: boolean): ResolvedCell[] =>
    columns.map((_, index) => {
      const cell = cells[index] ?? ''
      const style: CellStyle = typeof cell === 'string' ? {} : cell
      const font: FontName = header || (style.strong ?? rowStyle.strong ?? false) ? 'bold' : 'regular'
      const color = style.color ?? rowStyle.color ?? (header ? COLORS.accent : COLORS.text)
      return { text: flow.clean(typeof cell === 'string' ? cell : cell.text, font), font, color }
    })
  const headerCells = resolveRow(
    columns.map((column) => column.header),
    {},
    true,
  )
  const bodyCells = rows.map((row) => resolveRow(row.cells, row, false))
  const widths = columnWidths(flow, columns, headerCells, bodyCells, size)

  const layRow = (cells: ResolvedCell[], header: boolean): LaidOutCell[] =>
    cells.map((cell, index) => {
      const inner = (widths[index] ?? 0) - 2 * CELL_PAD_X
      // Figures shrink to fit whole (only when even the widened column cannot hold them); header
      // words shrink so that no word is split ("Installmen t").
      const fitted = header
        ? Math.min(...cell.text.split(/\s+/).map((word) => flow.shrinkToFit(word, cell.font, size, inner)))
        : columns[index]?.shrink === true
          ? flow.shrinkToFit(cell.text, cell.font, size, inner)
          : size
      const lines = flow.linesOf(cell.text, inner, { font: cell.font, size: fitted }, maxLines)
      return { ...cell, size: fitted, height: lines * lineHeight(size) }
    })
  const rowHeight = (cells: LaidOutCell[]): number =>
    Math.max(...cells.map((cell) => cell.height)) + 2 * CELL_PAD_Y

  const drawRow = (cells: LaidOutCell[], height: number, fill: string | undefined): void => {
    const top = flow.y
    if (fill !== undefined) flow.rect({ x: flow.left, y: top, width: flow.width, height }, { fill })
    let x = flow.left
    cells.forEach((cell, index) => {
      const width = widths[index] ?? 0
      // A shrunk figure sits on the same baseline as its neighbours, not at the top of the row.
      flow.place(
        cell.text,
        {
          x: x + CELL_PAD_X,
          y: top + CELL_PAD_Y + ascentGap(size, cell.size),
          width: width - 2 * CELL_PAD_X,
          align: columns[index]?.align ?? 'left',
          maxLines,
        },
        { font: cell.font, size: cell.size, color: cell.color },
      )
      x += width
    })
    flow.y = top + height
    flow.line(
      { y: flow.y, from: flow.left, to: flow.left + flow.width },
      { color: COLORS.rule, thickness: 0.4 },
    )
  }

  const header = layRow(headerCells, true)
  const headerHeight = rowHeight(header)
  const laidRows = rows.map((row, index) => {
    const cells = layRow(bodyCells[index] ?? [], false)
    return { row, cells, height: rowHeight(cells) }
  })

  flow.ensure(headerHeight + (laidRows[0]?.height ?? 0))
  drawRow(header, headerHeight, COLORS.headerFill)
  laidRows.forEach(({ row, cells, height }, index) => {
    if (flow.ensure(height)) drawRow(header, headerHeight, COLORS.headerFill)
    drawRow(cells, height, row.fill ?? (index % 2 === 1 ? COLORS.zebra : undefined))
  })
}

/**
 * Column widths that fit the content: a figure column is as wide as its widest figure (so amounts
 * keep one size down the column), a text column gets its weighted share and wraps within it, and
 * no column is narrower than the longest word of its header. Space left over is shared out by
 * weight; when the figures need more than the page has, every column gives up space in proportion
 * and the widest figures shrink.
 */
function columnWidths(
  flow: Flow,
  columns: Column[],
  header: ResolvedCell[],
  body: ResolvedCell[][],
  size: number,
): number[] {
  const totalWeight = columns.reduce((sum, column) => sum + column.weight, 0)
  const weightOf = (index: number): number => (columns[index]?.weight ?? 0) / totalWeight
  const widthOf = (cell: ResolvedCell | undefined, text = cell?.text ?? ''): number =>
    cell ? flow.widthOf(text, { font: cell.font, size }) : 0
  const need = columns.map((column, index) => {
    const headerCell = header[index]
    const headerWord = Math.max(
      0,
      ...(headerCell?.text.split(/\s+/) ?? []).map((word) => widthOf(headerCell, word)),
    )
    const content =
      column.shrink === true
        ? Math.max(0, ...body.map((row) => widthOf(row[index])))
        : weightOf(index) * flow.width - 2 * CELL_PAD_X
    return Math.max(headerWord, content) + 2 * CELL_PAD_X
  })
  const needed = need.reduce((sum, width) => sum + width, 0)
  if (needed <= flow.width) {
    const spare = flow.width - needed
    return need.map((width, index) => width + spare * weightOf(index))
  }
  return need.map((width) => (width * flow.width) / needed)
}
