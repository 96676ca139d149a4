// A small flowing-layout helper over pdf-lib, which itself only draws at absolute coordinates: it keeps
// a cursor down the page, wraps text to a width, breaks pages (repeating a table's header row) and
// stamps "Page X of N" once the page count is known. Just enough for a receipt and a statement.

import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import fontkit from '@pdf-lib/fontkit'
import { PDFDocument, PageSizes, degrees, rgb, type Color, type PDFFont, type PDFPage } from 'pdf-lib'
import { woffToSfnt } from './woff.js'

export const PRODUCER = 'Millennium Potters Loans'

// ---------------------------------------------------------------------------------------------------
// Fonts

// pdf-lib's standard 14 fonts only know WinAnsi, which has no naira sign (U+20A6), so a Unicode font is
// embedded. Fontsource calls this file the "latin" subset, but it is the whole of DejaVu Sans (6,000+
// glyphs: ₦, and the dotted vowels of Yoruba names). WOFF rather than WOFF2: WOFF is a plain zlib
// wrapper, unpacked in a few lines (woff.ts), and a subset fontkit took from the WOFF2 file came out at
// ~1 MB per PDF against ~20 kB from the same font as TrueType.
const FONT_FILES = {
  regular: '@fontsource/dejavu-sans/files/dejavu-sans-latin-400-normal.woff',
  bold: '@fontsource/dejavu-sans/files/dejavu-sans-latin-700-normal.woff',
} as const

// Fixed subset names instead of pdf-lib's random tag, so the same data always gives the same bytes.
const FONT_NAMES = { regular: 'MPLNRG+DejaVuSans', bold: 'MPLNBD+DejaVuSans-Bold' } as const

// Ligatures off: "fi" drawn as one glyph would come back from text extraction (copy-paste, search,
// screen readers) as a single odd character. Money and names must survive a copy intact.
const FONT_FEATURES = { liga: false, clig: false, dlig: false, calt: false }

type FontBytes = { regular: Uint8Array; bold: Uint8Array }

const requireFromHere = createRequire(import.meta.url)
let fontBytes: Promise<FontBytes> | undefined

async function readFont(specifier: string): Promise<Uint8Array> {
  // Unpacked to plain TrueType here, once: see woff.ts for why fontkit should not read the WOFF itself.
  return woffToSfnt(await readFile(requireFromHere.resolve(specifier)))
}

/** Reads and unpacks both font files once per process; every later document reuses the bytes. */
export function loadFontBytes(): Promise<FontBytes> {
  if (fontBytes === undefined) {
    const loading = Promise.all([readFont(FONT_FILES.regular), readFont(FONT_FILES.bold)]).then(
      ([regular, bold]) => ({ regular, bold }),
    )
    fontBytes = loading
    // A failed read (a broken install, say) is not remembered, so the next document tries again.
    loading.catch(() => {
      if (fontBytes === loading) fontBytes = undefined
    })
  }
  return fontBytes
}

export type Fonts = { regular: PDFFont; bold: PDFFont }

export type DocumentInfo = {
  title: string
  subject: string
  author: string
  /** Creation and modification date: the "printed at" instant, not the wall clock, for stable output. */
  date: Date
}

/** A new A4 document with the fonts embedded (subset: only the glyphs used end up in the file). */
export async function createDocument(info: DocumentInfo): Promise<{ doc: PDFDocument; fonts: Fonts }> {
  const bytes = await loadFontBytes()
  // updateMetadata: false stops pdf-lib stamping its own producer and the current time.
  const doc = await PDFDocument.create({ updateMetadata: false })
  doc.registerFontkit(fontkit)
  const [regular, bold] = await Promise.all([
    doc.embedFont(bytes.regular, { subset: true, customName: FONT_NAMES.regular, features: FONT_FEATURES }),
    doc.embedFont(bytes.bold, { subset: true, customName: FONT_NAMES.bold, features: FONT_FEATURES }),
  ])
  doc.setTitle(info.title, { showInWindowTitleBar: true })
  doc.setSubject(info.subject)
  doc.setAuthor(info.author)
  doc.setProducer(PRODUCER)
  doc.setCreator(PRODUCER)
  doc.setLanguage('en-NG')
  doc.setCreationDate(info.date)
  doc.setModificationDate(info.date)
  return { doc, fonts: { regular, bold } }
}

