// What the printed documents need on top of pdfkit, which already wraps text, breaks pages in running
// text and embeds (subsets) the fonts: a running header on every page after the first, tables whose rows
// never split and whose header row repeats on each page, figures that shrink to fit their column rather
// than wrap, framed boxes, "Page X of N" footers and a watermark. Coordinates are PDF points from the top
// left of the page, as pdfkit has them.

import { once } from 'node:events'
import PDFDocument from 'pdfkit'
import { characterSetsOf, cleanText, loadFontBytes, type CharacterSets, type FontName } from './fonts.js'

export const PRODUCER = 'Millennium Potters Loans'

// A4 portrait.
const PAGE_WIDTH = 595.28
const PAGE_HEIGHT = 841.89
const MARGIN = { left: 40, right: 40, top: 40, bottom: 52 } as const
// Room above the content of every later page for its one-line running header.
const RUNNING_HEADER_HEIGHT = 22
const FOOTER_BASELINE = 26
const CONTENT_WIDTH = PAGE_WIDTH - MARGIN.left - MARGIN.right
// DejaVu Sans: ascent 1901 / 2048 units per em; lines 1.3 × the size apart, as before the move to pdfkit.
const ASCENT = 0.928
const LINE_HEIGHT = 1.3
// Below this a number stops shrinking to fit its column and wraps instead: smaller is unreadable.
const MIN_SHRINK_SIZE = 5.5

export const COLORS = {
  text: '#1f2126',
  muted: '#666b75',
  rule: '#ccd1d9',
  accent: '#174573',
  headerFill: '#e6edf5',
  zebra: '#f6f8fa',
  totalFill: '#edf0f2',
  danger: '#b81a1a',
  dangerFill: '#fceded',
} as const

export type DocumentInfo = {
  title: string
  subject: string
  author: string
  /** Creation and modification date: the "printed at" instant, not the wall clock, for stable output. */
  date: Date
}

export type Align = 'left' | 'right' | 'center'
export type TextStyle = { font?: FontName; size?: number; color?: string }
type Box = { x: number; y: number; width: number; align?: Align; maxLines?: number }

export type KeyValue = { label: string; value: string; strong?: boolean; color?: string }

export type Column = {
  header: string
  /** Share of the table width; the weights need not add up to anything in particular. */
  weight: number
  align?: Align
  /** Numbers and dates shrink to fit their column rather than wrap (a split amount is easy to misread). */
  shrink?: boolean
}

// `strong` rather than `bold`: a Cell may be a string, and String.prototype.bold is a deprecated method.
export type CellStyle = { strong?: boolean; color?: string }
export type Cell = string | ({ text: string } & CellStyle)
export type Row = { cells: Cell[]; fill?: string } & CellStyle

type ResolvedCell = { text: string; font: FontName; color: string }
type LaidOutCell = ResolvedCell & { size: number; height: number }

const CELL_PAD_X = 3
const CELL_PAD_Y = 3

/** Height of one line of `size` text, baseline to baseline. */
export function lineHeight(size: number): number {
  return size * LINE_HEIGHT
}

/** A cursor down the pages of one A4 document. */
export class Flow {
  readonly doc: PDFKit.PDFDocument
  readonly left = MARGIN.left
  readonly width = CONTENT_WIDTH
  private readonly characters: CharacterSets
  private readonly chunks: Buffer[] = []
  /** Where content starts on the current page, below any running header. */
  private pageTop: number = MARGIN.top

  private constructor(doc: PDFKit.PDFDocument, characters: CharacterSets) {
    this.doc = doc
    this.characters = characters
    doc.on('data', (chunk: Buffer) => this.chunks.push(chunk))
  }

  /**
   * A new document with the fonts registered (pdfkit embeds only the glyphs used). `runningHeader` is
   * drawn at the top of every page after the first, whether the page was started by a table or by
   * pdfkit breaking running text.
   */
  static async open(info: DocumentInfo, runningHeader: (flow: Flow) => void): Promise<Flow> {
    const bytes = await loadFontBytes()
    const doc = new PDFDocument({
      size: 'A4',
      margins: { ...MARGIN, top: MARGIN.top + RUNNING_HEADER_HEIGHT },
      bufferPages: true,
      lang: 'en-NG',
      displayTitle: true,
      // CreationDate also seeds the file identifier: the same data always gives the same bytes.
      info: {
        Title: info.title,
        Subject: info.subject,
        Author: info.author,
        Producer: PRODUCER,
        Creator: PRODUCER,
        CreationDate: info.date,
        ModDate: info.date,
      },
    })
    doc.registerFont('regular', bytes.regular)
    doc.registerFont('bold', bytes.bold)
    const flow = new Flow(doc, characterSetsOf(bytes))
    doc.y = MARGIN.top
    doc.on('pageAdded', () => {
      doc.y = MARGIN.top
      runningHeader(flow)
      flow.y = Math.max(flow.y, doc.page.margins.top)
      flow.pageTop = flow.y
    })
    return flow
  }

