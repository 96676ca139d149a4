// The printable documents of docs/product.md §5: a receipt per repayment and a statement per loan, as A4 PDFs.
// Layout only: every figure comes from ReceiptData / StatementData as the services computed it, so
// nothing here adds money up (a total printed here is a total the API reconciled).

import { formatNaira, formatPhone } from '@mp/domain'
import { formatDay, formatInstant, formatTerm, humanize } from './format.js'
import { figures, keyValues, notice } from './blocks.js'
import { COLORS, Flow, lineHeight } from './layout.js'
import { table, type Column, type Row } from './table.js'
import type { CompanyHeader, ReceiptData, StatementData } from './types.js'

const NONE = '—'

/** A PDF receipt for one repayment; says REVERSED plainly (banner and watermark) when it was reversed. */
export async function renderReceiptPdf(data: ReceiptData): Promise<Uint8Array> {
  const { company } = data
  const day = (iso: string): string => formatDay(iso, company.dateFormat)
  const title = `Payment receipt ${data.receiptNumber}`
  const flow = await Flow.open(
    {
      title,
      subject: `Repayment on loan ${data.loanNumber} by ${data.memberName}`,
      author: company.name,
      date: data.printedAt,
    },
    (f) => {
      runningHeader(f, company.name, `Receipt ${data.receiptNumber} (continued)`)
    },
  )

  letterhead(flow, company, 'Payment receipt', [
    `Receipt No. ${data.receiptNumber}`,
    `Loan No. ${data.loanNumber}`,
  ])

  if (data.reversal !== null) {
    notice(
      flow,
      'REVERSED',
      `This payment was reversed on ${day(data.reversal.reversedOn)} and no longer counts towards loan ` +
        `${data.loanNumber}. Reason: ${data.reversal.reason}`,
      { border: COLORS.danger, fill: COLORS.dangerFill, text: COLORS.danger },
    )
    flow.gap(8)
  }

  figures(flow, [
    { label: 'Amount received', value: formatNaira(data.amount), color: COLORS.accent },
    // After a reversal this figure is history (the notice above says why), so it is labelled as such.
    {
      label: data.reversal === null ? 'Balance after this payment' : 'Balance when the payment was posted',
      value: formatNaira(data.balanceAfter),
    },
  ])

  flow.heading('Payment details')
  keyValues(flow, [
    { label: 'Receipt number', value: data.receiptNumber, strong: true },
    { label: 'Loan number', value: data.loanNumber, strong: true },
    { label: 'Member', value: data.memberName },
    { label: 'Member code', value: data.memberCode },
    { label: 'Union', value: data.unionName },
    { label: 'Date paid', value: day(data.paidOn) },
    { label: 'Method', value: humanize(data.method) },
    { label: 'Reference', value: data.reference ?? NONE },
    { label: 'Received by', value: data.receivedBy },
    {
      label: 'Recorded at',
      value: withZone(formatInstant(data.postedAt, company.dateFormat, company.timeZone), company),
    },
    data.reversal === null
      ? { label: 'Status', value: 'Posted' }
      : { label: 'Status', value: 'REVERSED', strong: true, color: COLORS.danger },
  ])

  const columns: Column[] = [
    { header: 'Installment', weight: 1.1, align: 'center' },
    { header: 'Due date', weight: 1.3, shrink: true },
    { header: 'Principal', weight: 1.5, align: 'right', shrink: true },
    { header: 'Interest', weight: 1.4, align: 'right', shrink: true },
    { header: 'Fee', weight: 1.3, align: 'right', shrink: true },
    { header: 'Penalty', weight: 1.3, align: 'right', shrink: true },
    { header: 'Total', weight: 1.5, align: 'right', shrink: true },
  ]
  flow.heading('How the payment was applied', 2 * lineHeight(8) + 12)
  table(
    flow,
    columns,
    data.lines.map((line) => ({
      cells: [
        `#${line.sequence}`,
        day(line.dueDate),
        formatNaira(line.principal),
        formatNaira(line.interest),
        formatNaira(line.fee),
        formatNaira(line.penalty),
        { text: formatNaira(line.total), strong: true },
      ],
    })),
    { size: 8.5, emptyText: 'This payment was not applied to any installment.' },
  )
  if (data.notes !== null && data.notes.trim() !== '') {
    flow.heading('Notes', lineHeight(9))
    flow.paragraph(data.notes, { size: 9 })
  }

  flow.gap(14)
  flow.paragraph(
    data.reversal === null
      ? 'Thank you for your payment. Please keep this receipt as proof of payment.'
      : 'This receipt is kept for the record only. It is not proof of a payment that counts towards the loan.',
    { size: 8.5, color: COLORS.muted },
  )

  return flow.finish(
    { left: printedLine(data.printedAt, company), center: title },
    data.reversal === null ? undefined : { text: 'REVERSED', color: COLORS.danger },
  )
}