// ---------------------------------------------------------------------------------------------------
// Page geometry and colours (PDF points; y grows upwards from the bottom of the page)

const [PAGE_WIDTH, PAGE_HEIGHT] = PageSizes.A4
const MARGIN = { left: 40, right: 40, top: 40, bottom: 52 } as const
const FOOTER_BASELINE = 26
const CONTENT_WIDTH = PAGE_WIDTH - MARGIN.left - MARGIN.right

export const COLORS = {
  text: rgb(0.12, 0.13, 0.15),
  muted: rgb(0.4, 0.42, 0.46),
  rule: rgb(0.8, 0.82, 0.85),
  accent: rgb(0.09, 0.27, 0.45),
  headerFill: rgb(0.9, 0.93, 0.96),
  zebra: rgb(0.965, 0.972, 0.98),
  totalFill: rgb(0.93, 0.94, 0.95),
  danger: rgb(0.72, 0.1, 0.1),
  dangerFill: rgb(0.99, 0.93, 0.93),
} as const

const LINE_HEIGHT = 1.3
// Below this a number stops shrinking to fit its column and wraps instead: smaller is unreadable.
const MIN_SHRINK_SIZE = 5.5

// ---------------------------------------------------------------------------------------------------
// Text

const characterSets = new WeakMap<PDFFont, Set<number>>()

/**
 * Text as it can be printed in `font`: NFC (pdf-lib ignores mark positioning, so a dot-below typed as
 * a combining mark would land beside its letter; composed, the font has a glyph for it), CR/LF and
 * Unicode line separators as '\n', tabs as spaces, other control and zero-width characters dropped, and anything the font lacks (emoji,
 * say) as '?', which at least reads as "something was here" instead of an empty box.
 */
export function cleanText(text: string, font: PDFFont): string {
  let known = characterSets.get(font)
  if (known === undefined) {
    known = new Set(font.getCharacterSet())
    characterSets.set(font, known)
  }
  let out = ''
  for (const char of text.normalize('NFC').replace(/\r\n?|\u2028|\u2029/g, '\n')) {
    const code = char.codePointAt(0) ?? 0
    if (char === '\n') out += '\n'
    else if (char === '\t') out += ' '
    else if (
      code < 0x20 ||
      (code >= 0x7f && code < 0xa0) ||
      code === 0xfeff ||
      (code >= 0x200b && code <= 0x200f)
    ) {
      continue
    } else out += known.has(code) ? char : '?'
  }
  return out
}

export function textWidth(text: string, font: PDFFont, size: number): number {
  return font.widthOfTextAtSize(text, size)
}

/** Height of one line of `size` text, baseline to baseline. */
export function lineHeight(size: number): number {
  return size * LINE_HEIGHT
}

/**
 * Breaks already-cleaned text into lines no wider than `maxWidth`: at spaces where it can, inside a
 * word only when the word alone is too wide (a long reference or an unbroken name must still fit).
 * Newlines in the text are kept as line breaks; every line of the result is drawn as its own run.
 */
export function wrapText(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const lines: string[] = []
  for (const paragraph of text.split('\n')) {
    let line = ''
    for (const word of paragraph.split(' ')) {
      if (word === '') continue
      const candidate = line === '' ? word : `${line} ${word}`
      if (textWidth(candidate, font, size) <= maxWidth) {
        line = candidate
        continue
      }
      if (line !== '') lines.push(line)
      line = ''
      if (textWidth(word, font, size) <= maxWidth) {
        line = word
        continue
      }
      // Too long for any line: break after its hyphens and slashes ("Adebayo-Okonkwo", "TRF/2026/…")
      // where that is enough, and between characters where it is not.
      for (const piece of word.split(/(?<=[-/])/)) {
        if (textWidth(line + piece, font, size) <= maxWidth) {
          line += piece
          continue
        }
        if (line !== '' && textWidth(piece, font, size) <= maxWidth) {
          lines.push(line)
          line = piece
          continue
        }
        for (const char of piece) {
          if (line !== '' && textWidth(line + char, font, size) > maxWidth) {
            lines.push(line)
            line = ''
          }
          line += char
        }
      }
    }
    lines.push(line)
  }
  return lines
}

