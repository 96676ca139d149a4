import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable, Updateable } from 'kysely'

/** Instants: written as Date or ISO string, read as Date. */
type Timestamp = ColumnType<Date, Date | string, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>
type Json = ColumnType<unknown, string | undefined, string>

export type StaffRole = 'ADMIN' | 'SUPERVISOR' | 'CREDIT_OFFICER'
export const STAFF_ROLES: readonly StaffRole[] = ['ADMIN', 'SUPERVISOR', 'CREDIT_OFFICER']

export type StaffUserTable = {
  id: Generated<string>
  email: string
  first_name: string
  last_name: string
  phone: string | null
  role: StaffRole
  supervisor_id: string | null
  password_hash: string
  must_change_password: Generated<boolean>
  is_active: Generated<boolean>
  failed_login_count: Generated<number>
  locked_until: Timestamp | null
  last_login_at: Timestamp | null
  last_activity_at: Timestamp | null
  login_count: Generated<number>
  /** When the user finished or closed the web app's tour; null until then (docs/web-app.md). */
  tour_seen_at: Timestamp | null
  created_at: CreatedAt
  updated_at: UpdatedAt
}

export type SessionTable = {
  id: string
  user_id: string
  created_at: CreatedAt
  expires_at: Timestamp
  absolute_expires_at: Timestamp
  is_persistent: Generated<boolean>
  ip: string | null
  user_agent: string | null
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>
}

export type LoginHistoryTable = {
  id: Generated<string>
  user_id: string | null
  email: string
  is_success: boolean
  failure_reason: string | null
  ip: string | null
  user_agent: string | null
  created_at: CreatedAt
}

export type CompanySettingsTable = {
  id: Generated<'default'>
  name: string
  contact_email: string | null
  contact_phone: string | null
  address: string | null
  logo_url: string | null
  currency: Generated<string>
  currency_symbol: Generated<string>
  date_format: Generated<string>
  timezone: Generated<string>
  primary_color: Generated<string>
  secondary_color: Generated<string>
  is_maintenance_mode: Generated<boolean>
  maintenance_message: string | null
  default_after_days_past_due: Generated<number>
  penalty_grace_days: Generated<number>
  /** ISO weekdays never worked (1 = Monday … 7 = Sunday); Saturday and Sunday by default. */
  weekend_days: Generated<number[]>
  /** Largest waiver (kobo) each staff role may approve alone, e.g. {"SUPERVISOR": 500000}; missing = none. */
  waiver_limits: Json
  updated_at: UpdatedAt
  updated_by: string | null
}

export type AuditLogTable = {
  id: Generated<string>
  actor_id: string | null
  actor_email: string | null
  action: string
  entity_type: string
  entity_id: string | null
  before: Json | null
  after: Json | null
  ip: string | null
  user_agent: string | null
  request_id: string | null
  created_at: CreatedAt
}

export type StaffNoteTable = {
  id: Generated<string>
  /** The staff user the note is about. */
  staff_id: string
  author_id: string
  body: string
  is_private: Generated<boolean>
  created_at: CreatedAt
  updated_at: UpdatedAt
  /** Soft delete: set instead of removing the row. */
  deleted_at: Timestamp | null
}

export type MeetingDay = 'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY' | 'SUNDAY'
export type MeetingFrequency = 'WEEKLY' | 'BIWEEKLY' | 'MONTHLY_WEEKDAY' | 'MONTHLY_DATE'
export type NonWorkingDayRule = 'next' | 'previous'
export type Gender = 'MALE' | 'FEMALE'
export type MaritalStatus = 'SINGLE' | 'MARRIED' | 'DIVORCED' | 'WIDOWED' | 'SEPARATED'
export type DocumentOwnerType = 'MEMBER' | 'GUARANTOR' | 'LOAN'
export type DocumentStorage = 'LOCAL' | 'CLOUDINARY'
/** A calendar date without time, 'YYYY-MM-DD' (the date parser keeps it a string). */
export type IsoDate = string

export type UnionTable = {
  id: Generated<string>
  name: string
  location: string | null
  address: string | null
  meeting_day: MeetingDay | null
  /** With meeting_day as the weekday; MONTHLY_DATE uses meeting_day_of_month. */
  meeting_frequency: MeetingFrequency | null
  /** MONTHLY_WEEKDAY: 1–4, or -1 for the last such weekday of the month. */
  meeting_week: number | null
  /** MONTHLY_DATE: 1–28, or -1 for the last day of the month. */
  meeting_day_of_month: number | null
  /** BIWEEKLY: one meeting date the fortnights are counted from. */
  meeting_anchor_date: IsoDate | null
  credit_officer_id: string
  created_by: string | null
  created_at: CreatedAt
  updated_at: UpdatedAt
  deleted_at: Timestamp | null
}

