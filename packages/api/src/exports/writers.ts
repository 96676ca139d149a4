import { once } from 'node:events'
import { createWriteStream, type WriteStream } from 'node:fs'
import { PassThrough } from 'node:stream'
import { formatNaira } from '@mp/domain'
import PDFDocument from 'pdfkit'
import yazl from 'yazl'
import { loadFontBytes } from '../pdf/fonts.js'
import { nairaPlain, textOf, type CellValue, type ExportColumn } from './columns.js'

/**
 * Streaming writers for CSV, XLSX and PDF. Each takes rows as an async iterable and writes them to a file
 * as they arrive, honouring back-pressure, so 100,000 rows never sit in memory at once (issue 7).
 */
export type ExportFormat = 'csv' | 'xlsx' | 'pdf'

export type WriteOptions<Row> = {
  title: string
  /** One line under the title: the filters applied, in words. */
  subtitle: string
  columns: readonly ExportColumn<Row>[]
  rows: AsyncIterable<Row>
  path: string
  onRow?: () => void
}

async function write(stream: WriteStream | PassThrough, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain')
}

async function finish(stream: WriteStream): Promise<void> {
  stream.end()
  await once(stream, 'close')
}

// ---- CSV (RFC 4180) -----------------------------------------------------------------------------------

function csvField(text: string): string {
  // Formula injection: a cell starting with = + - @ (or tab/CR) is run by spreadsheets; prefix a quote
  // (OWASP CSV injection guidance). Numbers we write ourselves never start with those except negatives,
  // which we do not produce.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export async function writeCsv<Row>(options: WriteOptions<Row>): Promise<number> {
  const out = createWriteStream(options.path)
  let count = 0
  try {
    // A byte-order mark so Excel opens UTF-8 (₦, names with accents) correctly.
    await write(out, `\uFEFF${options.columns.map((c) => csvField(c.header)).join(',')}\r\n`)
    for await (const row of options.rows) {
      const line = options.columns.map((c) => csvField(textOf(c.type, c.value(row), { money: nairaPlain })))
      await write(out, `${line.join(',')}\r\n`)
      count += 1
      options.onRow?.()
    }
  } finally {
    await finish(out)
  }
  return count
}

// ---- XLSX (Office Open XML, one sheet, inline strings) ------------------------------------------------

function xml(text: string): string {
  // Characters XML 1.0 cannot hold are dropped; the rest escaped.
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

function columnName(index: number): string {
  let n = index + 1
  let name = ''
  while (n > 0) {
    const rem = (n - 1) % 26
    name = String.fromCharCode(65 + rem) + name
    n = Math.floor((n - 1) / 26)
  }
  return name
}

/** Days since 1899-12-30 (the spreadsheet epoch) for a 'YYYY-MM-DD' date. */
function serialDate(iso: string): number | null {
  const time = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`)
  return Number.isFinite(time) ? Math.round(time / 86_400_000) + 25_569 : null
}

// Styles: 0 default, 1 bold header, 2 money #,##0.00, 3 date, 4 percent 0.00%, 5 date-time.
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="3"><numFmt numFmtId="164" formatCode="#,##0.00"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/><numFmt numFmtId="166" formatCode="yyyy-mm-dd hh:mm"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
</styleSheet>`

function xlsxCell(ref: string, type: ExportColumn<unknown>['type'], value: CellValue): string {
  if (value === null || value === undefined || value === '') return ''
  if (type === 'money' && typeof value === 'number') {
    // Kobo → naira: exact to two places as a decimal literal (no float arithmetic on the amount).
    return `<c r="${ref}" s="2"><v>${nairaPlain(value)}</v></c>`
  }
  if (type === 'count' && typeof value === 'number') return `<c r="${ref}"><v>${String(value)}</v></c>`
  if (type === 'ratio' && typeof value === 'string' && Number.isFinite(Number(value))) {
    return `<c r="${ref}" s="4"><v>${value}</v></c>`
  }
  if (type === 'date' && typeof value === 'string') {
    const serial = serialDate(value)
    if (serial !== null) return `<c r="${ref}" s="3"><v>${String(serial)}</v></c>`
  }
  if (type === 'datetime' && value instanceof Date) {
    return `<c r="${ref}" s="5"><v>${String(value.getTime() / 86_400_000 + 25_569)}</v></c>`
  }
  const text = textOf(type, value, { money: nairaPlain })
  return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xml(text)}</t></is></c>`
}

export async function writeXlsx<Row>(options: WriteOptions<Row>): Promise<number> {
  const zip = new yazl.ZipFile()
  const out = createWriteStream(options.path)
  const piped = once(out, 'close')
  zip.outputStream.pipe(out)
  const sheetName = xml(options.title.slice(0, 31).replace(/[[\]:*?/\\]/g, ' ')) || 'Export'
  const files: [string, string][] = [
    [
      '[Content_Types].xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
    ],
    [
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${sheetName}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    ],
    ['xl/styles.xml', STYLES],
  ]
  for (const [name, content] of files) zip.addBuffer(Buffer.from(content, 'utf8'), name)
  const sheet = new PassThrough()
  zip.addReadStream(sheet, 'xl/worksheets/sheet1.xml')
  zip.end()
  let count = 0
  try {
    const widths = options.columns.map((c) => Math.max(10, Math.min(40, Math.round((c.width ?? 1) * 14))))
    await write(
      sheet,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>${widths.map((w, i) => `<col min="${String(i + 1)}" max="${String(i + 1)}" width="${String(w)}" customWidth="1"/>`).join('')}</cols><sheetData>`,
    )
    await write(
      sheet,
      `<row r="1"><c r="A1" t="inlineStr" s="1"><is><t>${xml(options.title)}</t></is></c></row>`,
    )
    await write(
      sheet,
      `<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve">${xml(options.subtitle)}</t></is></c></row>`,
    )
    await write(
      sheet,
      `<row r="3">${options.columns.map((c, i) => `<c r="${columnName(i)}3" t="inlineStr" s="1"><is><t>${xml(c.header)}</t></is></c>`).join('')}</row>`,
    )
    let r = 4
    for await (const row of options.rows) {
      const cells = options.columns
        .map((c, i) => xlsxCell(`${columnName(i)}${String(r)}`, c.type, c.value(row)))
        .join('')
      await write(sheet, `<row r="${String(r)}">${cells}</row>`)
      r += 1
      count += 1
      options.onRow?.()
    }
    await write(sheet, '</sheetData></worksheet>')
  } finally {
    sheet.end()
  }
  await piped
  return count
}