/** A PDF statement for one loan: terms, totals, the full schedule and every payment (reversed ones too). */
export async function renderStatementPdf(data: StatementData): Promise<Uint8Array> {
  const { company } = data
  const day = (iso: string): string => formatDay(iso, company.dateFormat)
  const title = `Loan statement ${data.loanNumber}`
  const flow = await Flow.open(
    {
      title,
      subject: `Statement of loan ${data.loanNumber} for ${data.memberName} as of ${data.asOf}`,
      author: company.name,
      date: data.printedAt,
    },
    (f) => {
      runningHeader(f, company.name, `Loan statement ${data.loanNumber} · ${data.memberName} (continued)`)
    },
  )

  letterhead(flow, company, 'Loan statement', [`Loan No. ${data.loanNumber}`, `As of ${day(data.asOf)}`])

  flow.heading('Loan')
  keyValues(flow, [
    { label: 'Member', value: data.memberName, strong: true },
    { label: 'Member code', value: data.memberCode },
    { label: 'Union', value: data.unionName },
    { label: 'Loan officer', value: data.officerName },
    { label: 'Loan type', value: data.loanTypeName },
    { label: 'Status', value: humanize(data.status), strong: true },
    { label: 'Principal', value: formatNaira(data.principal), strong: true },
    { label: 'Term', value: formatTerm(data.termCount, data.termUnit) },
    { label: 'Interest', value: data.interestDescription },
    { label: 'Processing fee', value: formatNaira(data.processingFee) },
    { label: 'Disbursed on', value: data.disbursedOn === null ? 'Not disbursed' : day(data.disbursedOn) },
    {
      label: 'Days past due',
      value: String(data.daysPastDue),
      ...(data.daysPastDue > 0 ? { strong: true, color: COLORS.danger } : {}),
    },
  ])
  flow.gap(10)
  figures(flow, [
    { label: 'Total due', value: formatNaira(data.totals.due) },
    { label: 'Total paid', value: formatNaira(data.totals.paid) },
    {
      label: 'Outstanding',
      value: formatNaira(data.totals.outstanding),
      color: data.totals.outstanding > 0 ? COLORS.accent : COLORS.text,
    },
    { label: 'Penalties accrued', value: formatNaira(data.totals.penaltiesAccrued) },
  ])

  const scheduleColumns: Column[] = [
    { header: '#', weight: 0.4, align: 'right' },
    { header: 'Due date', weight: 0.95, shrink: true },
    { header: 'Principal', weight: 1.15, align: 'right', shrink: true },
    { header: 'Interest', weight: 1.05, align: 'right', shrink: true },
    { header: 'Fee', weight: 0.85, align: 'right', shrink: true },
    { header: 'Penalty', weight: 0.9, align: 'right', shrink: true },
    { header: 'Total due', weight: 1.25, align: 'right', shrink: true },
    { header: 'Paid', weight: 1.2, align: 'right', shrink: true },
    { header: 'Outstanding', weight: 1.25, align: 'right', shrink: true },
    { header: 'Status', weight: 0.95 },
  ]
  const scheduleRows: Row[] = data.installments.map((inst) => ({
    cells: [
      String(inst.sequence),
      day(inst.dueDate),
      formatNaira(inst.due.principal),
      formatNaira(inst.due.interest),
      formatNaira(inst.due.fee),
      formatNaira(inst.due.penalty),
      formatNaira(inst.due.total),
      formatNaira(inst.paid.total),
      { text: formatNaira(inst.outstanding), strong: inst.outstanding > 0 },
      humanize(inst.state),
    ],
  }))
  if (scheduleRows.length > 0) {
    scheduleRows.push({
      strong: true,
      fill: COLORS.totalFill,
      cells: [
        '',
        'Totals',
        '',
        '',
        '',
        formatNaira(data.totals.penaltiesAccrued),
        formatNaira(data.totals.due),
        formatNaira(data.totals.paid),
        formatNaira(data.totals.outstanding),
        '',
      ],
    })
  }
  flow.gap(4)
  flow.heading('Repayment schedule', 2 * lineHeight(7.5) + 12)
  table(flow, scheduleColumns, scheduleRows, { size: 7.5, emptyText: 'No repayment schedule yet.' })
  if (data.installments.length > 0) {
    flow.gap(3)
    flow.paragraph(`Penalties and amounts due are as accrued on ${day(data.asOf)}.`, {
      size: 7.5,
      color: COLORS.muted,
    })
  }

  const paymentColumns: Column[] = [
    { header: 'Receipt', weight: 1.35 },
    { header: 'Paid on', weight: 1.0, shrink: true },
    { header: 'Method', weight: 1.05 },
    { header: 'Amount', weight: 1.2, align: 'right', shrink: true },
    { header: 'Principal', weight: 1.15, align: 'right', shrink: true },
    { header: 'Interest', weight: 1.05, align: 'right', shrink: true },
    { header: 'Fee', weight: 0.9, align: 'right', shrink: true },
    { header: 'Penalty', weight: 0.95, align: 'right', shrink: true },
    { header: 'Status', weight: 0.95 },
  ]
  flow.gap(4)
  flow.heading('Payments', 2 * lineHeight(7.5) + 12)
  table(
    flow,
    paymentColumns,
    data.payments.map((payment) => ({
      // A reversed payment stays listed for the record, greyed out, with its status in red.
      ...(payment.isReversed ? { color: COLORS.muted } : {}),
      cells: [
        payment.receiptNumber,
        day(payment.paidOn),
        humanize(payment.method),
        { text: formatNaira(payment.amount), strong: !payment.isReversed },
        formatNaira(payment.principal),
        formatNaira(payment.interest),
        formatNaira(payment.fee),
        formatNaira(payment.penalty),
        payment.isReversed ? { text: 'REVERSED', strong: true, color: COLORS.danger } : 'Posted',
      ],
    })),
    { size: 7.5, emptyText: 'No payments recorded.' },
  )
  if (data.payments.some((payment) => payment.isReversed)) {
    flow.gap(3)
    flow.paragraph('Reversed payments are listed for the record; they do not count towards the loan.', {
      size: 7.5,
      color: COLORS.muted,
    })
  }

  return flow.finish({ left: printedLine(data.printedAt, company), center: title })
}

