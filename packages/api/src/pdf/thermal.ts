// The receipt on a thermal printer's roll (issue 15 item 6: field officers carry 58 mm and 80 mm
// printers): one narrow column, every text wrapped to it, the same figures as the A4 receipt and a page
// exactly as long as its content, so the printer feeds no blank paper. Layout only, like render.ts.

import { formatNaira, formatPhone } from '@mp/domain'
import { formatDay, formatInstant, humanize } from './format.js'
import type { FontName } from './fonts.js'
import { COLORS, Flow, lineHeight, type Align, type Paper } from './layout.js'
import type { ReceiptData } from './types.js'

export type RollWidth = 'thermal58' | 'thermal80'

// Printable width of the paper: 58 mm and 80 mm rolls (2.28 in and 3.15 in at 72 points an inch).
const ROLLS: Record<RollWidth, { width: number; size: number }> = {
  thermal58: { width: 164, size: 7.5 },
  thermal80: { width: 227, size: 8.5 },
}
const MARGIN = { left: 8, right: 8, top: 10, bottom: 14 }
// PDF's largest page side: the first pass lays the receipt out on a strip this long to measure it.
const LONGEST_PAGE = 14_400

/** A receipt on 58 mm or 80 mm roll paper, as long as its content. */
export async function renderThermalReceiptPdf(data: ReceiptData, roll: RollWidth): Promise<Uint8Array> {
  // Two passes over the same layout: the first measures how long the strip must be, the second prints
  // on a page of exactly that length.
  const measure = await openRoll(data, roll, LONGEST_PAGE)
  drawReceipt(measure, data, ROLLS[roll].size)
  const used = measure.y
  await measure.finish()
  const flow = await openRoll(data, roll, Math.min(LONGEST_PAGE, Math.ceil(used + MARGIN.bottom)))
  drawReceipt(flow, data, ROLLS[roll].size)
  return flow.finish()
}

function openRoll(data: ReceiptData, roll: RollWidth, height: number): Promise<Flow> {
  const paper: Paper = { width: ROLLS[roll].width, height, margin: MARGIN }
  return Flow.openRoll(
    {
      title: `Payment receipt ${data.receiptNumber}`,
      subject: `Repayment on loan ${data.loanNumber} by ${data.memberName}`,
      author: data.company.name,
      date: data.printedAt,
    },
    paper,
  )
}