export type UnionAssignmentTable = {
  id: Generated<string>
  union_id: string
  from_officer_id: string | null
  to_officer_id: string
  reason: string
  actor_id: string | null
  created_at: CreatedAt
}

export type MemberTable = {
  id: Generated<string>
  /** MEM000001… from a sequence. */
  code: Generated<string>
  union_id: string
  first_name: string
  middle_name: string | null
  last_name: string
  phone: string | null
  email: string | null
  address: string | null
  date_of_birth: IsoDate | null
  gender: Gender | null
  marital_status: MaritalStatus | null
  profession: string | null
  employer: string | null
  city: string | null
  state: string | null
  country: Generated<string>
  bvn: string | null
  nin: string | null
  photo_document_id: string | null
  is_verified: Generated<boolean>
  verified_at: Timestamp | null
  verified_by: string | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: UpdatedAt
  deleted_at: Timestamp | null
  /** Code, names and phone digits, lower-cased: what list search matches (trigram index). */
  search_text: GeneratedAlways<string>
}

export type MemberReassignmentTable = {
  id: Generated<string>
  member_id: string
  from_union_id: string
  to_union_id: string
  reason: string
  actor_id: string | null
  created_at: CreatedAt
}

export type GuarantorTable = {
  id: Generated<string>
  member_id: string
  first_name: string
  last_name: string
  phone: string
  address: string | null
  relationship: string
  created_by: string | null
  created_at: CreatedAt
  updated_at: UpdatedAt
  deleted_at: Timestamp | null
}

export type DocumentTypeTable = {
  id: Generated<string>
  /** DOC001… from a sequence. */
  code: Generated<string>
  name: string
  description: string | null
  applies_to: ColumnType<DocumentOwnerType[], DocumentOwnerType[] | undefined, DocumentOwnerType[]>
  requires_expiry: Generated<boolean>
  is_active: Generated<boolean>
  created_at: CreatedAt
  updated_at: UpdatedAt
}

export type DocumentTable = {
  id: Generated<string>
  owner_type: DocumentOwnerType
  member_id: string | null
  guarantor_id: string | null
  loan_id: string | null
  document_type_id: string
  file_name: string
  mime_type: string
  size_bytes: number
  sha256: string
  storage: DocumentStorage
  storage_key: string
  issuer: string | null
  issue_date: IsoDate | null
  expiry_date: IsoDate | null
  is_verified: Generated<boolean>
  verified_by: string | null
  verified_at: Timestamp | null
  verification_notes: string | null
  uploaded_by: string | null
  created_at: CreatedAt
  deleted_at: Timestamp | null
}

export type LoanTermUnit = 'DAY' | 'WEEK' | 'MONTH'
export type LoanAllocationOrder = 'VERTICAL' | 'HORIZONTAL' | 'PRINCIPAL_FIRST'
export type LoanRounding = 'HALF_EVEN' | 'HALF_UP'
type JsonRule = ColumnType<unknown, string, string>

export type LoanTypeTable = {
  id: Generated<string>
  name: string
  description: string | null
  /** Kobo. */
  min_principal: number
  max_principal: number
  term_unit: LoanTermUnit
  min_term: number
  max_term: number
  /** @mp/domain InterestTerms. */
  interest: JsonRule
  /** @mp/domain ProcessingFeeRule, or null for none. */
  processing_fee: JsonRule | null
  /** @mp/domain PenaltyRule, or null for none. */
  penalty: JsonRule | null
  allocation_order: Generated<LoanAllocationOrder>
  rounding: Generated<LoanRounding>
  installment_multiple: number | null
  is_active: Generated<boolean>
  /** Due dates on the union's meetings (@mp/domain meetingDueDates). */
  follows_meetings: Generated<boolean>
  /** Days from disbursement to the first meeting that can take an installment. */
  meeting_min_gap_days: Generated<number>
  /** Where a due date on a non-working day goes. */
  non_working_day_rule: Generated<NonWorkingDayRule>
  /** A loan of this product may pay off the member's running loan at disbursement (a top-up). */
  allows_top_up: Generated<boolean>
  created_at: CreatedAt
  updated_at: UpdatedAt
}

