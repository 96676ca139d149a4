import type { Loan, LoanType } from '@mp/db'
import {
  meetingDueDates,
  type IsoDate,
  type MeetingRule,
  type ScheduleInput,
  type WorkingCalendar,
} from '@mp/domain'
import { loadCompanyCalendar } from './calendar.js'
import type { Db } from './loan-core.js'
import { unionMeetingRule } from './union-meetings.js'

/**
 * Where a loan's installments fall (docs/lending.md "Working days and holidays", "Union meetings"): on
 * the union's meetings when the loan follows them and the union has a meeting rule, else every period
 * from the start date; either way a date on a non-working day of the company calendar moves by the
 * loan's rule. Read when the schedule is built: at disbursement the dates are written to
 * loan_installment and never recomputed, so a later change of the union's meeting day or of the calendar
 * moves only loans disbursed afterwards.
 */

/** The product's settings, copied onto the loan at booking. */
export type DateTerms = {
  followsMeetings: boolean
  meetingMinGapDays: number
  nonWorkingDayRule: LoanType['non_working_day_rule']
}

/** What the dates depend on outside the loan, as of the day the schedule is built. */
type DateFacts = { calendar: WorkingCalendar; meeting: MeetingRule | null }

type ScheduleDateOptions = Pick<ScheduleInput, 'dueDates' | 'calendar' | 'nonWorkingDayRule'>

export function dateTermsOf(
  loan: Pick<Loan, 'follows_meetings' | 'meeting_min_gap_days' | 'non_working_day_rule'>,
): DateTerms {
  return {
    followsMeetings: loan.follows_meetings,
    meetingMinGapDays: loan.meeting_min_gap_days,
    nonWorkingDayRule: loan.non_working_day_rule,
  }
}

/** The company calendar and, for a loan that follows meetings, its union's meeting rule. */
async function loadDateFacts(db: Db, terms: DateTerms, unionId: string): Promise<DateFacts> {
  const [calendar, meeting] = await Promise.all([
    loadCompanyCalendar(db),
    terms.followsMeetings ? unionMeetingRule(db, unionId) : Promise.resolve(null),
  ])
  return { calendar, meeting }
}

/**
 * The schedule options that place the installments. The first meeting counts from `startDate` (the
 * disbursement day unless a later start was given); a loan whose repayment frequency cannot follow the
 * union's meetings is refused by @mp/domain (400 naming both).
 */
function scheduleDates(
  terms: DateTerms,
  facts: DateFacts,
  loan: { termCount: number; termUnit: Loan['term_unit']; startDate: IsoDate },
): ScheduleDateOptions {
  const options: ScheduleDateOptions = {
    calendar: facts.calendar,
    nonWorkingDayRule: terms.nonWorkingDayRule,
  }
  if (!terms.followsMeetings || facts.meeting === null) return options
  return {
    ...options,
    dueDates: meetingDueDates({
      meeting: facts.meeting,
      disbursementDate: loan.startDate,
      minGapDays: terms.meetingMinGapDays,
      termUnit: loan.termUnit,
      termCount: loan.termCount,
    }),
  }
}

/** The dates of a loan of `terms` in the union, as they would be built today; throws when they cannot be. */
export async function loanScheduleDates(
  db: Db,
  terms: DateTerms,
  unionId: string,
  loan: { termCount: number; termUnit: Loan['term_unit']; startDate: IsoDate },
): Promise<ScheduleDateOptions> {
  return scheduleDates(terms, await loadDateFacts(db, terms, unionId), loan)
}
