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

/** A PDF receipt for one repayment; says REVERSED plainly (banner, status, footer) when it was reversed. */
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
      `REVERSED on ${day(data.reversal.reversedOn)}`,
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

  // No diagonal watermark: printed over the figures it made them hard to read (issue 15 item 6). The
  // banner, the status line and every page's footer say REVERSED instead.
  return flow.finish({
    left: printedLine(data.printedAt, company),
    center: data.reversal === null ? title : `${title} · REVERSED`,
  })
}

/** The bold, shaded last row of a table. */
function totalsRow(cells: string[]): Row {
  return { strong: true, fill: COLORS.totalFill, cells }
}

// The four parts of an amount, as the schedule and the payments ledger print them.
const SPLIT_COLUMNS: Column[] = [
  { header: 'Principal', weight: 1.15, align: 'right', shrink: true },
  { header: 'Interest', weight: 1.05, align: 'right', shrink: true },
  { header: 'Fee', weight: 0.85, align: 'right', shrink: true },
  { header: 'Penalty', weight: 0.9, align: 'right', shrink: true },
]

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
    ...(data.topUp
      ? [
          { label: 'Top-up of', value: `Loan ${data.topUp.loanNumber}` },
          ...(data.topUp.payoff === null || data.topUp.cashToMember === null
            ? []
            : [
                { label: 'Paid off from principal', value: formatNaira(data.topUp.payoff) },
                { label: 'Cash to member', value: formatNaira(data.topUp.cashToMember), strong: true },
              ]),
        ]
      : []),
    ...(data.paidOffBy
      ? [
          {
            label: 'Paid off by',
            value: `Top-up ${data.paidOffBy.loanNumber} on ${day(data.paidOffBy.date)}`,
            strong: true,
          },
        ]
      : []),
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
    ...SPLIT_COLUMNS,
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
    scheduleRows.push(
      totalsRow([
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
      ]),
    )
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

  flow.gap(4)
  flow.heading('Payments', 3 * lineHeight(7.5) + 12)
  ledgerTable(flow, data, day)

  return flow.finish({ left: printedLine(data.printedAt, company), center: title })
}

const LEDGER_COLUMNS: Column[] = [
  { header: 'Date', weight: 0.95, shrink: true },
  { header: 'Receipt', weight: 1.25 },
  { header: 'Details', weight: 1.9 },
  { header: 'Amount', weight: 1.15, align: 'right', shrink: true },
  ...SPLIT_COLUMNS,
  { header: 'Balance', weight: 1.2, align: 'right', shrink: true },
]

/**
 * The payments as a ledger: the total due to start from, every payment with its split and the balance
 * after it, a reversed payment with the split it had (marked REVERSED) and its reversal taking it back,
 * then the column totals, which are what the loan has been paid.
 */
function ledgerTable(flow: Flow, data: StatementData, day: (iso: string) => string): void {
  const money = (kobo: number): string => formatNaira(kobo)
  const rows: Row[] = data.lines.map((line) => {
    const figures =
      line.money === null
        ? ['', '', '', '', '']
        : [
            money(line.money.amount),
            money(line.money.principal),
            money(line.money.interest),
            money(line.money.fee),
            money(line.money.penalty),
          ]
    const detail = line.kind === 'PAYMENT' ? humanize(line.detail) : line.detail
    return {
      // A reversed payment and its reversal stay listed for the record, greyed out; they cancel out.
      ...(line.isReversed || line.kind === 'REVERSAL' ? { color: COLORS.muted } : {}),
      cells: [
        day(line.date),
        line.receiptNumber,
        line.isReversed
          ? { text: `${detail} · REVERSED`, strong: true, color: COLORS.danger }
          : line.kind === 'REVERSAL'
            ? { text: detail, color: COLORS.danger }
            : detail,
        ...figures,
        { text: money(line.balance), strong: true },
      ],
    }
  })
  if (rows.length > 0) {
    rows.unshift({
      cells: ['', '', 'Total due', '', '', '', '', '', money(data.openingBalance)],
    })
    const totals = data.lineTotals
    rows.push(
      totalsRow([
        '',
        'Totals',
        '',
        money(totals.amount),
        money(totals.principal),
        money(totals.interest),
        money(totals.fee),
        money(totals.penalty),
        money(data.lines.at(-1)?.balance ?? data.openingBalance),
      ]),
    )
  }
  table(flow, LEDGER_COLUMNS, rows, { size: 7.5, emptyText: 'No payments recorded.' })
  if (rows.length > 0) {
    flow.gap(3)
    flow.paragraph(
      `Balance: what is left of the total due as of ${day(data.asOf)} (schedule and penalties accrued) ` +
        'after each line. A reversed payment keeps what it had paid and its reversal takes the same ' +
        'amounts back, so neither counts towards the loan.',
      { size: 7.5, color: COLORS.muted },
    )
  }
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