/** A non-working day: on one date, or on the same month and day every year. */
export type HolidayTable = {
  id: Generated<string>
  name: string
  holiday_date: IsoDate | null
  month: number | null
  day: number | null
  created_by: string | null
  created_at: CreatedAt
}

export type LoanStatusValue =
  | 'DRAFT'
  | 'PENDING_APPROVAL'
  | 'APPROVED'
  | 'ACTIVE'
  | 'COMPLETED'
  | 'CANCELED'
  | 'DEFAULTED'
  | 'WRITTEN_OFF'
export type RepaymentMethod = 'CASH' | 'TRANSFER' | 'POS' | 'MOBILE' | 'USSD' | 'OTHER'

export type LoanTable = {
  id: Generated<string>
  loan_number: Generated<string>
  member_id: string
  loan_type_id: string
  loan_type_name: string
  /** Kobo. */
  principal: number
  term_count: number
  term_unit: LoanTermUnit
  start_date: string
  purpose: string | null
  /** @mp/domain InterestTerms, copied from the product when booked. */
  interest: JsonRule
  processing_fee_rule: JsonRule | null
  penalty: JsonRule | null
  allocation_order: LoanAllocationOrder
  rounding: LoanRounding
  installment_multiple: number | null
  /** Kobo, fixed at booking from the rule; collected at disbursement. */
  processing_fee: Generated<number>
  /** Copied from the product at booking: due dates on the union's meetings. */
  follows_meetings: Generated<boolean>
  meeting_min_gap_days: Generated<number>
  non_working_day_rule: Generated<NonWorkingDayRule>
  status: Generated<LoanStatusValue>
  live_loan_override_reason: string | null
  created_by: string | null
  submitted_by: string | null
  submitted_at: Timestamp | null
  decided_by: string | null
  decided_at: Timestamp | null
  disbursed_by: string | null
  disbursed_at: Timestamp | null
  disbursed_on: string | null
  closed_reason: string | null
  closed_by: string | null
  closed_at: Timestamp | null
  completed_on: string | null
  /** Day of the loan's first restructure (PAR "with restructured loans"). */
  restructured_at: string | null
  /** A top-up: the running loan this one pays off at disbursement (docs/lending.md "Top-ups"). */
  top_up_of_loan_id: string | null
  /** Kobo, set at disbursement: the payoff taken from the principal, and the rest paid to the member. */
  top_up_payoff: number | null
  top_up_cash_to_member: number | null
  /** The repayment on the old loan that paid it off. */
  top_up_repayment_id: string | null
  created_at: CreatedAt
  updated_at: UpdatedAt
}

export type LoanChangeKind = 'RESCHEDULE' | 'RESTRUCTURE' | 'WAIVER'
export type LoanChangeStatus = 'PENDING' | 'APPROVED' | 'REJECTED'

/** A reschedule, restructure or waiver asked for and decided by someone else (maker-checker). */
export type LoanChangeTable = {
  id: Generated<string>
  loan_id: string
  kind: LoanChangeKind
  effective_on: string
  /** The terms asked for, versioned ({ v: 1, … }). */
  terms: Json
  /** Kobo waived (waiver, or penalties a reschedule waives): what the approver's limit is checked against. */
  amount: Generated<number>
  reason: string
  status: Generated<LoanChangeStatus>
  requested_by: string
  requested_at: CreatedAt
  decided_by: string | null
  decided_at: Timestamp | null
  decision_note: string | null
  /** The @mp/domain history event, once approved. */
  event: Json | null
  /** Orders the event among the loan's repayments (same sequence as theirs). */
  posting_sequence: number | null
}

export type LoanGuarantorTable = { loan_id: string; guarantor_id: string }

export type LoanInstallmentTable = {
  loan_id: string
  sequence: number
  due_date: string
  principal: number
  interest: number
  fee: Generated<number>
  // Ledger (ADR 0004): what the standing repayments paid, and the penalty in closed form.
  paid_principal: Generated<number>
  paid_interest: Generated<number>
  paid_fee: Generated<number>
  paid_penalty: Generated<number>
  paid_on_time: Generated<number>
  paid_off_on: string | null
  penalty_closed: Generated<number>
  penalty_closed_breached: Generated<boolean>
  penalty_open_from: Generated<number>
  penalty_open_base: Generated<number>
  /** The reschedule that added this installment (null: booked at disbursement). */
  change_id: Generated<string | null>
  /** Amounts booked, kept once a change altered principal/interest/fee (which are what is owed now). */
  original_principal: Generated<number | null>
  original_interest: Generated<number | null>
  original_fee: Generated<number | null>
  /** Penalty waived or capitalised. */
  settled_penalty: Generated<number>
}

