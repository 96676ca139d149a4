// @mp/domain: the lending rules as pure functions (no I/O, no `node:` imports; runs in the browser too).
// This file is the only public entry point; every module below is re-exported whole or in part.

export type { DomainErrorCode, DomainErrorDetails } from './errors.js'
export { DOMAIN_ERROR_CODES, DomainError, isDomainError } from './errors.js'

export type { Rational, RoundingMode } from './rational.js'
export {
  ROUNDING_MODES,
  add as addRational,
  compare as compareRational,
  div as divRational,
  mul as mulRational,
  parseDecimal,
  rational,
  roundDiv,
  roundRational,
  sub as subRational,
  toDecimalString,
  toFixedString,
} from './rational.js'

export type { Kobo } from './money.js'
export {
  MAX_KOBO,
  applyRate,
  assertKobo,
  formatNaira,
  formatNairaExact,
  parseNaira,
  sumKobo,
} from './money.js'

export type { IsoDate, TermUnit } from './calendar.js'
export {
  DEFAULT_TIME_ZONE,
  TERM_UNITS,
  addDays,
  addMonths,
  addPeriods,
  addWeeks,
  assertIsoDate,
  compareDates,
  daysBetween,
  daysInMonth,
  dueDates,
  isIsoDate,
  isoWeekday,
  todayIn,
} from './calendar.js'

export type { ProcessingFeeInput, ProcessingFeeRule } from './fees.js'
export { processingFee, processingFeeWithReason } from './fees.js'

export type {
  FlatRateBasis,
  Installment,
  InterestMethod,
  InterestTerms,
  Schedule,
  ScheduleInput,
} from './schedule.js'
export {
  INTEREST_METHODS,
  MAX_RATE,
  MAX_TERM_COUNT,
  buildSchedule,
  periodsPerYear,
  scheduleDates,
} from './schedule.js'

export type {
  NormalizedPenaltyRule,
  PenaltyClosedForm,
  PenaltyAccrual,
  PenaltyBase,
  PenaltyBaseChange,
  PenaltyInput,
  PenaltyMode,
  PenaltyRule,
  PenaltySegment,
} from './penalties.js'
export {
  MAX_GRACE_DAYS,
  normalizePenaltyRule,
  penaltyAccrual,
  penaltyAsOf,
  penaltyClosedForm,
  penaltyDailyPostings,
  penaltyFromClosedForm,
} from './penalties.js'

export type {
  Allocation,
  AllocationInput,
  AllocationLine,
  AllocationOrder,
  AllocationPlan,
  Component,
  OwedInstallment,
} from './allocation.js'
export {
  ALLOCATION_ORDERS,
  DEFAULT_COMPONENT_ORDER,
  PRINCIPAL_FIRST_COMPONENT_ORDER,
  allocatePayment,
} from './allocation.js'

export type {
  AppliedRepayment,
  AppliedReschedule,
  AppliedWaiver,
  ComponentAmounts,
  InstallmentAllocation,
  InstallmentPosition,
  InstallmentState,
  LoanEvent,
  LoanHistoryEvent,
  LoanPosition,
  OverdueInterestTreatment,
  PenaltyTreatment,
  LoanPositionStatus,
  PositionInput,
  RepaymentEvent,
  RepaymentPlan,
  RescheduleEvent,
  ReversalEvent,
  ScheduledInstallment,
  WaiverEvent,
} from './position.js'
export { DEFAULT_DEFAULT_AFTER_DAYS, loanPosition, planRepayment } from './position.js'

export type {
  Actor,
  LoanForTransition,
  LoanStatus,
  LoanTransition,
  StaffRole,
  TransitionDecision,
  TransitionDenial,
} from './status.js'
export {
  LIVE_LOAN_STATUSES,
  LOAN_STATUSES,
  REPAYABLE_LOAN_STATUSES,
  TRANSITIONS,
  applyTransition,
  automaticTransition,
  canTransition,
} from './status.js'

export type {
  AgingBucket,
  InstallmentDue,
  ParResult,
  Period,
  PortfolioLoan,
  ProvisionClass,
  ProvisionResult,
  ProvisionTier,
  Ratio,
} from './kpi.js'
export {
  AGING_BUCKETS,
  CBN_MFB_PROVISIONING,
  agingBucket,
  agingBuckets,
  arrearsRate,
  collectionEfficiency,
  installmentDues,
  onTimeRate,
  portfolioAtRisk,
  provisioning,
  ratioString,
} from './kpi.js'

export type { CostOfCredit } from './apr.js'
export { costOfCredit, formatPercent, internalRateOfReturn } from './apr.js'

export type { DateFormatOptions } from './display.js'
export { DEFAULT_DATE_FORMAT, formatDate, formatDateTime } from './display.js'
export { formatPhone } from './phone.js'

export type { InstallmentExplanation, ScheduleExplanation } from './explain.js'
export { explainInstallment, explainPenalty, explainSchedule } from './explain.js'

export type {
  AnnualHoliday,
  DueDateMove,
  NonWorkingDayRule,
  ResolvedCalendar,
  WorkingCalendar,
} from './working-days.js'
export {
  DEFAULT_WEEKEND_DAYS,
  MONTH_NAMES,
  NIGERIAN_FIXED_HOLIDAYS,
  NON_WORKING_DAY_RULES,
  adjustDueDate,
  adjustDueDates,
  isWorkingDay,
  nigerianFixedHolidays,
  resolveCalendar,
} from './working-days.js'

export type { MeetingFrequency, MeetingRule, MeetingScheduleInput } from './meetings.js'
export {
  MAX_MEETINGS,
  MEETING_FREQUENCIES,
  checkMeetingRule,
  meetingDates,
  meetingDueDates,
  nextMeeting,
} from './meetings.js'

export type {
  LoanHistory,
  RescheduleInput,
  RescheduleResult,
  RescheduleTerms,
  RestructureInput,
  RestructureResult,
} from './reschedule.js'
export { rescheduleLoan, restructureLoan } from './reschedule.js'

export type { WaiverLimitDecision, WaiverLimits, WaiverPlan, WaiverRequest } from './waivers.js'
export { checkWaiverLimit, planWaiver } from './waivers.js'

export type { PayoffQuote, TopUpSplit } from './top-up.js'
export { payoffAmount, payoffQuote, topUpSplit } from './top-up.js'

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password.js'