  get y(): number {
    return this.doc.y
  }

  set y(value: number) {
    this.doc.y = value
  }

  gap(height: number): void {
    this.doc.y += height
  }

  /**
   * Makes room for `height` points, starting a new page if they no longer fit on this one. Returns
   * whether it did (a table then repeats its header). On a page that is still empty it never breaks:
   * the content would not fit on the next one either.
   */
  ensure(height: number): boolean {
    if (this.y + height <= this.doc.page.maxY() || this.y <= this.pageTop) return false
    this.doc.addPage()
    return true
  }

  /** `text` made printable in `font` (see cleanText). */
  clean(text: string, font: FontName = 'regular'): string {
    return cleanText(text, this.characters[font])
  }

  private use(style: TextStyle): { font: FontName; size: number } {
    const font = style.font ?? 'regular'
    const size = style.size ?? 9
    this.doc
      .font(font)
      .fontSize(size)
      .fillColor(style.color ?? COLORS.text)
    return { font, size }
  }

  widthOf(text: string, style: TextStyle): number {
    this.use(style)
    return this.doc.widthOfString(text)
  }

  /** Lines `text` wraps to in `width`, at most `maxLines` (what text() would draw). */
  private linesOf(text: string, width: number, style: TextStyle, maxLines?: number): number {
    const { size } = this.use(style)
    const lines = Math.max(
      1,
      Math.round(this.doc.heightOfString(text, { width, lineGap: gapOf(size) }) / lineHeight(size)),
    )
    return maxLines === undefined ? lines : Math.min(lines, maxLines)
  }

  /**
   * Already-cleaned text wrapped to the box at a fixed place, without moving the cursor; at most
   * `maxLines` lines, the cut marked with an ellipsis. Returns the y just below the last line.
   */
  place(text: string, box: Box, style: TextStyle): number {
    if (text === '') return box.y
    const lines = this.linesOf(text, box.width, style, box.maxLines)
    const { size } = this.use(style)
    const height = lines * lineHeight(size)
    this.doc.text(text, box.x, box.y, {
      width: box.width,
      align: box.align ?? 'left',
      lineGap: gapOf(size),
      ...(box.maxLines === undefined ? {} : { height: height + 0.01, ellipsis: '…' }),
    })
    return box.y + height
  }

  /** Wrapped text across the content width; pdfkit breaks pages between its lines. */
  paragraph(text: string, style: TextStyle & { align?: Align } = {}): void {
    const { size } = this.use(style)
    this.doc.text(this.clean(text, style.font), this.left, this.y, {
      width: this.width,
      align: style.align ?? 'left',
      lineGap: gapOf(size),
    })
  }

  /** A line across the content width at the cursor. */
  rule(options: { color?: string; thickness?: number } = {}): void {
    const thickness = options.thickness ?? 0.5
    this.line(this.left, this.left + this.width, this.y, options.color ?? COLORS.rule, thickness)
    this.doc.y += thickness
  }

  private line(from: number, to: number, y: number, color: string, thickness: number): void {
    this.doc.save().moveTo(from, y).lineTo(to, y).lineWidth(thickness).strokeColor(color).stroke().restore()
  }

  private rect(
    x: number,
    y: number,
    width: number,
    height: number,
    fill: string,
    border?: string,
    borderWidth = 0.75,
  ): void {
    this.doc.save().rect(x, y, width, height)
    if (border === undefined) this.doc.fill(fill)
    else this.doc.lineWidth(borderWidth).fillAndStroke(fill, border)
    this.doc.restore()
  }