/** Where a disbursed loan stands (ADR 0004); date-dependent figures are computed from it in SQL. */
export type LoanStateTable = {
  loan_id: string
  principal_due: number
  interest_due: number
  fee_due: number
  principal_paid: Generated<number>
  interest_paid: Generated<number>
  fee_paid: Generated<number>
  penalty_paid: Generated<number>
  principal_outstanding: number
  arrears_from: string | null
  next_due_date: string | null
  next_due_amount: Generated<number>
  last_payment_on: string | null
  last_payment_amount: number | null
  last_event_on: string | null
  repayment_count: Generated<number>
  episode_peak_dpd: Generated<number>
  paid_off_on: string | null
  credit_balance: Generated<number>
  penalty_kind: 'PERCENT_PER_DAY' | 'FIXED_PER_DAY' | null
  /** numeric: arrives as a decimal string. */
  penalty_rate_num: string | null
  penalty_rate_den: string | null
  penalty_amount_per_day: number | null
  penalty_grace_days: number | null
  penalty_mode: 'FORGIVE' | 'BACKDATE' | null
  penalty_cap: number | null
  rounding: 'HALF_EVEN' | 'HALF_UP'
  /** The loan's creation time (the list's default order) and the company day it was written off. */
  loan_created_at: ColumnType<Date, Date | string, Date | string>
  written_off_on: string | null
  updated_at: UpdatedAt
}

export type CollectionSheetTable = {
  id: Generated<string>
  union_id: string
  sheet_date: string
  idempotency_key: string
  request_hash: string
  posted_by: string | null
  total: number
  payment_count: number
  created_at: CreatedAt
}

export type RepaymentTable = {
  id: Generated<string>
  receipt_number: Generated<string>
  loan_id: string
  posting_sequence: Generated<number>
  amount: number
  paid_on: string
  method: RepaymentMethod
  reference: string | null
  notes: string | null
  received_by: string | null
  idempotency_key: string
  request_hash: string
  collection_sheet_id: string | null
  created_at: CreatedAt
  reversed_at: Timestamp | null
  reversed_on: string | null
  reversed_by: string | null
  reversal_reason: string | null
  reversed_allocation: Json | null
  /** Receipt number and reference, lower-cased: what list search matches (trigram index). */
  search_text: GeneratedAlways<string>
}

export type RepaymentAllocationTable = {
  repayment_id: string
  loan_id: string
  sequence: number
  principal: number
  interest: number
  fee: number
  penalty: number
}

export type LoanEventTable = {
  id: Generated<number>
  loan_id: string
  kind: string
  from_status: string | null
  to_status: string | null
  actor_id: string | null
  reason: string | null
  details: Json | null
  created_at: CreatedAt
}

export type SavedReportType = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'QUARTERLY' | 'CUSTOM'

export type SavedReportTable = {
  id: Generated<string>
  title: string
  type: SavedReportType
  report: Generated<string>
  period_from: string
  period_to: string
  officer_ids: ColumnType<string[], string[] | undefined, string[]>
  snapshot: Json
  created_by: string | null
  created_at: CreatedAt
  deleted_at: Timestamp | null
}

// Exports run by the job queue (docs/reliability.md "Two instances").
export type ExportJobState = 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED'
export type ExportFileFormat = 'csv' | 'xlsx' | 'pdf'

export type ExportJobTable = {
  id: Generated<string>
  user_id: string
  session_id: string
  name: string
  format: ExportFileFormat
  input: Json
  as_of: Timestamp
  state: Generated<ExportJobState>
  attempts: Generated<number>
  rows_done: Generated<number>
  rows_total: number | null
  error: string | null
  file_name: string
  storage_key: string | null
  size: number | null
  created_at: CreatedAt
  started_at: Timestamp | null
  finished_at: Timestamp | null
}

// Scheduled backups and the weekly restore drill (docs/backups.md "Schedule").
export type BackupFrequency = 'OFF' | 'DAILY' | 'WEEKLY' | 'MONTHLY'

