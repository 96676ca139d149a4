import { addDays, fromDayNumber, toDayNumber } from './calendar.js'
import { DomainError, describeValue } from './errors.js'
import { formatNaira, formatNairaExact } from './money.js'
import type { PenaltyInput } from './penalties.js'
import { normalizePenaltyRule, penaltyAccrual } from './penalties.js'
import { rational, toDecimalString } from './rational.js'
import type { ScheduleInput } from './schedule.js'
import { computeSchedule } from './schedule.js'

/**
 * "Why is this number what it is?" Each figure the engine produces can be shown with the line of arithmetic
 * behind it, in naira, so an officer can check it by hand (and so can a borrower disputing a kobo).
 */
export type InstallmentExplanation = {
  sequence: number
  dueDate: string
  principal: string
  interest: string
  fee: string
  total: string
}

export type ScheduleExplanation = { installments: InstallmentExplanation[]; processingFee: string }

export function explainSchedule(input: ScheduleInput): ScheduleExplanation {
  const { schedule, reasons, processingFeeReason } = computeSchedule(input, { explain: true })
  const installments = schedule.installments.map((inst, index) => {
    const reason = reasons[index]
    return {
      sequence: inst.sequence,
      dueDate: inst.dueDate,
      principal: `Principal ${formatNaira(inst.principal)}: ${reason?.principal ?? ''}.`,
      interest: `Interest ${formatNaira(inst.interest)}: ${reason?.interest ?? ''}.`,
      fee: `Fee ${formatNaira(inst.fee)}: the processing fee is collected at disbursement, not in installments.`,
      total: `Installment ${inst.sequence} due ${inst.dueDate}: principal ${formatNaira(inst.principal)} + interest ${formatNaira(inst.interest)} + fee ${formatNaira(inst.fee)} = ${formatNaira(inst.total)}.`,
    }
  })
  return { installments, processingFee: processingFeeReason }
}

/** The explanation of one installment (by sequence, 1-based). */
export function explainInstallment(input: ScheduleInput, sequence: number): InstallmentExplanation {
  const found = explainSchedule(input).installments.find((inst) => inst.sequence === sequence)
  if (found === undefined) {
    throw new DomainError({
      code: 'INVALID_OPTION',
      message: `Installment ${describeValue(sequence)} does not exist; this schedule has installments 1 to ${input.termCount}.`,
      details: { field: 'sequence', limit: input.termCount },
    })
  }
  return found
}

/** The arithmetic of a penalty as of a date, segment by segment (vectors/penalties.json shows the rule). */
export function explainPenalty(input: PenaltyInput): string {
  const accrual = penaltyAccrual(input)
  const rule = normalizePenaltyRule(input.rule)
  const rounding = input.rounding ?? 'HALF_EVEN'
  const head = `Installment due ${input.dueDate}, as of ${input.asOf}`
  if (accrual.daysLate <= 0) return `${head}: not overdue, no penalty.`
  const graceText = `${rule.graceDays} grace day${rule.graceDays === 1 ? '' : 's'}, ${rule.mode}`
  const due = toDayNumber(input.dueDate)
  const parts = accrual.segments.map((segment) => {
    const from = fromDayNumber(due + segment.firstDay)
    const to = addDays(input.dueDate, segment.lastDay)
    const span = from === to ? from : `${from}–${to}`
    if (segment.chargeableDays === 0) return `${span} on ${formatNaira(segment.base)}: no chargeable days`
    if (rule.kind === 'FIXED_PER_DAY') {
      return `${span}: ${formatNaira(rule.amountPerDay)} × ${segment.chargeableDays} days = ${formatNaira(segment.amount)}`
    }
    const exact = rational(
      BigInt(segment.base) * rule.rate.num * BigInt(segment.chargeableDays),
      rule.rate.den,
    )
    const result =
      exact.den === 1n
        ? formatNaira(segment.amount)
        : `${formatNairaExact(exact)} → ${formatNaira(segment.amount)} (${rounding})`
    return `${span}: ${formatNaira(segment.base)} × ${toDecimalString(rule.rate)} × ${segment.chargeableDays} days = ${result}`
  })
  const capText =
    rule.cap !== null && accrual.uncapped > rule.cap ? `; capped at ${formatNaira(rule.cap)}` : ''
  return `${head}: ${accrual.daysLate} days late, ${graceText}. ${parts.join('; ')}. Penalty ${formatNaira(accrual.amount)}${capText}.`
}