  /**
   * A section title. `keepWith` is the height of what must follow on the same page (a table header and
   * its first row), so a title never ends a page alone.
   */
  heading(text: string, keepWith = 0): void {
    const size = 10.5
    this.gap(6)
    this.ensure(lineHeight(size) + 4 + keepWith)
    this.paragraph(text, { font: 'bold', size, color: COLORS.accent })
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
        const font: FontName = item.strong === true ? 'bold' : 'regular'
        const label = this.clean(item.label)
        const value = this.clean(item.value, font)
        const lines = Math.max(
          this.linesOf(label, labelWidth, { size }, maxLines),
          this.linesOf(value, valueWidth, { font, size }, maxLines),
        )
        return { item, font, label, value, lines }
      })
      const height = Math.max(...row.map((cell) => cell.lines)) * lineHeight(size) + 2 * CELL_PAD_Y
      this.ensure(height)
      const top = this.y
      row.forEach((cell, index) => {
        const x = this.left + index * (columnWidth + gutter)
        const y = top + CELL_PAD_Y
        this.place(cell.label, { x, y, width: labelWidth, maxLines }, { size, color: COLORS.muted })
        this.place(
          cell.value,
          { x: x + labelWidth + 6, y, width: valueWidth, maxLines },
          { font: cell.font, size, color: cell.item.color ?? COLORS.text },
        )
        this.line(x, x + columnWidth, top + height, COLORS.rule, 0.4)
      })
      this.y = top + height
    }
  }

  /** A row of framed figures (the amounts a reader looks for first), each shrunk to fit its box. */
  figures(items: { label: string; value: string; color?: string }[]): void {
    const gutter = 8
    const boxWidth = (this.width - gutter * (items.length - 1)) / items.length
    const labelSize = 7.5
    const valueSize = 12
    const height = 2 * 6 + lineHeight(labelSize) + lineHeight(valueSize)
    this.ensure(height)
    const top = this.y
    items.forEach((item, index) => {
      const x = this.left + index * (boxWidth + gutter)
      const inner = boxWidth - 12
      this.rect(x, top, boxWidth, height, COLORS.zebra, item.color ?? COLORS.rule)
      this.place(
        this.clean(item.label),
        { x: x + 6, y: top + 6, width: inner, maxLines: 1 },
        {
          size: labelSize,
          color: COLORS.muted,
        },
      )
      const value = this.clean(item.value, 'bold')
      const size = this.shrinkToFit(value, 'bold', valueSize, inner)
      this.place(
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
    this.y = top + height
  }

  /** A framed, tinted notice (used for "REVERSED"): a bold first line, then wrapped text. */
  notice(title: string, body: string, colors: { border: string; fill: string; text: string }): void {
    const titleSize = 13
    const bodySize = 9
    const pad = 8
    const inner = this.width - 2 * pad
    const text = this.clean(body)
    const maxLines = this.maxLinesPerPage(bodySize) - 4
    const lines = this.linesOf(text, inner, { size: bodySize }, maxLines)
    const height = 2 * pad + lineHeight(titleSize) + lines * lineHeight(bodySize)
    this.ensure(height)
    const top = this.y
    this.rect(this.left, top, this.width, height, colors.fill, colors.border, 1.25)
    this.place(
      this.clean(title, 'bold'),
      { x: this.left + pad, y: top + pad, width: inner, maxLines: 1 },
      {
        font: 'bold',
        size: titleSize,
        color: colors.text,
      },
    )
    this.place(
      text,
      { x: this.left + pad, y: top + pad + lineHeight(titleSize), width: inner, maxLines },
      {
        size: bodySize,
        color: colors.text,
      },
    )
    this.y = top + height
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
        const font: FontName = header || (style.strong ?? rowStyle.strong ?? false) ? 'bold' : 'regular'
        const color = style.color ?? rowStyle.color ?? (header ? COLORS.accent : COLORS.text)
        return { text: this.clean(typeof cell === 'string' ? cell : cell.text, font), font, color }
      })
    const headerCells = resolveRow(
      columns.map((column) => column.header),
      {},
      true,
    )
    const bodyCells = rows.map((row) => resolveRow(row.cells, row, false))
    const widths = this.columnWidths(columns, headerCells, bodyCells, size)

    const layRow = (cells: ResolvedCell[], header: boolean): LaidOutCell[] =>
      cells.map((cell, index) => {
        const inner = (widths[index] ?? 0) - 2 * CELL_PAD_X
        // Figures shrink to fit whole (only when even the widened column cannot hold them); header
        // words shrink so that no word is split ("Installmen t").
        const fitted = header
          ? Math.min(...cell.text.split(/\s+/).map((word) => this.shrinkToFit(word, cell.font, size, inner)))
          : columns[index]?.shrink === true
            ? this.shrinkToFit(cell.text, cell.font, size, inner)
            : size
        const lines = this.linesOf(cell.text, inner, { font: cell.font, size: fitted }, maxLines)
        return { ...cell, size: fitted, height: lines * lineHeight(size) }
      })
    const rowHeight = (cells: LaidOutCell[]): number =>
      Math.max(...cells.map((cell) => cell.height)) + 2 * CELL_PAD_Y

    const drawRow = (cells: LaidOutCell[], height: number, fill: string | undefined): void => {
      const top = this.y
      if (fill !== undefined) this.rect(this.left, top, this.width, height, fill)
      let x = this.left
      cells.forEach((cell, index) => {
        const width = widths[index] ?? 0
        // A shrunk figure sits on the same baseline as its neighbours, not at the top of the row.
        this.place(
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
      this.y = top + height
      this.line(this.left, this.left + this.width, this.y, COLORS.rule, 0.4)
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
    const widthOf = (cell: ResolvedCell | undefined, text = cell?.text ?? ''): number =>
      cell ? this.widthOf(text, { font: cell.font, size }) : 0
    const need = columns.map((column, index) => {
      const headerCell = header[index]
      const headerWord = Math.max(
        0,
        ...(headerCell?.text.split(/\s+/) ?? []).map((word) => widthOf(headerCell, word)),
      )
      const content =
        column.shrink === true
          ? Math.max(0, ...body.map((row) => widthOf(row[index])))
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

  /** The largest size up to `size` (down to a readable minimum) at which `text` fits in `maxWidth`. */
  private shrinkToFit(text: string, font: FontName, size: number, maxWidth: number): number {
    const width = this.widthOf(text, { font, size })
    if (width <= maxWidth || width === 0) return size
    // Rounded down to a quarter point so the result really fits.
    return Math.max(MIN_SHRINK_SIZE, Math.floor(((size * maxWidth) / width) * 4) / 4)
  }

  /** Lines of body text that fit on an otherwise empty page: the cap for any single block. */
  private maxLinesPerPage(size: number): number {
    return Math.max(1, Math.floor((PAGE_HEIGHT - MARGIN.top - MARGIN.bottom - 60) / lineHeight(size)))
  }

  /**
   * Finishes the document: a footer on every page (drawn last, because "of N" is only known then) with
   * `left` (when printed), `center` (which document) and "Page X of N"; optionally a large faint
   * diagonal word across every page (a reversed receipt must not pass for a valid one). Returns the bytes.
   */
  async finish(
    footer: { left: string; center: string },
    watermark?: { text: string; color: string },
  ): Promise<Uint8Array> {
    const { doc } = this
    const { start, count } = doc.bufferedPageRange()
    for (let index = start; index < start + count; index++) {
      doc.switchToPage(index)
      // Footers sit in the bottom margin; without this pdfkit would start a new page for them.
      const { bottom } = doc.page.margins
      doc.page.margins.bottom = 0
      if (watermark !== undefined) this.watermark(watermark.text, watermark.color)
      const size = 7.5
      const y = PAGE_HEIGHT - FOOTER_BASELINE - ASCENT * size
      this.line(MARGIN.left, PAGE_WIDTH - MARGIN.right, PAGE_HEIGHT - FOOTER_BASELINE - 12, COLORS.rule, 0.5)
      const leftWidth = CONTENT_WIDTH * 0.38
      const rightWidth = CONTENT_WIDTH * 0.2
      const centerWidth = CONTENT_WIDTH - leftWidth - rightWidth - 20
      const style = { size, color: COLORS.muted }
      this.place(this.clean(footer.left), { x: MARGIN.left, y, width: leftWidth, maxLines: 1 }, style)
      this.place(
        this.clean(footer.center),
        { x: MARGIN.left + leftWidth + 10, y, width: centerWidth, align: 'center', maxLines: 1 },
        style,
      )
      this.place(
        `Page ${String(index - start + 1)} of ${String(count)}`,
        { x: MARGIN.left + CONTENT_WIDTH - rightWidth, y, width: rightWidth, align: 'right', maxLines: 1 },
        style,
      )
      doc.page.margins.bottom = bottom
    }
    const ended = once(doc, 'end')
    doc.end()
    await ended
    return Buffer.concat(this.chunks)
  }

  private watermark(text: string, color: string): void {
    const { doc } = this
    const size = 96
    const width = this.widthOf(text, { font: 'bold', size })
    const capHeight = size * 0.73
    // Rotated about the middle of the page, so the middle of the word lands there.
    doc.save().rotate(-35, { origin: [PAGE_WIDTH / 2, PAGE_HEIGHT / 2] })
    doc.fillColor(color, 0.1)
    doc.text(text, PAGE_WIDTH / 2 - width / 2, PAGE_HEIGHT / 2 - (ASCENT * size - capHeight / 2), {
      lineBreak: false,
    })
    doc.restore()
  }
}

/** The gap pdfkit adds under each line so that lines of `size` text are lineHeight(size) apart. */
function gapOf(size: number): number {
  return lineHeight(size) - size * FONT_LINE_HEIGHT
}

// pdfkit's own line height for DejaVu Sans: (ascent 1901 + descent 483) / 2048 units per em.
const FONT_LINE_HEIGHT = (1901 + 483) / 2048

/** How much lower the top of `smaller` text must sit to share a baseline with `size` text. */
function ascentGap(size: number, smaller: number): number {
  return ASCENT * (size - smaller)
}