export type BackupScheduleTable = {
  id: Generated<number>
  frequency: Generated<BackupFrequency>
  hour: Generated<number>
  weekday: Generated<number>
  month_day: Generated<number>
  retention_days: Generated<number>
  updated_by: string | null
  updated_at: UpdatedAt
}

export type BackupDrillState = 'RUNNING' | 'PASSED' | 'FAILED'

export type BackupDrillTable = {
  id: Generated<string>
  backup_id: string | null
  backup_file_name: string | null
  state: Generated<BackupDrillState>
  tables: number | null
  rows: number | null
  differences: Json | null
  error: string | null
  started_at: CreatedAt
  finished_at: Timestamp | null
}

// The daily close and portfolio snapshots (docs/reports.md "The close").
export type RunState = 'RUNNING' | 'DONE' | 'FAILED'

export type CloseRunTable = {
  run_date: string
  state: RunState
  claimed_by: string
  heartbeat_at: UpdatedAt
  started_at: UpdatedAt
  finished_at: Timestamp | null
  loans_from_state: Generated<number>
  loans_replayed: Generated<number>
  error: string | null
}

/** The portfolio at the end of a day, per union; money in kobo over running loans. */
export type PortfolioSnapshotTable = {
  snapshot_date: string
  union_id: string
  officer_id: string | null
  loans_active: number
  loans_defaulted: number
  loans_completed: number
  loans_written_off: number
  outstanding_principal: number
  outstanding: number
  overdue: number
  overdue_principal: number
  penalties_accrued: number
  par1_principal: number
  par30_principal: number
  par60_principal: number
  par90_principal: number
  aging_current_amount: number
  aging_1_30_amount: number
  aging_31_60_amount: number
  aging_61_90_amount: number
  aging_90_plus_amount: number
  aging_current_count: number
  aging_1_30_count: number
  aging_31_60_count: number
  aging_61_90_count: number
  aging_90_plus_count: number
  computed_at: UpdatedAt
  /** Principal PAR with restructured loans adds, per threshold; null on days closed before it was kept. */
  restructured_par1_principal: number | null
  restructured_par30_principal: number | null
  restructured_par60_principal: number | null
  restructured_par90_principal: number | null
}

export type PortfolioRunTable = {
  id: Generated<string>
  as_of: string
  purpose: 'AS_OF' | 'CLOSE'
  state: RunState
  requested_by: string | null
  claimed_by: string
  heartbeat_at: UpdatedAt
  loans_total: number | null
  loans_done: Generated<number>
  loans_replayed: Generated<number>
  error: string | null
  created_at: CreatedAt
  finished_at: Timestamp | null
}

/** One loan of a portfolio run: its figures as of the run's date. */
export type PortfolioRunLoanTable = {
  run_id: string
  loan_id: string
  status: 'ACTIVE' | 'DEFAULTED' | 'COMPLETED' | 'WRITTEN_OFF'
  days_past_due: number
  outstanding_principal: number
  overdue_principal: number
  outstanding: number
  overdue: number
  due_now: number
  penalties_accrued: number
  paid: number
  is_replayed: Generated<boolean>
}

/** Collection facts (docs/reports.md): per installment, its amount due and what was paid on time. */
export type DueFactTable = {
  loan_id: string
  sequence: number
  due_date: string
  amount_due: number
  paid_on_time: number
}

/** Per installment and payment date: principal, interest and fees allocated by standing repayments. */
export type AllocationFactTable = {
  loan_id: string
  sequence: number
  due_date: string
  paid_on: string
  amount: number
  amount_due: number
}

export type FactRefreshTable = { id: string; refreshed_at: Timestamp }

/** The cut-over (docs/cutover.md): every imported record keyed by the old system's id. */
export type LegacyMapTable = { entity: string; legacy_id: string; new_id: string; created_at: CreatedAt }

export type LegacyImportRunTable = {
  id: Generated<string>
  source: string
  started_at: Timestamp
  finished_at: CreatedAt
  counts: Json
  loan_differences: number
}

/** An old system's document kept by reference (its file stays where the old system stored it). */
export type LegacyDocumentTable = {
  id: Generated<string>
  owner_type: DocumentOwnerType
  member_id: string | null
  guarantor_id: string | null
  loan_id: string | null
  document_type_id: string
  file_url: string
  issuer: string | null
  issue_date: IsoDate | null
  expiry_date: IsoDate | null
  is_verified: Generated<boolean>
  verification_notes: string | null
  uploaded_by: string | null
  uploaded_at: Timestamp
  deleted_at: Timestamp | null
}