/** `text` cut to `maxWidth` with an ellipsis, for one-line places such as running headers. */
export function truncateText(text: string, font: PDFFont, size: number, maxWidth: number): string {
  if (textWidth(text, font, size) <= maxWidth) return text
  const chars = Array.from(text)
  while (chars.length > 0 && textWidth(`${chars.join('').trimEnd()}…`, font, size) > maxWidth) chars.pop()
  return chars.length === 0 ? '' : `${chars.join('').trimEnd()}…`
}

/** Keeps at most `max` lines, marking the cut with an ellipsis (so a runaway cell cannot outgrow a page). */
function capLines(lines: string[], max: number, font: PDFFont, size: number, maxWidth: number): string[] {
  if (lines.length <= max) return lines
  const kept = lines.slice(0, Math.max(1, max))
  const last = kept.length - 1
  kept[last] = truncateText(`${kept[last] ?? ''}…`, font, size, maxWidth)
  return kept
}

export type Align = 'left' | 'right' | 'center'

export type TextStyle = { font: PDFFont; size: number; color?: Color }

/** Draws one line with its top (not its baseline) at `top`, aligned within [x, x + width]. */
export function drawTextLine(
  page: PDFPage,
  text: string,
  box: { x: number; top: number; width: number; align?: Align },
  style: TextStyle,
): void {
  if (text === '') return
  const width = textWidth(text, style.font, style.size)
  const offset =
    box.align === 'right' ? box.width - width : box.align === 'center' ? (box.width - width) / 2 : 0
  page.drawText(text, {
    x: box.x + offset,
    y: box.top - style.font.heightAtSize(style.size, { descender: false }),
    size: style.size,
    font: style.font,
    color: style.color ?? COLORS.text,
  })
}

// ---------------------------------------------------------------------------------------------------
// Flow: a cursor down the pages

export type KeyValue = { label: string; value: string; strong?: boolean; color?: Color }

export type Column = {
  header: string
  /** Share of the table width; the weights need not add up to anything in particular. */
  weight: number
  align?: Align
  /** Numbers and dates shrink to fit their column rather than wrap (a split amount is easy to misread). */
  shrink?: boolean
}

// `strong` rather than `bold`: a Cell may be a string, and String.prototype.bold is a deprecated method.
export type CellStyle = { strong?: boolean; color?: Color }
export type Cell = string | ({ text: string } & CellStyle)
export type Row = { cells: Cell[]; fill?: Color } & CellStyle

type ResolvedCell = { text: string; font: PDFFont; color: Color }
type LaidOutCell = { lines: string[]; size: number; font: PDFFont; color: Color }

const CELL_PAD_X = 3
const CELL_PAD_Y = 3

export class Flow {
  readonly doc: PDFDocument
  readonly fonts: Fonts
  page: PDFPage
  /** Top of the free space on the current page. */
  y: number
  /** Where content started on the current page, below any running header. */
  private pageTop: number
  private readonly continuationHeader: (flow: Flow) => void

  /**
   * Opens the first page. `continuationHeader` is drawn at the top of every later page (a short
   * reminder of whose document this is) and must move `y` below itself.
   */
  constructor(doc: PDFDocument, fonts: Fonts, continuationHeader: (flow: Flow) => void) {
    this.doc = doc
    this.fonts = fonts
    this.continuationHeader = continuationHeader
    this.page = doc.addPage(PageSizes.A4)
    this.y = PAGE_HEIGHT - MARGIN.top
    this.pageTop = this.y
  }

  get left(): number {
    return MARGIN.left
  }

  get width(): number {
    return CONTENT_WIDTH
  }

  newPage(): void {
    this.page = this.doc.addPage(PageSizes.A4)
    this.y = PAGE_HEIGHT - MARGIN.top
    this.continuationHeader(this)
    this.pageTop = this.y
  }

  /**
   * Makes room for `height` points, starting a new page if they no longer fit on this one. Returns
   * whether it did (a table then repeats its header). On a page that is still empty it never breaks:
   * the content would not fit on the next one either, and breaking again would never end.
   */
  ensure(height: number): boolean {
    if (this.y - height >= MARGIN.bottom || this.y >= this.pageTop) return false
    this.newPage()
    return true
  }

