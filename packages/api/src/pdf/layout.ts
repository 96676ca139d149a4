// What the printed documents need on top of pdfkit, which already wraps text, breaks pages in running
// text and embeds (subsets) the fonts: a running header on every page after the first, room checks so
// that a block stays whole on one page, and "Page X of N" footers once the page count is known. Blocks
// are in blocks.ts, tables in table.ts. Coordinates are PDF points from the top left of the page, as
// pdfkit has them.

import { once } from 'node:events'
import PDFDocument from 'pdfkit'
import { characterSetsOf, cleanText, loadFontBytes, type CharacterSets, type FontName } from './fonts.js'

const PRODUCER = 'Millennium Potters Loans'

// A4 portrait.
const PAGE_WIDTH = 595.28
const PAGE_HEIGHT = 841.89
const MARGIN = { left: 40, right: 40, top: 40, bottom: 52 } as const
// Room above the content of every later page for its one-line running header.
const RUNNING_HEADER_HEIGHT = 22
const FOOTER_BASELINE = 26
const CONTENT_WIDTH = PAGE_WIDTH - MARGIN.left - MARGIN.right
// DejaVu Sans: ascent 1901, descent 483, 2048 units per em (pdfkit's own line height is their sum);
// lines are set 1.3 × the size apart, as before the move to pdfkit.
const ASCENT = 1901 / 2048
const FONT_LINE_HEIGHT = (1901 + 483) / 2048
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
// Space above and below the text of a table row or a key/value line.
export const CELL_PAD_Y = 3

type Box = { x: number; y: number; width: number; align?: Align; maxLines?: number }

/** Height of one line of `size` text, baseline to baseline. */
export function lineHeight(size: number): number {
  return size * LINE_HEIGHT
}

/** A page size in points with its margins: A4 for the office, a strip of roll paper for a thermal printer. */
export type Paper = {
  width: number
  height: number
  margin: { left: number; right: number; top: number; bottom: number }
}

const A4: Paper = { width: PAGE_WIDTH, height: PAGE_HEIGHT, margin: MARGIN }

function pdfInfo(info: DocumentInfo) {
  return {
    Title: info.title,
    Subject: info.subject,
    Author: info.author,
    Producer: PRODUCER,
    Creator: PRODUCER,
    CreationDate: info.date,
    ModDate: info.date,
  }
}

/** A cursor down the pages of one document. */
export class Flow {
  readonly doc: PDFKit.PDFDocument
  readonly left: number
  readonly width: number
  private readonly paper: Paper
  private readonly characters: CharacterSets
  private readonly chunks: Buffer[] = []
  /** Where content starts on the current page, below any running header. */
  private pageTop: number

  private constructor(doc: PDFKit.PDFDocument, characters: CharacterSets, paper: Paper) {
    this.doc = doc
    this.characters = characters
    this.paper = paper
    this.left = paper.margin.left
    this.width = paper.width - paper.margin.left - paper.margin.right
    this.pageTop = paper.margin.top
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
      info: pdfInfo(info),
    })
    doc.registerFont('regular', bytes.regular)
    doc.registerFont('bold', bytes.bold)
    const flow = new Flow(doc, characterSetsOf(bytes), A4)
    doc.y = MARGIN.top
    doc.on('pageAdded', () => {
      doc.y = MARGIN.top
      runningHeader(flow)
      flow.y = Math.max(flow.y, doc.page.margins.top)
      flow.pageTop = flow.y
    })
    return flow
  }

  /**
   * A document on one strip of roll paper (a thermal receipt): no running header and no footer; the
   * caller sizes `paper.height` to its content.
   */
  static async openRoll(info: DocumentInfo, paper: Paper): Promise<Flow> {
    const bytes = await loadFontBytes()
    const doc = new PDFDocument({
      size: [paper.width, paper.height],
      margins: paper.margin,
      lang: 'en-NG',
      displayTitle: true,
      info: pdfInfo(info),
    })
    doc.registerFont('regular', bytes.regular)
    doc.registerFont('bold', bytes.bold)
    return new Flow(doc, characterSetsOf(bytes), paper)
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
  linesOf(text: string, width: number, style: TextStyle, maxLines?: number): number {
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
    this.line(
      { y: this.y, from: this.left, to: this.left + this.width },
      { color: options.color ?? COLORS.rule, thickness },
    )
    this.doc.y += thickness
  }

  /** A horizontal line at `y` from x `from` to `to`, leaving the cursor alone. */
  line(at: { y: number; from: number; to: number }, style: { color: string; thickness: number }): void {
    const { doc } = this
    doc.save().moveTo(at.from, at.y).lineTo(at.to, at.y)
    doc.lineWidth(style.thickness).strokeColor(style.color).stroke().restore()
  }

  /** A filled rectangle, framed when `border` is given. */
  rect(
    box: { x: number; y: number; width: number; height: number },
    style: { fill: string; border?: string; borderWidth?: number },
  ): void {
    this.doc.save().rect(box.x, box.y, box.width, box.height)
    if (style.border === undefined) this.doc.fill(style.fill)
    else this.doc.lineWidth(style.borderWidth ?? 0.75).fillAndStroke(style.fill, style.border)
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

  /** The largest size up to `size` (down to a readable minimum) at which `text` fits in `maxWidth`. */
  shrinkToFit(text: string, font: FontName, size: number, maxWidth: number): number {
    const width = this.widthOf(text, { font, size })
    if (width <= maxWidth || width === 0) return size
    // Rounded down to a quarter point so the result really fits.
    return Math.max(MIN_SHRINK_SIZE, Math.floor(((size * maxWidth) / width) * 4) / 4)
  }

  /** Lines of body text that fit on an otherwise empty page: the cap for any single block. */
  maxLinesPerPage(size: number): number {
    const { height, margin } = this.paper
    return Math.max(1, Math.floor((height - margin.top - margin.bottom - 60) / lineHeight(size)))
  }

  /**
   * Finishes the document: a footer on every page (drawn last, because "of N" is only known then) with
   * `left` (when printed), `center` (which document) and "Page X of N" (none without `footer`, as on a
   * roll). Returns the bytes.
   */
  async finish(footer?: { left: string; center: string }): Promise<Uint8Array> {
    const { doc } = this
    if (footer === undefined) return this.end()
    const { start, count } = doc.bufferedPageRange()
    for (let index = start; index < start + count; index++) {
      doc.switchToPage(index)
      // Footers sit in the bottom margin; without this pdfkit would start a new page for them.
      const { bottom } = doc.page.margins
      doc.page.margins.bottom = 0
      const size = 7.5
      const y = PAGE_HEIGHT - FOOTER_BASELINE - ASCENT * size
      this.line(
        { y: PAGE_HEIGHT - FOOTER_BASELINE - 12, from: MARGIN.left, to: PAGE_WIDTH - MARGIN.right },
        { color: COLORS.rule, thickness: 0.5 },
      )
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
    return this.end()
  }

  private async end(): Promise<Uint8Array> {
    const ended = once(this.doc, 'end')
    this.doc.end()
    await ended
    return Buffer.concat(this.chunks)
  }
}

/** The gap pdfkit adds under each line so that lines of `size` text are lineHeight(size) apart. */
function gapOf(size: number): number {
  return lineHeight(size) - size * FONT_LINE_HEIGHT
}

/** How much lower the top of `smaller` text must sit to share a baseline with `size` text. */
export function ascentGap(size: number, smaller: number): number {
  return ASCENT * (size - smaller)
}