// Backups (docs/backups.md): one row per run; never itself backed up or restored, so no foreign keys.
export type BackupTrigger = 'MANUAL' | 'SCHEDULED' | 'PRE_RESTORE'
export type BackupState = 'RUNNING' | 'DONE' | 'FAILED'

export type BackupTable = {
  id: Generated<string>
  trigger: BackupTrigger
  state: Generated<BackupState>
  error: string | null
  storage: DocumentStorage
  storage_key: string
  file_name: string
  format_version: number
  schema_version: string
  size: number | null
  checksum: string | null
  /** Rows per table: { "loan": 100000, … }. */
  table_counts: Json | null
  tables_total: Generated<number>
  tables_done: Generated<number>
  rows_done: Generated<number>
  created_by: string | null
  created_by_email: string | null
  created_at: CreatedAt
  heartbeat_at: Generated<Date>
  finished_at: Timestamp | null
}

export type Database = {
  staff_user: StaffUserTable
  session: SessionTable
  login_history: LoginHistoryTable
  company_settings: CompanySettingsTable
  audit_log: AuditLogTable
  staff_note: StaffNoteTable
  union: UnionTable
  holiday: HolidayTable
  union_assignment: UnionAssignmentTable
  member: MemberTable
  member_reassignment: MemberReassignmentTable
  guarantor: GuarantorTable
  document_type: DocumentTypeTable
  document: DocumentTable
  loan_type: LoanTypeTable
  loan: LoanTable
  loan_guarantor: LoanGuarantorTable
  loan_installment: LoanInstallmentTable
  loan_change: LoanChangeTable
  loan_state: LoanStateTable
  collection_sheet: CollectionSheetTable
  repayment: RepaymentTable
  repayment_allocation: RepaymentAllocationTable
  loan_event: LoanEventTable
  saved_report: SavedReportTable
  close_run: CloseRunTable
  export_job: ExportJobTable
  backup_schedule: BackupScheduleTable
  backup_drill: BackupDrillTable
  portfolio_snapshot: PortfolioSnapshotTable
  portfolio_run: PortfolioRunTable
  portfolio_run_loan: PortfolioRunLoanTable
  due_fact: DueFactTable
  allocation_fact: AllocationFactTable
  fact_refresh: FactRefreshTable
  legacy_map: LegacyMapTable
  legacy_import_run: LegacyImportRunTable
  legacy_document: LegacyDocumentTable
  backup: BackupTable
}

export type StaffUser = Selectable<StaffUserTable>
export type Backup = Selectable<BackupTable>
export type NewStaffUser = Insertable<StaffUserTable>
export type StaffUserUpdate = Updateable<StaffUserTable>
export type Session = Selectable<SessionTable>
export type NewSession = Insertable<SessionTable>
export type LoginHistory = Selectable<LoginHistoryTable>
export type NewLoginHistory = Insertable<LoginHistoryTable>
export type CompanySettings = Selectable<CompanySettingsTable>
export type CompanySettingsUpdate = Updateable<CompanySettingsTable>
export type AuditLog = Selectable<AuditLogTable>
export type NewAuditLog = Insertable<AuditLogTable>
export type StaffNote = Selectable<StaffNoteTable>
export type NewStaffNote = Insertable<StaffNoteTable>
export type StaffNoteUpdate = Updateable<StaffNoteTable>
export type Union = Selectable<UnionTable>
export type Holiday = Selectable<HolidayTable>
export type Member = Selectable<MemberTable>
export type NewMember = Insertable<MemberTable>
export type MemberUpdate = Updateable<MemberTable>
export type Guarantor = Selectable<GuarantorTable>
export type DocumentType = Selectable<DocumentTypeTable>
export type StoredDocument = Selectable<DocumentTable>
export type LoanType = Selectable<LoanTypeTable>
export type Loan = Selectable<LoanTable>
export type LoanInstallment = Selectable<LoanInstallmentTable>
export type LoanChange = Selectable<LoanChangeTable>
export type LoanState = Selectable<LoanStateTable>
export type Repayment = Selectable<RepaymentTable>
export type RepaymentAllocation = Selectable<RepaymentAllocationTable>
export type LoanEvent = Selectable<LoanEventTable>
