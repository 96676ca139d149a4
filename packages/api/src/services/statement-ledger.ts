import { formatNaira, type LoanPosition } from '@mp/domain'
import type { StatementData, StatementLine, StatementMoney, StatementSplit } from '../pdf/types.js'

// The payments part of a loan statement as a ledger (issue 15 item 6): every payment with what it paid,
// a reversed one too (the split it had, as stored when it was reversed), and its reversal as a line of
// its own on the reversal date that takes the same amounts back. The running balance starts from the
// total due and moves by each line's amounts, so every step can be checked by hand and the last balance
// is the loan's outstanding amount to the kobo.

/** A repayment row as the statement reads it. */
export type StatementRepayment = {
  id: string
  receipt_number: string
  paid_on: string
  amount: number
  method: string
  created_at: Date
  reversed_at: Date | null
  reversed_on: string | null
  reversal_reason: string | null
  /** The allocation the payment had when it was reversed (repayment.reversed_allocation). */
  reversedSplit: StatementSplit | null
}

/** Something other than money that changed what is owed (a waiver, a reschedule), as one line. */
export type StatementChange = { date: string; description: string; effect: number }

const NO_SPLIT: StatementSplit = { principal: 0, interest: 0, fee: 0, penalty: 0 }

function totalOf(split: StatementSplit): number {
  return split.principal + split.interest + split.fee + split.penalty
}

function negated(split: StatementSplit): StatementSplit {
  return {
    principal: -split.principal,
    interest: -split.interest,
    fee: -split.fee,
    penalty: -split.penalty,
  }
}

type Entry = Omit<StatementLine, 'balance'> & { at: number; effect: number }

export function statementLedger(options: {
  repayments: readonly StatementRepayment[]
  position: LoanPosition | null
  changes?: readonly StatementChange[]
  asOf: string
}): Pick<StatementData, 'openingBalance' | 'lines' | 'lineTotals'> {
  const { position } = options
  const applied = new Map((position?.repayments ?? []).map((r) => [r.id, r.lines]))
  const entries: Entry[] = []
  for (const r of options.repayments) {
    const isReversed = r.reversed_at !== null
    // A live payment's split is the lending engine's (the schedule's paid columns add up from the same
    // figures); a reversed one keeps the split it had when it was taken back.
    const lines = applied.get(r.id) ?? []
    const split: StatementSplit = isReversed
      ? (r.reversedSplit ?? NO_SPLIT)
      : {
          principal: lines.reduce((sum, line) => sum + line.principal, 0),
          interest: lines.reduce((sum, line) => sum + line.interest, 0),
          fee: lines.reduce((sum, line) => sum + line.fee, 0),
          penalty: lines.reduce((sum, line) => sum + line.penalty, 0),
        }
    entries.push({
      kind: 'PAYMENT',
      date: r.paid_on,
      receiptNumber: r.receipt_number,
      detail: r.method,
      money: { amount: r.amount, ...split },
      isReversed,
      at: r.created_at.getTime(),
      effect: totalOf(split),
    })
    if (r.reversed_at !== null && r.reversed_on !== null) {
      entries.push({
        kind: 'REVERSAL',
        date: r.reversed_on,
        receiptNumber: r.receipt_number,
        detail: `Reversal${r.reversal_reason === null || r.reversal_reason === '' ? '' : `: ${r.reversal_reason}`}`,
        money: { amount: -r.amount, ...negated(split) },
        isReversed: false,
        at: r.reversed_at.getTime(),
        effect: -totalOf(split),
      })
    }
  }
  for (const change of options.changes ?? []) {
    entries.push({
      kind: 'CHANGE',
      date: change.date,
      receiptNumber: '',
      detail: change.description,
      money: null,
      isReversed: false,
      at: Number.MAX_SAFE_INTEGER,
      effect: change.effect,
    })
  }
  entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.at - b.at))

  const openingBalance = position?.totals.due.total ?? 0
  let balance = openingBalance
  const lines: StatementLine[] = entries.map(({ at: _at, effect, ...line }) => {
    balance -= effect
    return { ...line, balance }
  })
  // Whatever else moved the amount owed (a waiver or reschedule not listed above) is one line, so the
  // balance still ends on the outstanding amount instead of silently disagreeing with it.
  const outstanding = position?.payoffAmount ?? 0
  if (balance !== outstanding) {
    lines.push({
      kind: 'CHANGE',
      date: options.asOf,
      receiptNumber: '',
      detail: `Waivers and rescheduling: ${formatNaira(outstanding - balance)}`,
      money: null,
      isReversed: false,
      balance: outstanding,
    })
  }
  const moved = lines.flatMap((line) => (line.money === null ? [] : [line.money]))
  const sum = (key: keyof StatementMoney): number => moved.reduce((total, money) => total + money[key], 0)
  return {
    openingBalance,
    lines,
    lineTotals: {
      amount: sum('amount'),
      principal: sum('principal'),
      interest: sum('interest'),
      fee: sum('fee'),
      penalty: sum('penalty'),
    },
  }
}