function drawReceipt(flow: Flow, data: ReceiptData, size: number): void {
  const { company } = data
  const day = (iso: string): string => formatDay(iso, company.dateFormat)
  const instant = (value: Date): string =>
    `${formatInstant(value, company.dateFormat, company.timeZone)} (${company.timeZone})`
  const small = size - 1

  line(flow, company.name, { font: 'bold', size: size + 2, align: 'center' })
  for (const contact of [
    company.address,
    company.phone === null || company.phone.trim() === '' ? null : `Tel: ${formatPhone(company.phone)}`,
    company.email,
  ]) {
    if (contact !== null && contact.trim() !== '') line(flow, contact, { size: small, align: 'center' })
  }
  flow.gap(4)
  line(flow, 'PAYMENT RECEIPT', { font: 'bold', size: size + 1, align: 'center' })
  if (data.reversal !== null) {
    flow.gap(3)
    line(flow, `*** REVERSED on ${day(data.reversal.reversedOn)} ***`, {
      font: 'bold',
      size,
      align: 'center',
      color: COLORS.danger,
    })
    line(flow, `Reason: ${data.reversal.reason}`, { size: small, align: 'center', color: COLORS.danger })
    line(flow, `No longer counts towards loan ${data.loanNumber}.`, {
      size: small,
      align: 'center',
      color: COLORS.danger,
    })
  }
  divider(flow)

  for (const [label, value] of [
    ['Receipt No.', data.receiptNumber],
    ['Loan No.', data.loanNumber],
    ['Member', data.memberName],
    ['Member code', data.memberCode],
    ['Union', data.unionName],
    ['Date paid', day(data.paidOn)],
    ['Method', humanize(data.method)],
    ['Reference', data.reference ?? '—'],
    ['Received by', data.receivedBy],
    ['Recorded at', instant(data.postedAt)],
    ['Status', data.reversal === null ? 'Posted' : 'REVERSED'],
  ] as const) {
    pair(flow, label, value, size)
  }
  divider(flow)

  line(flow, 'Amount received', { size: small, align: 'center', color: COLORS.muted })
  line(flow, formatNaira(data.amount), { font: 'bold', size: size + 5, align: 'center', shrink: true })
  divider(flow)

  line(flow, 'How the payment was applied', { font: 'bold', size })
  if (data.lines.length === 0) line(flow, 'Not applied to any installment.', { size: small })
  for (const applied of data.lines) {
    flow.gap(2)
    pair(flow, `Installment #${String(applied.sequence)}`, `due ${day(applied.dueDate)}`, size, 'bold')
    pair(flow, 'Principal', formatNaira(applied.principal), size)
    pair(flow, 'Interest', formatNaira(applied.interest), size)
    pair(flow, 'Fee', formatNaira(applied.fee), size)
    pair(flow, 'Penalty', formatNaira(applied.penalty), size)
    pair(flow, 'Total', formatNaira(applied.total), size, 'bold')
  }
  divider(flow)
  pair(
    flow,
    data.reversal === null ? 'Balance after this payment' : 'Balance when the payment was posted',
    formatNaira(data.balanceAfter),
    size,
    'bold',
  )
  if (data.notes !== null && data.notes.trim() !== '') {
    divider(flow)
    line(flow, 'Notes', { font: 'bold', size })
    line(flow, data.notes, { size: small })
  }
  divider(flow)
  line(
    flow,
    data.reversal === null
      ? 'Thank you for your payment. Please keep this receipt as proof of payment.'
      : 'Kept for the record only: not proof of a payment that counts towards the loan.',
    { size: small, align: 'center' },
  )
  flow.gap(2)
  line(flow, `Printed ${instant(data.printedAt)}`, { size: small, align: 'center', color: COLORS.muted })
}

type LineStyle = { font?: FontName; size: number; align?: Align; color?: string; shrink?: boolean }

/** Text across the roll, wrapped (a figure shrinks to one line instead); moves the cursor below it. */
function line(flow: Flow, text: string, style: LineStyle): void {
  const font = style.font ?? 'regular'
  const clean = flow.clean(text, font)
  const size = style.shrink === true ? flow.shrinkToFit(clean, font, style.size, flow.width) : style.size
  flow.y = flow.place(
    clean,
    { x: flow.left, y: flow.y, width: flow.width, align: style.align ?? 'left' },
    { font, size, color: style.color ?? COLORS.text },
  )
}

/**
 * A label and its value: on one line (value to the right) when both fit, otherwise the label on its
 * own line and the value, wrapped, right-aligned below it.
 */
function pair(flow: Flow, label: string, value: string, size: number, font: FontName = 'regular'): void {
  const labelText = flow.clean(label, font)
  const valueText = flow.clean(value, font)
  const labelWidth = flow.widthOf(labelText, { font, size })
  const valueWidth = flow.widthOf(valueText, { font, size })
  const style = { font, size, color: COLORS.text }
  const top = flow.y
  if (labelWidth + 6 + valueWidth <= flow.width) {
    flow.place(labelText, { x: flow.left, y: top, width: labelWidth + 1 }, { ...style, color: COLORS.muted })
    flow.place(
      valueText,
      { x: flow.left + flow.width - valueWidth - 1, y: top, width: valueWidth + 1, align: 'right' },
      style,
    )
    flow.y = top + lineHeight(size)
    return
  }
  const below = flow.place(
    labelText,
    { x: flow.left, y: top, width: flow.width },
    { ...style, color: COLORS.muted },
  )
  flow.y = flow.place(valueText, { x: flow.left, y: below, width: flow.width, align: 'right' }, style)
}

/** A dashed rule across the roll, with a little space around it. */
function divider(flow: Flow): void {
  flow.gap(4)
  flow.doc
    .save()
    .moveTo(flow.left, flow.y)
    .lineTo(flow.left + flow.width, flow.y)
    .dash(2, { space: 2 })
    .lineWidth(0.5)
    .strokeColor(COLORS.muted)
    .stroke()
    .undash()
    .restore()
  flow.gap(4)
}