// ---- PDF (pdfkit streams each finished page to the file) ----------------------------------------------

export async function writePdf<Row>(options: WriteOptions<Row> & { printedAt: string }): Promise<number> {
  const fonts = await loadFontBytes()
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: { top: 36, bottom: 36, left: 30, right: 30 },
    bufferPages: false,
    info: { Title: options.title, Producer: 'Millennium Potters Loans', Creator: 'Millennium Potters Loans' },
  })
  const out = createWriteStream(options.path)
  const closed = once(out, 'close')
  doc.pipe(out)
  doc.registerFont('regular', Buffer.from(fonts.regular))
  doc.registerFont('bold', Buffer.from(fonts.bold))
  const left = doc.page.margins.left
  const usable = doc.page.width - left - doc.page.margins.right
  const totalWeight = options.columns.reduce((s, c) => s + (c.width ?? 1), 0)
  const widths = options.columns.map((c) => (usable * (c.width ?? 1)) / totalWeight)
  const size = 7.5
  const rowHeight = 11
  const bottom = doc.page.height - doc.page.margins.bottom - 14
  let page = 1
  let y = 0
  const header = () => {
    doc
      .font('bold')
      .fontSize(11)
      .fillColor('#111111')
      .text(options.title, left, doc.page.margins.top, { width: usable, lineBreak: false })
    doc
      .font('regular')
      .fontSize(7.5)
      .fillColor('#555555')
      .text(options.subtitle, left, doc.page.margins.top + 14, { width: usable, height: 10, ellipsis: true })
    // The footer line sits in the bottom margin: with the margin in force pdfkit would take it for an
    // overflow and start a new page, leaving every page with the title alone (issue 15 item 6).
    const { bottom: margin } = doc.page.margins
    doc.page.margins.bottom = 0
    doc
      .fontSize(7)
      .text(`Page ${String(page)} · printed ${options.printedAt}`, left, doc.page.height - margin - 8, {
        width: usable,
        align: 'right',
        lineBreak: false,
      })
    doc.page.margins.bottom = margin
    y = doc.page.margins.top + 30
    let x = left
    doc.font('bold').fontSize(size).fillColor('#111111')
    options.columns.forEach((c, i) => {
      const width = widths[i] ?? 0
      const isNumber = c.type === 'money' || c.type === 'count' || c.type === 'ratio'
      doc.text(c.header, x + 2, y, {
        width: width - 4,
        height: rowHeight,
        ellipsis: true,
        lineBreak: false,
        align: isNumber ? 'right' : 'left',
      })
      x += width
    })
    y += rowHeight + 2
    doc
      .moveTo(left, y - 2)
      .lineTo(left + usable, y - 2)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke()
    doc.font('regular').fillColor('#111111')
  }
  header()
  let count = 0
  for await (const row of options.rows) {
    if (y + rowHeight > bottom) {
      doc.addPage()
      page += 1
      header()
    }
    let x = left
    options.columns.forEach((c, i) => {
      const width = widths[i] ?? 0
      const isNumber = c.type === 'money' || c.type === 'count' || c.type === 'ratio'
      const text = textOf(c.type, c.value(row), { money: (kobo) => formatNaira(kobo) })
      doc.text(text, x + 2, y, {
        width: width - 4,
        height: rowHeight,
        ellipsis: true,
        lineBreak: false,
        align: isNumber ? 'right' : 'left',
      })
      x += width
    })
    y += rowHeight
    count += 1
    options.onRow?.()
    // Let the page data drain to the file now and then (pdfkit writes as it goes).
    if (count % 500 === 0) await new Promise((resolve) => setImmediate(resolve))
  }
  if (count === 0)
    doc
      .font('regular')
      .fontSize(9)
      .text('No rows match these filters.', left, y + 6)
  doc.end()
  await closed
  return count
}
