#!/usr/bin/env node
// Print a repayment schedule in ₦ from terms given on the command line, using the built package.
//
//   pnpm --filter @mp/domain build      (in the repository; an installed package is already built)
//   node examples/schedule-table.mjs --principal 100000 --term 12 --unit WEEK --start 2025-01-06 \
//     --method FLAT --rate 0.10 --basis PER_TERM [--rounding HALF_UP] [--multiple 10] [--fee 1500 | --fee-rate 0.02] [--explain]
//
// Amounts (principal, multiple, fee) are in naira; rates are decimal strings.
import { parseArgs } from 'node:util'

import {
  buildSchedule,
  costOfCredit,
  explainSchedule,
  formatNaira,
  formatPercent,
  isDomainError,
  parseNaira,
} from '@mp/domain'

const usage = `Usage: node examples/schedule-table.mjs --principal <naira> --term <count> --unit DAY|WEEK|MONTH --start YYYY-MM-DD
       [--method NONE|FLAT|DECLINING_ANNUITY|DECLINING_EQUAL_PRINCIPAL] [--rate <decimal>] [--basis PER_TERM|PER_PERIOD]
       [--rounding HALF_EVEN|HALF_UP] [--multiple <naira>] [--fee <naira> | --fee-rate <decimal>] [--explain]`

function readTerms(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      principal: { type: 'string' },
      term: { type: 'string' },
      unit: { type: 'string', default: 'WEEK' },
      start: { type: 'string' },
      method: { type: 'string', default: 'NONE' },
      rate: { type: 'string', default: '0' },
      basis: { type: 'string', default: 'PER_TERM' },
      rounding: { type: 'string', default: 'HALF_EVEN' },
      multiple: { type: 'string' },
      fee: { type: 'string' },
      'fee-rate': { type: 'string' },
      explain: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  if (
    values.help ||
    values.principal === undefined ||
    values.term === undefined ||
    values.start === undefined
  ) {
    console.log(usage)
    process.exit(values.help ? 0 : 2)
  }
  const interest =
    values.method === 'FLAT'
      ? { method: 'FLAT', rate: values.rate, basis: values.basis }
      : values.method === 'NONE'
        ? { method: 'NONE' }
        : { method: values.method, ratePerPeriod: values.rate }
  const processingFee =
    values.fee !== undefined
      ? { kind: 'FLAT', amount: parseNaira(values.fee, { field: 'fee' }) }
      : values['fee-rate'] !== undefined
        ? { kind: 'PERCENT_OF_PRINCIPAL', rate: values['fee-rate'] }
        : undefined
  return {
    explain: values.explain,
    input: {
      principal: parseNaira(values.principal, { field: 'principal' }),
      termCount: Number(values.term),
      termUnit: values.unit,
      startDate: values.start,
      interest,
      rounding: values.rounding,
      ...(values.multiple === undefined
        ? {}
        : { installmentMultiple: parseNaira(values.multiple, { field: 'multiple' }) }),
      ...(processingFee === undefined ? {} : { processingFee }),
    },
  }
}

function printTable(input, explain) {
  const schedule = buildSchedule(input)
  const header = ['#', 'Due date', 'Principal', 'Interest', 'Installment', 'Balance']
  const rows = []
  let balance = input.principal
  for (const inst of schedule.installments) {
    balance -= inst.principal
    rows.push([
      String(inst.sequence),
      inst.dueDate,
      formatNaira(inst.principal),
      formatNaira(inst.interest),
      formatNaira(inst.total),
      formatNaira(balance),
    ])
  }
  const totals = [
    '',
    'Total',
    formatNaira(schedule.totalPrincipal),
    formatNaira(schedule.totalInterest),
    formatNaira(schedule.total),
    '',
  ]
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length), totals[i].length))
  const line = (cells) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  console.log(line(header))
  console.log(rule)
  for (const row of rows) console.log(line(row))
  console.log(rule)
  console.log(line(totals))
  console.log('')
  console.log(`Processing fee (collected at disbursement): ${formatNaira(schedule.processingFee)}`)
  const cost = costOfCredit({
    principal: input.principal,
    installments: schedule.installments,
    termUnit: input.termUnit,
    processingFee: schedule.processingFee,
  })
  console.log(
    `Cost of credit: ${formatPercent(cost.periodicRate, 4)} per period, APR ${formatPercent(cost.apr)}, effective ${formatPercent(cost.effectiveAnnualRate)} a year`,
  )
  if (explain) {
    console.log('')
    for (const inst of explainSchedule(input).installments) {
      console.log(`${inst.total}\n  ${inst.principal}\n  ${inst.interest}`)
    }
  }
}

try {
  const { input, explain } = readTerms(process.argv.slice(2))
  printTable(input, explain)
} catch (error) {
  if (isDomainError(error)) {
    console.error(`Cannot build this schedule: ${error.message}`)
    process.exit(1)
  }
  if (error instanceof TypeError && error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    console.error(`${error.message}\n${usage}`)
    process.exit(2)
  }
  throw error
}