  gap(height: number): void {
    this.y -= height
  }

  /** Lines of body text that fit on an otherwise empty page: the cap for any single block. */
  private maxLinesPerPage(size: number): number {
    return Math.max(1, Math.floor((PAGE_HEIGHT - MARGIN.top - MARGIN.bottom - 60) / lineHeight(size)))
  }

  /** Wrapped text across the content width (or from `indent`), breaking pages between lines. */
  paragraph(
    text: string,
    style: Partial<TextStyle> & { align?: Align; indent?: number; width?: number } = {},
  ): void {
    const font = style.font ?? this.fonts.regular
    const size = style.size ?? 9
    const x = this.left + (style.indent ?? 0)
    const width = style.width ?? this.width - (style.indent ?? 0)
    for (const line of wrapText(cleanText(text, font), font, size, width)) {
      this.ensure(lineHeight(size))
      drawTextLine(
        this.page,
        line,
        { x, top: this.y, width, align: style.align ?? 'left' },
        {
          font,
          size,
          color: style.color ?? COLORS.text,
        },
      )
      this.y -= lineHeight(size)
    }
  }

  /**
   * Wrapped text in a column at a fixed place, without moving the cursor: for side-by-side blocks such
   * as the letterhead. Returns the y just below the last line.
   */
  block(
    text: string,
    box: { x: number; top: number; width: number; align?: Align },
    style: TextStyle,
  ): number {
    let top = box.top
    const lines = wrapText(cleanText(text, style.font), style.font, style.size, box.width)
    for (const line of capLines(lines, 4, style.font, style.size, box.width)) {
      drawTextLine(this.page, line, { ...box, top }, style)
      top -= lineHeight(style.size)
    }
    return top
  }

  rule(options: { color?: Color; thickness?: number } = {}): void {
    const thickness = options.thickness ?? 0.5
    this.page.drawLine({
      start: { x: this.left, y: this.y },
      end: { x: this.left + this.width, y: this.y },
      thickness,
      color: options.color ?? COLORS.rule,
    })
    this.y -= thickness
  }

  /**
   * A section title. `keepWith` is the height of what must follow on the same page (a table header and
   * its first row), so a title never ends a page alone.
   */
  heading(text: string, keepWith = 0): void {
    const size = 10.5
    this.gap(6)
    this.ensure(lineHeight(size) + 4 + keepWith)
    this.paragraph(text, { font: this.fonts.bold, size, color: COLORS.accent })
    this.gap(1)
    this.rule({ color: COLORS.accent, thickness: 0.75 })
    this.gap(4)
  }

  /** Label/value pairs in `columns` columns; long values wrap within their column. */
  keyValues(items: KeyValue[], columns = 2): void {
    const size = 8.5
    const gutter = 16
    const columnWidth = (this.width - gutter * (columns - 1)) / columns
    const labelWidth = Math.min(100, columnWidth * 0.4)
    const valueWidth = columnWidth - labelWidth - 6
    const maxLines = this.maxLinesPerPage(size)
    for (let start = 0; start < items.length; start += columns) {
      const row = items.slice(start, start + columns).map((item) => {
        const valueFont = item.strong === true ? this.fonts.bold : this.fonts.regular
        const label = wrapText(
          cleanText(item.label, this.fonts.regular),
          this.fonts.regular,
          size,
          labelWidth,
        )
        const value = wrapText(cleanText(item.value, valueFont), valueFont, size, valueWidth)
        return {
          item,
          valueFont,
          label: capLines(label, maxLines, this.fonts.regular, size, labelWidth),
          value: capLines(value, maxLines, valueFont, size, valueWidth),
        }
      })
      const lines = Math.max(...row.map((cell) => Math.max(cell.label.length, cell.value.length)))
      const height = lines * lineHeight(size) + 2 * CELL_PAD_Y
      this.ensure(height)
      row.forEach((cell, index) => {
        const x = this.left + index * (columnWidth + gutter)
        cell.label.forEach((line, i) => {
          const top = this.y - CELL_PAD_Y - i * lineHeight(size)
          drawTextLine(
            this.page,
            line,
            { x, top, width: labelWidth },
            {
              font: this.fonts.regular,
              size,
              color: COLORS.muted,
            },
          )
        })
        cell.value.forEach((line, i) => {
          const top = this.y - CELL_PAD_Y - i * lineHeight(size)
          drawTextLine(
            this.page,
            line,
            { x: x + labelWidth + 6, top, width: valueWidth },
            {
              font: cell.valueFont,
              size,
              color: cell.item.color ?? COLORS.text,
            },
          )
        })
        this.page.drawLine({
          start: { x, y: this.y - height },
          end: { x: x + columnWidth, y: this.y - height },
          thickness: 0.4,
          color: COLORS.rule,
        })
      })
      this.y -= height
    }
  }