/**
 * The first-page header: company name and contacts on the left, the document title and its key
 * numbers on the right, then an accent rule across the page.
 */
function letterhead(flow: Flow, company: CompanyHeader, title: string, facts: string[]): void {
  const top = flow.y
  const rightWidth = flow.width * 0.4
  const leftWidth = flow.width - rightWidth - 16
  const column = { x: flow.left, width: leftWidth, maxLines: 4 }
  let left = flow.place(
    flow.clean(company.name, 'bold'),
    { ...column, y: top },
    {
      font: 'bold',
      size: 15,
      color: COLORS.accent,
    },
  )
  left += 2
  // Phone and email share a line when they fit, and each get their own when they do not.
  const phone =
    company.phone === null || company.phone.trim() === '' ? null : `Tel: ${formatPhone(company.phone)}`
  const email = company.email === null || company.email.trim() === '' ? null : `Email: ${company.email}`
  const contactStyle = { size: 8.5, color: COLORS.muted }
  const together = phone !== null && email !== null ? flow.clean(`${phone}  ·  ${email}`) : null
  const contacts =
    together !== null && flow.widthOf(together, contactStyle) <= leftWidth
      ? [company.address, together]
      : [company.address, phone, email]
  for (const line of contacts) {
    if (line === null || line.trim() === '') continue
    left = flow.place(flow.clean(line), { ...column, y: left }, contactStyle)
  }
  const right = {
    x: flow.left + flow.width - rightWidth,
    width: rightWidth,
    align: 'right',
    maxLines: 4,
  } as const
  let rightY = flow.place(
    flow.clean(title.toUpperCase(), 'bold'),
    { ...right, y: top },
    { font: 'bold', size: 14 },
  )
  rightY += 2
  for (const fact of facts) rightY = flow.place(flow.clean(fact), { ...right, y: rightY }, { size: 9 })
  flow.y = Math.max(left, rightY) + 6
  flow.rule({ color: COLORS.accent, thickness: 1.5 })
  flow.gap(10)
}

/** Top of every page after the first: whose document this is, in one muted line. */
function runningHeader(flow: Flow, companyName: string, label: string): void {
  const size = 8
  const half = flow.width / 2
  const style = { size, color: COLORS.muted }
  const y = flow.y
  flow.place(
    flow.clean(companyName, 'bold'),
    { x: flow.left, y, width: half - 8, maxLines: 1 },
    {
      ...style,
      font: 'bold',
    },
  )
  flow.place(
    flow.clean(label),
    { x: flow.left + half - 8, y, width: half + 8, align: 'right', maxLines: 1 },
    style,
  )
  flow.y = y + lineHeight(size) + 2
  flow.rule()
  flow.gap(8)
}

function withZone(text: string, company: CompanyHeader): string {
  return `${text} (${company.timeZone})`
}

function printedLine(printedAt: Date, company: CompanyHeader): string {
  return `Printed ${withZone(formatInstant(printedAt, company.dateFormat, company.timeZone), company)}`
}