  /** A row of framed figures (the amounts a reader looks for first), each shrunk to fit its box. */
  figures(items: { label: string; value: string; color?: Color }[]): void {
    const gutter = 8
    const boxWidth = (this.width - gutter * (items.length - 1)) / items.length
    const labelSize = 7.5
    const valueSize = 12
    const height = 2 * 6 + lineHeight(labelSize) + lineHeight(valueSize)
    this.ensure(height)
    items.forEach((item, index) => {
      const x = this.left + index * (boxWidth + gutter)
      const inner = boxWidth - 12
      this.page.drawRectangle({
        x,
        y: this.y - height,
        width: boxWidth,
        height,
        borderColor: item.color ?? COLORS.rule,
        borderWidth: 0.75,
        color: COLORS.zebra,
      })
      const label = truncateText(
        cleanText(item.label, this.fonts.regular),
        this.fonts.regular,
        labelSize,
        inner,
      )
      drawTextLine(
        this.page,
        label,
        { x: x + 6, top: this.y - 6, width: inner },
        {
          font: this.fonts.regular,
          size: labelSize,
          color: COLORS.muted,
        },
      )
      const value = cleanText(item.value, this.fonts.bold)
      const size = shrinkToFit(value, this.fonts.bold, valueSize, inner)
      drawTextLine(
        this.page,
        truncateText(value, this.fonts.bold, size, inner),
        {
          x: x + 6,
          top: this.y - 6 - lineHeight(labelSize) - ascentGap(this.fonts.bold, valueSize, size),
          width: inner,
        },
        { font: this.fonts.bold, size, color: item.color ?? COLORS.text },
      )
    })
    this.y -= height
  }

  /** A framed, tinted notice (used for "REVERSED"): a bold first line, then wrapped text. */
  notice(title: string, body: string, colors: { border: Color; fill: Color; text: Color }): void {
    const titleSize = 13
    const bodySize = 9
    const pad = 8
    const inner = this.width - 2 * pad
    const bodyLines = capLines(
      wrapText(cleanText(body, this.fonts.regular), this.fonts.regular, bodySize, inner),
      this.maxLinesPerPage(bodySize) - 4,
      this.fonts.regular,
      bodySize,
      inner,
    )
    const height = 2 * pad + lineHeight(titleSize) + bodyLines.length * lineHeight(bodySize)
    this.ensure(height)
    this.page.drawRectangle({
      x: this.left,
      y: this.y - height,
      width: this.width,
      height,
      borderColor: colors.border,
      borderWidth: 1.25,
      color: colors.fill,
    })
    drawTextLine(
      this.page,
      cleanText(title, this.fonts.bold),
      { x: this.left + pad, top: this.y - pad, width: inner },
      {
        font: this.fonts.bold,
        size: titleSize,
        color: colors.text,
      },
    )
    bodyLines.forEach((line, i) => {
      const top = this.y - pad - lineHeight(titleSize) - i * lineHeight(bodySize)
      drawTextLine(
        this.page,
        line,
        { x: this.left + pad, top, width: inner },
        {
          font: this.fonts.regular,
          size: bodySize,
          color: colors.text,
        },
      )
    })
    this.y -= height
  }

  /**
   * A table across the content width. The header row is repeated at the top of every page the table
   * continues on; rows are never split across pages. With no rows, `emptyText` is printed instead.
   */
  table(columns: Column[], rows: Row[], options: { size?: number; emptyText: string }): void {
    const size = options.size ?? 8
    if (rows.length === 0) {
      this.paragraph(options.emptyText, { size: 8.5, color: COLORS.muted })
      return
    }
    const maxLines = this.maxLinesPerPage(size) - 6

    // Text, font and colour of every cell first: the column widths depend on them.
    const resolveRow = (cells: Cell[], rowStyle: CellStyle, header: boolean): ResolvedCell[] =>
      columns.map((_, index) => {
        const cell = cells[index] ?? ''
        const style: CellStyle = typeof cell === 'string' ? {} : cell
        const bold = header || (style.strong ?? rowStyle.strong ?? false)
        const font = bold ? this.fonts.bold : this.fonts.regular
        const color = style.color ?? rowStyle.color ?? (header ? COLORS.accent : COLORS.text)
        return { text: cleanText(typeof cell === 'string' ? cell : cell.text, font), font, color }
      })
    const headerCells = resolveRow(
      columns.map((column) => column.header),
      {},
      true,
    )
    const bodyCells = rows.map((row) => resolveRow(row.cells, row, false))
    const widths = this.columnWidths(columns, headerCells, bodyCells, size)

    const layRow = (cells: ResolvedCell[], header: boolean): LaidOutCell[] =>
      cells.map(({ text, font, color }, index) => {
        const inner = (widths[index] ?? 0) - 2 * CELL_PAD_X
        // Figures shrink to fit whole (only when even the widened column cannot hold them); header
        // words shrink so that no word is split ("Installmen t").
        const fitted = header
          ? Math.min(...text.split(/\s+/).map((word) => shrinkToFit(word, font, size, inner)))
          : columns[index]?.shrink === true
            ? shrinkToFit(text, font, size, inner)
            : size
        if (textWidth(text, font, fitted) <= inner) return { lines: [text], size: fitted, font, color }
        const lines = capLines(wrapText(text, font, fitted, inner), maxLines, font, fitted, inner)
        return { lines, size: fitted, font, color }
      })
    const rowHeight = (cells: LaidOutCell[]): number =>
      Math.max(...cells.map((cell) => cell.lines.length * lineHeight(size))) + 2 * CELL_PAD_Y

    const drawRow = (cells: LaidOutCell[], height: number, fill: Color | undefined): void => {
      if (fill !== undefined) {
        this.page.drawRectangle({ x: this.left, y: this.y - height, width: this.width, height, color: fill })
      }
      let x = this.left
      cells.forEach((cell, index) => {
        const width = widths[index] ?? 0
        const align = columns[index]?.align ?? 'left'
        cell.lines.forEach((line, i) => {
          // A shrunk figure sits on the same baseline as its neighbours, not at the top of the row.
          const top = this.y - CELL_PAD_Y - i * lineHeight(size) - ascentGap(cell.font, size, cell.size)
          drawTextLine(
            this.page,
            line,
            { x: x + CELL_PAD_X, top, width: width - 2 * CELL_PAD_X, align },
            {
              font: cell.font,
              size: cell.size,
              color: cell.color,
            },
          )
        })
        x += width
      })
      this.y -= height
      this.page.drawLine({
        start: { x: this.left, y: this.y },
        end: { x: this.left + this.width, y: this.y },
        thickness: 0.4,
        color: COLORS.rule,
      })
    }

    const header = layRow(headerCells, true)
    const headerHeight = rowHeight(header)
    const laidRows = rows.map((row, index) => {
      const cells = layRow(bodyCells[index] ?? [], false)
      return { row, cells, height: rowHeight(cells) }
    })

    this.ensure(headerHeight + (laidRows[0]?.height ?? 0))
    drawRow(header, headerHeight, COLORS.headerFill)
    laidRows.forEach(({ row, cells, height }, index) => {
      if (this.ensure(height)) drawRow(header, headerHeight, COLORS.headerFill)
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
  private columnWidths(
    columns: Column[],
    header: ResolvedCell[],
    body: ResolvedCell[][],
    size: number,
  ): number[] {
    const totalWeight = columns.reduce((sum, column) => sum + column.weight, 0)
    const weightOf = (index: number): number => (columns[index]?.weight ?? 0) / totalWeight
    const need = columns.map((column, index) => {
      const headerCell = header[index]
      const headerWord = headerCell
        ? Math.max(...headerCell.text.split(/\s+/).map((word) => textWidth(word, headerCell.font, size)))
        : 0
      const content =
        column.shrink === true
          ? Math.max(
              0,
              ...body.map((row) => {
                const cell = row[index]
                return cell ? textWidth(cell.text, cell.font, size) : 0
              }),
            )
          : weightOf(index) * this.width - 2 * CELL_PAD_X
      return Math.max(headerWord, content) + 2 * CELL_PAD_X
    })
    const needed = need.reduce((sum, width) => sum + width, 0)
    if (needed <= this.width) {
      const spare = this.width - needed
      return need.map((width, index) => width + spare * weightOf(index))
    }
    return need.map((width) => (width * this.width) / needed)
  }
}

/** How much lower the top of `smaller` text must sit to share a baseline with `size` text. */
function ascentGap(font: PDFFont, size: number, smaller: number): number {
  return font.heightAtSize(size, { descender: false }) - font.heightAtSize(smaller, { descender: false })
}

/** The largest size up to `size` (down to a readable minimum) at which `text` fits in `maxWidth`. */
function shrinkToFit(text: string, font: PDFFont, size: number, maxWidth: number): number {
  const width = textWidth(text, font, size)
  if (width <= maxWidth || width === 0) return size
  // Rounded down to a quarter point so the result really fits.
  return Math.max(MIN_SHRINK_SIZE, Math.floor(((size * maxWidth) / width) * 4) / 4)
}

// ---------------------------------------------------------------------------------------------------
// Whole-document finishing touches

/**
 * Footer on every page, drawn last because "of N" is only known then: `left` (when printed), `center`
 * (which document) and "Page X of N" on the right.
 */
export function drawFooters(doc: PDFDocument, fonts: Fonts, left: string, center: string): void {
  const pages = doc.getPages()
  const size = 7.5
  const style = { font: fonts.regular, size, color: COLORS.muted }
  const top = FOOTER_BASELINE + fonts.regular.heightAtSize(size, { descender: false })
  pages.forEach((page, index) => {
    page.drawLine({
      start: { x: MARGIN.left, y: FOOTER_BASELINE + 12 },
      end: { x: PAGE_WIDTH - MARGIN.right, y: FOOTER_BASELINE + 12 },
      thickness: 0.5,
      color: COLORS.rule,
    })
    // Printed time on the left, the document in the middle, the page number on the right.
    const leftWidth = CONTENT_WIDTH * 0.38
    const rightWidth = CONTENT_WIDTH * 0.2
    const centerWidth = CONTENT_WIDTH - leftWidth - rightWidth - 20
    const pageText = `Page ${index + 1} of ${pages.length}`
    drawTextLine(
      page,
      truncateText(cleanText(left, fonts.regular), fonts.regular, size, leftWidth),
      { x: MARGIN.left, top, width: leftWidth },
      style,
    )
    drawTextLine(
      page,
      truncateText(cleanText(center, fonts.regular), fonts.regular, size, centerWidth),
      { x: MARGIN.left + leftWidth + 10, top, width: centerWidth, align: 'center' },
      style,
    )
    drawTextLine(
      page,
      pageText,
      { x: MARGIN.left + CONTENT_WIDTH - rightWidth, top, width: rightWidth, align: 'right' },
      style,
    )
  })
}

/** A large faint diagonal word across every page, so a reversed receipt cannot pass for a valid one. */
export function drawWatermark(doc: PDFDocument, fonts: Fonts, text: string, color: Color): void {
  const size = 96
  const angle = 35
  const width = textWidth(text, fonts.bold, size)
  const capHeight = size * 0.73
  const radians = (angle * Math.PI) / 180
  // Start the baseline so the middle of the rotated word lands on the middle of the page.
  const x = PAGE_WIDTH / 2 - (width / 2) * Math.cos(radians) + (capHeight / 2) * Math.sin(radians)
  const y = PAGE_HEIGHT / 2 - (width / 2) * Math.sin(radians) - (capHeight / 2) * Math.cos(radians)
  for (const page of doc.getPages()) {
    page.drawText(text, { x, y, size, font: fonts.bold, color, opacity: 0.1, rotate: degrees(angle) })
  }
}
