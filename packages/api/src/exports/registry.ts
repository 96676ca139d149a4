import type { StaffRole } from '@mp/db'
import type { z } from 'zod'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import { ZAuditListInput } from '../schemas/audit.js'
import { ZCollectionSheetGetInput } from '../schemas/collection-sheet.js'
import { ZDueListInput, ZLoanListInput } from '../schemas/loan.js'
import { ZLoginHistoryListInput } from '../schemas/login-history.js'
import { ZMemberListInput } from '../schemas/member.js'
import { ZRepaymentListInput } from '../schemas/repayment.js'
import { ZOfficerPerformanceInput, ZRequiredPeriod, ZPortfolioInput } from '../schemas/report.js'
import { ZStaffListInput } from '../schemas/staff.js'
import { ZUnionListInput } from '../schemas/union.js'
import { auditListSource } from '../services/audit.js'
import { streamWithEntityLabels } from '../services/audit-labels.js'
import { formatPhone } from '@mp/domain'
import { getCollectionSheet } from '../services/collection-sheet.js'
import { dueListSource } from '../services/due-list.js'
import type { ListSource, Page } from '../services/list-query.js'
import { loanListSource } from '../services/loan-list.js'
import { loginHistorySource } from '../services/login-history.js'
import { memberListSource } from '../services/member-queries.js'
import { repaymentListSource } from '../services/repayment-list.js'
import { portfolioRowSource } from '../services/portfolio-report.js'
import {
  disbursementRowSource,
  officerPerformance,
  portfolioReport,
  repaymentsByMethod,
} from '../services/report.js'
import { listStaff } from '../services/staff.js'
import { listUnions } from '../services/union.js'
import { waiverRowSource } from '../services/waiver-report.js'
import { humanize } from '../pdf/format.js'
import type { ExportColumn } from './columns.js'
import { streamQuery } from './stream.js'
import { writeCsv, writePdf, writeXlsx, type ExportFormat } from './writers.js'

/** Phones as on screen ('0803 123 4567'); an empty cell when there is none. */
function phoneCell(phone: string | null): string | null {
  return phone === null ? null : formatPhone(phone)
}

/** Aging buckets in words, as on the screen ('1-30' → '1–30 days'). */
function bucketLabel(bucket: string): string {
  return bucket === 'current' ? 'Current' : `${bucket.replace('-', '–')} days`
}

/**
 * Every list and report that downloads (docs/product.md §7, issue 7). Each export parses the very input its screen
 * sends to the list procedure (same zod schema, same filters, same sort) and reads the rows through the
 * same service, so the file holds exactly the rows on screen — all of them, not one page. The big lists
 * (loans, repayments, members, due list) are read by one streaming cursor over the screen's own query
 * (issue 11: linear in the rows, never OFFSET pages each recounting the list).
 */
type ExportDefinition<Input, Row> = {
  title: string
  /** Roles that may export it (the screen's procedure's access); scope is applied by the service. */
  roles?: readonly StaffRole[]
  input: z.ZodType<Input>
  columns: readonly ExportColumn<Row>[]
  /** The filters in words, printed under the title. */
  describe: (input: Input) => string
  /** Rows in screen order. `total` (when known up front) drives the progress bar. */
  rows: (ctx: AuthedContext, input: Input, onTotal: (total: number) => void) => AsyncIterable<Row>
}

type WriteTarget = {
  format: ExportFormat
  path: string
  printedAt: string
  onTotal: (total: number) => void
  onRow: () => void
}

/** An export with its filters parsed, ready to write; the row type stays inside (no casts). */
type PreparedExport = {
  title: string
  write: (target: WriteTarget) => Promise<number>
}

export type ExportEntry = {
  title: string
  roles: readonly StaffRole[] | undefined
  prepare: (ctx: AuthedContext, rawInput: unknown) => PreparedExport
}

function toEntry<Input, Row>(definition: ExportDefinition<Input, Row>): ExportEntry {
  return {
    title: definition.title,
    roles: definition.roles,
    prepare: (ctx, rawInput) => {
      const parsed = definition.input.safeParse(rawInput ?? {})
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        const field = issue?.path.join('.') ?? ''
        throw new AppError(
          'BAD_REQUEST',
          `${field ? `${field}: ` : ''}${issue?.message ?? 'Invalid filters'}`,
          'INVALID_EXPORT_INPUT',
        )
      }
      const input = parsed.data
      return {
        title: definition.title,
        write: (target) => {
          const options = {
            title: definition.title,
            subtitle: definition.describe(input),
            columns: definition.columns,
            rows: definition.rows(ctx, input, target.onTotal),
            path: target.path,
            onRow: target.onRow,
          }
          switch (target.format) {
            case 'csv':
              return writeCsv(options)
            case 'xlsx':
              return writeXlsx(options)
            case 'pdf':
              return writePdf({ ...options, printedAt: target.printedAt })
          }
        },
      }
    },
  }
}

/**
 * An export from its source first (the screen's input schema and how to read its rows), so the row type
 * is known before the columns are written against it.
 */
function source<Input, Row>(
  input: z.ZodType<Input>,
  rows: (ctx: AuthedContext, input: Input, onTotal: (total: number) => void) => AsyncIterable<Row>,
) {
  return {
    as: (definition: Omit<ExportDefinition<Input, Row>, 'input' | 'rows'>): ExportEntry =>
      toEntry({ ...definition, input, rows }),
  }
}

// The small lists (unions, staff: a few hundred rows at most) are read in pages of this size: one page.
const PAGE = 2000

/** All pages of a paginated list, fetched with the screen's own filters and order. */
async function* paged<T>(
  fetch: (page: number, pageSize: number) => Promise<Page<T>>,
  onTotal: (total: number) => void,
  pageSize = PAGE,
): AsyncGenerator<T> {
  for (let page = 1; ; page += 1) {
    const result = await fetch(page, pageSize)
    if (page === 1) onTotal(result.total)
    for (const item of result.items) yield item
    if (result.items.length < pageSize || page * pageSize >= result.total) return
  }
}

/** Every row of a list through one server-side cursor over the screen's query, in the screen's order. */
export async function* streamed<Row, Item>(
  ctx: AuthedContext,
  source: ListSource<Row, Item>,
  onTotal: (total: number) => void,
  batch?: number,
): AsyncGenerator<Item> {
  onTotal(await source.count())
  for await (const row of streamQuery(ctx.db, source.query, batch)) yield source.toItem(row)
}

async function* listed<T>(items: readonly T[], onTotal: (total: number) => void): AsyncGenerator<T> {
  onTotal(items.length)
  for (const item of items) yield item
  await Promise.resolve()
}

function filters(
  parts: Record<string, string | number | boolean | null | undefined | readonly string[]>,
): string {
  const words = Object.entries(parts)
    .filter(
      ([, value]) =>
        value !== undefined &&
        value !== null &&
        value !== '' &&
        !(Array.isArray(value) && value.length === 0),
    )
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
  return words.length === 0 ? 'All records in your scope' : words.join(' · ')
}

const SUPERVISORS: readonly StaffRole[] = ['ADMIN', 'SUPERVISOR']

export const EXPORTS = {
  loans: source(ZLoanListInput, async function* (ctx, input, onTotal) {
    yield* streamed(ctx, await loanListSource(ctx, input), onTotal)
  }).as({
    title: 'Loans',
    describe: (i) =>
      filters({
        search: i.search,
        status: i.status,
        union: i.unionId,
        officer: i.officerId,
        from: i.from,
        to: i.to,
        sort: `${i.sort} ${i.direction}`,
      }),
    columns: [
      { header: 'Loan number', type: 'text', value: (r) => r.loanNumber },
      { header: 'Member', type: 'text', value: (r) => r.memberName, width: 1.5 },
      { header: 'Member code', type: 'text', value: (r) => r.memberCode },
      { header: 'Union', type: 'text', value: (r) => r.unionName, width: 1.3 },
      { header: 'Officer', type: 'text', value: (r) => r.officerName, width: 1.2 },
      { header: 'Loan type', type: 'text', value: (r) => r.loanTypeName, width: 1.2 },
      { header: 'Principal', type: 'money', value: (r) => r.principal },
      { header: 'Term', type: 'text', value: (r) => `${String(r.termCount)} ${r.termUnit.toLowerCase()}s` },
      { header: 'Start date', type: 'date', value: (r) => r.startDate },
      { header: 'Disbursed on', type: 'date', value: (r) => r.disbursedOn },
      { header: 'Status', type: 'text', value: (r) => humanize(r.status) },
      { header: 'Days past due', type: 'count', value: (r) => r.daysPastDue },
    ],
  }),
  repayments: source(ZRepaymentListInput, async function* (ctx, input, onTotal) {
    yield* streamed(ctx, await repaymentListSource(ctx, input), onTotal)
  }).as({
    title: 'Repayments',
    describe: (i) =>
      filters({
        search: i.search,
        loan: i.loanId,
        union: i.unionId,
        officer: i.officerId,
        method: i.method,
        from: i.from,
        to: i.to,
        'include reversed': i.includeReversed,
      }),
    columns: [
      { header: 'Receipt', type: 'text', value: (r) => r.receiptNumber },
      { header: 'Date paid', type: 'date', value: (r) => r.paidOn },
      { header: 'Loan number', type: 'text', value: (r) => r.loanNumber },
      { header: 'Member', type: 'text', value: (r) => r.memberName, width: 1.5 },
      { header: 'Union', type: 'text', value: (r) => r.unionName, width: 1.3 },
      { header: 'Amount', type: 'money', value: (r) => r.amount },
      { header: 'Method', type: 'text', value: (r) => humanize(r.method) },
      { header: 'Reference', type: 'text', value: (r) => r.reference },
      { header: 'Received by', type: 'text', value: (r) => r.receivedBy, width: 1.2 },
      {
        header: 'Reversed',
        type: 'text',
        value: (r) => (r.isReversed ? `Yes: ${r.reversalReason ?? ''}` : 'No'),
        width: 1.2,
      },
    ],
  }),
  members: source(ZMemberListInput, async function* (ctx, input, onTotal) {
    yield* streamed(ctx, await memberListSource(ctx, input), onTotal)
  }).as({
    title: 'Members',
    describe: (i) => filters({ search: i.search, union: i.unionId }),
    columns: [
      { header: 'Code', type: 'text', value: (r) => r.code },
      { header: 'First name', type: 'text', value: (r) => r.firstName },
      { header: 'Last name', type: 'text', value: (r) => r.lastName },
      { header: 'Phone', type: 'text', value: (r) => phoneCell(r.phone) },
      { header: 'Email', type: 'text', value: (r) => r.email, width: 1.5 },
      { header: 'Union', type: 'text', value: (r) => r.unionName, width: 1.3 },
      { header: 'Credit officer', type: 'text', value: (r) => r.creditOfficerName, width: 1.2 },
      { header: 'Verified', type: 'text', value: (r) => r.isVerified },
      { header: 'Registered', type: 'datetime', value: (r) => r.createdAt },
    ],
  }),
  unions: source(ZUnionListInput, (ctx, input, onTotal) =>
    paged((page, pageSize) => listUnions(ctx, { ...input, page, pageSize }), onTotal),
  ).as({
    title: 'Unions',
    describe: (i) => filters({ search: i.search }),
    columns: [
      { header: 'Name', type: 'text', value: (r) => r.name, width: 1.5 },
      { header: 'Location', type: 'text', value: (r) => r.location, width: 1.3 },
      { header: 'Meeting day', type: 'text', value: (r) => r.meetingDay },
      { header: 'Credit officer', type: 'text', value: (r) => r.creditOfficerName, width: 1.2 },
      { header: 'Members', type: 'count', value: (r) => r.memberCount },
      { header: 'Live loans', type: 'count', value: (r) => r.loanCount },
      { header: 'Created', type: 'datetime', value: (r) => r.createdAt },
    ],
  }),
  staff: source(ZStaffListInput, (ctx, input, onTotal) =>
    paged((page, pageSize) => listStaff(ctx, { ...input, page, pageSize }), onTotal),
  ).as({
    title: 'Staff',
    roles: SUPERVISORS,
    describe: (i) => filters({ search: i.search, role: i.role }),
    columns: [
      { header: 'Email', type: 'text', value: (r) => r.email, width: 1.6 },
      { header: 'First name', type: 'text', value: (r) => r.firstName },
      { header: 'Last name', type: 'text', value: (r) => r.lastName },
      { header: 'Phone', type: 'text', value: (r) => phoneCell(r.phone) },
      { header: 'Role', type: 'text', value: (r) => humanize(r.role) },
      { header: 'Supervisor', type: 'text', value: (r) => r.supervisorName, width: 1.2 },
      { header: 'Active', type: 'text', value: (r) => r.isActive },
      { header: 'Last sign-in', type: 'datetime', value: (r) => r.lastLoginAt },
      { header: 'Sign-ins', type: 'count', value: (r) => r.loginCount },
    ],
  }),
  audit: source(ZAuditListInput, async function* (ctx, input, onTotal) {
    yield* streamWithEntityLabels(ctx.db, streamed(ctx, await auditListSource(ctx, input), onTotal))
  }).as({
    title: 'Audit log',
    roles: SUPERVISORS,
    describe: (i) => filters({ action: i.action, entity: i.entityType, from: i.from, to: i.to }),
    columns: [
      { header: 'When', type: 'datetime', value: (r) => r.createdAt, width: 1.2 },
      { header: 'Who', type: 'text', value: (r) => r.actorName ?? r.actorEmail, width: 1.3 },
      { header: 'Action', type: 'text', value: (r) => r.action, width: 1.4 },
      { header: 'Record', type: 'text', value: (r) => r.entityType },
      { header: 'Record name', type: 'text', value: (r) => r.entityLabel, width: 1.8 },
      { header: 'Record id', type: 'text', value: (r) => r.entityId, width: 1.8 },
      { header: 'IP', type: 'text', value: (r) => r.ip },
    ],
  }),
  loginHistory: source(ZLoginHistoryListInput, async function* (ctx, input, onTotal) {
    yield* streamed(ctx, await loginHistorySource(ctx, input), onTotal)
  }).as({
    title: 'Login history',
    describe: (i) => filters({ user: i.userId, from: i.from, to: i.to }),
    columns: [
      { header: 'When', type: 'datetime', value: (r) => r.createdAt, width: 1.2 },
      { header: 'Email', type: 'text', value: (r) => r.email, width: 1.6 },
      { header: 'Name', type: 'text', value: (r) => r.userName, width: 1.2 },
      {
        header: 'Result',
        type: 'text',
        value: (r) => (r.isSuccess ? 'Success' : `Failed: ${r.failureReason ?? ''}`),
        width: 1.3,
      },
      { header: 'IP', type: 'text', value: (r) => r.ip },
      { header: 'Device', type: 'text', value: (r) => r.userAgent, width: 2 },
    ],
  }),
  dueList: source(ZDueListInput, async function* (ctx, input, onTotal) {
    yield* streamed(ctx, await dueListSource(ctx, input), onTotal)
  }).as({
    title: 'Due list',
    describe: (i) =>
      filters({
        from: i.from ?? 'today',
        to: i.to,
        union: i.unionId,
        officer: i.officerId,
        'include overdue': i.includeOverdue,
      }),
    columns: [
      { header: 'Member', type: 'text', value: (r) => r.memberName, width: 1.5 },
      { header: 'Code', type: 'text', value: (r) => r.memberCode },
      { header: 'Phone', type: 'text', value: (r) => phoneCell(r.memberPhone) },
      { header: 'Union', type: 'text', value: (r) => r.unionName, width: 1.3 },
      { header: 'Loan number', type: 'text', value: (r) => r.loanNumber },
      {
        header: 'Due dates',
        type: 'text',
        value: (r) => r.installments.map((i) => i.dueDate).join(' '),
        width: 1.5,
      },
      { header: 'Due in range', type: 'money', value: (r) => r.dueInRange },
      { header: 'Arrears before', type: 'money', value: (r) => r.overdueBefore },
      { header: 'Due now', type: 'money', value: (r) => r.dueNow },
      { header: 'Days past due', type: 'count', value: (r) => r.daysPastDue },
    ],
  }),
  collectionSheet: source(ZCollectionSheetGetInput, async function* (ctx, input, onTotal) {
    yield* listed((await getCollectionSheet(ctx, input)).rows, onTotal)
  }).as({
    title: 'Collection sheet',
    describe: (i) => filters({ union: i.unionId, date: i.date }),
    columns: [
      { header: 'Member', type: 'text', value: (r) => r.memberName, width: 1.5 },
      { header: 'Code', type: 'text', value: (r) => r.memberCode },
      { header: 'Loan number', type: 'text', value: (r) => r.loanNumber },
      { header: 'Due now', type: 'money', value: (r) => r.dueNow },
      { header: 'Days past due', type: 'count', value: (r) => r.daysPastDue },
      { header: 'Next due', type: 'date', value: (r) => r.nextDueDate },
      { header: 'Payoff', type: 'money', value: (r) => r.payoffAmount },
      { header: 'Paid', type: 'text', value: () => '', width: 1.2 },
    ],
  }),
  portfolio: source(ZPortfolioInput, async function* (ctx, input, onTotal) {
    yield* streamed(ctx, await portfolioRowSource(ctx, input), onTotal)
  }).as({
    title: 'Portfolio',
    describe: (i) => filters({ 'as of': i.asOf ?? 'today', union: i.unionId, officer: i.officerId }),
    columns: [
      { header: 'Loan number', type: 'text', value: (r) => r.loanNumber },
      { header: 'Member', type: 'text', value: (r) => r.memberName, width: 1.5 },
      { header: 'Union', type: 'text', value: (r) => r.unionName, width: 1.3 },
      { header: 'Officer', type: 'text', value: (r) => r.officerName, width: 1.2 },
      { header: 'Status', type: 'text', value: (r) => humanize(r.status) },
      { header: 'Principal', type: 'money', value: (r) => r.principal },
      { header: 'Outstanding principal', type: 'money', value: (r) => r.outstandingPrincipal },
      { header: 'Outstanding', type: 'money', value: (r) => r.outstanding },
      { header: 'Overdue', type: 'money', value: (r) => r.overdue },
      { header: 'Days past due', type: 'count', value: (r) => r.daysPastDue },
      { header: 'Aging', type: 'text', value: (r) => bucketLabel(r.agingBucket) },
    ],
  }),
  aging: source(ZPortfolioInput, async function* (ctx, input, onTotal) {
    yield* listed((await portfolioReport(ctx, input)).aging, onTotal)
  }).as({
    title: 'Aging',
    describe: (i) => filters({ 'as of': i.asOf ?? 'today', union: i.unionId, officer: i.officerId }),
    columns: [
      { header: 'Bucket (days past due)', type: 'text', value: (r) => bucketLabel(r.bucket), width: 1.5 },
      { header: 'Loans', type: 'count', value: (r) => r.count },
      { header: 'Outstanding principal', type: 'money', value: (r) => r.amount },
    ],
  }),
  par: source(ZPortfolioInput, async function* (ctx, input, onTotal) {
    yield* listed((await portfolioReport(ctx, input)).par, onTotal)
  }).as({
    title: 'Portfolio at risk',
    describe: (i) => filters({ 'as of': i.asOf ?? 'today', union: i.unionId, officer: i.officerId }),
    columns: [
      { header: 'Measure', type: 'text', value: (r) => `PAR${String(r.days)}` },
      { header: 'At risk', type: 'money', value: (r) => r.without.inputs[0]?.value },
      { header: 'Portfolio', type: 'money', value: (r) => r.without.inputs[1]?.value },
      { header: 'PAR', type: 'ratio', value: (r) => r.without.ratio },
      { header: 'PAR (restructured at risk)', type: 'ratio', value: (r) => r.with.ratio, width: 1.4 },
    ],
  }),
  officerPerformance: source(ZOfficerPerformanceInput, async function* (ctx, input, onTotal) {
    yield* listed((await officerPerformance(ctx, input)).rows, onTotal)
  }).as({
    title: 'Officer performance',
    describe: (i) => filters({ from: i.from, to: i.to, officers: i.officerIds }),
    columns: [
      { header: 'Officer', type: 'text', value: (r) => r.officerName, width: 1.4 },
      { header: 'Members', type: 'count', value: (r) => r.members },
      { header: 'Active loans', type: 'count', value: (r) => r.activeLoans },
      { header: 'Outstanding principal', type: 'money', value: (r) => r.outstandingPrincipal },
      { header: 'Disbursed', type: 'money', value: (r) => r.disbursed },
      { header: 'Collected', type: 'money', value: (r) => r.collected },
      { header: 'PAR30', type: 'ratio', value: (r) => r.par30.ratio },
      { header: 'Collection efficiency', type: 'ratio', value: (r) => r.collectionEfficiency.ratio },
      { header: 'On-time rate', type: 'ratio', value: (r) => r.onTimeRate.ratio },
    ],
  }),
  disbursements: source(ZRequiredPeriod, async function* (ctx, input, onTotal) {
    yield* streamed(ctx, await disbursementRowSource(ctx, input), onTotal)
  }).as({
    title: 'Disbursements',
    describe: (i) => filters({ from: i.from, to: i.to, union: i.unionId, officer: i.officerId }),
    columns: [
      { header: 'Disbursed on', type: 'date', value: (r) => r.disbursedOn },
      { header: 'Loan number', type: 'text', value: (r) => r.loanNumber },
      { header: 'Member', type: 'text', value: (r) => r.memberName, width: 1.5 },
      { header: 'Union', type: 'text', value: (r) => r.unionName, width: 1.3 },
      { header: 'Officer', type: 'text', value: (r) => r.officerName, width: 1.2 },
      { header: 'Loan type', type: 'text', value: (r) => r.loanTypeName, width: 1.2 },
      { header: 'Principal', type: 'money', value: (r) => r.principal },
      { header: 'Processing fee', type: 'money', value: (r) => r.processingFee },
      { header: 'Disbursed by', type: 'text', value: (r) => r.disbursedBy, width: 1.2 },
    ],
  }),
  waivers: source(ZRequiredPeriod, async function* (ctx, input, onTotal) {
    yield* streamed(ctx, await waiverRowSource(ctx, input), onTotal)
  }).as({
    title: 'Waivers',
    describe: (i) => filters({ from: i.from, to: i.to, union: i.unionId, officer: i.officerId }),
    columns: [
      { header: 'Date', type: 'date', value: (r) => r.date },
      { header: 'Loan number', type: 'text', value: (r) => r.loanNumber },
      { header: 'Member', type: 'text', value: (r) => r.memberName, width: 1.5 },
      { header: 'Union', type: 'text', value: (r) => r.unionName, width: 1.3 },
      { header: 'Kind', type: 'text', value: (r) => humanize(r.kind) },
      { header: 'Penalties waived', type: 'money', value: (r) => r.penalty },
      { header: 'Interest waived', type: 'money', value: (r) => r.interest },
      { header: 'Total waived', type: 'money', value: (r) => r.amount },
      { header: 'Reason', type: 'text', value: (r) => r.reason, width: 2 },
      { header: 'Asked by', type: 'text', value: (r) => r.requestedBy, width: 1.2 },
      { header: 'Approved by', type: 'text', value: (r) => r.approvedBy, width: 1.2 },
    ],
  }),
  repaymentsByMethod: source(ZRequiredPeriod, async function* (ctx, input, onTotal) {
    yield* listed((await repaymentsByMethod(ctx, input)).rows, onTotal)
  }).as({
    title: 'Repayments by method',
    describe: (i) => filters({ from: i.from, to: i.to, union: i.unionId, officer: i.officerId }),
    columns: [
      { header: 'Method', type: 'text', value: (r) => humanize(r.method) },
      { header: 'Payments', type: 'count', value: (r) => r.count },
      { header: 'Amount', type: 'money', value: (r) => r.amount },
      { header: 'Share', type: 'ratio', value: (r) => r.share },
      { header: 'Reversed payments', type: 'count', value: (r) => r.reversedCount },
      { header: 'Reversed amount', type: 'money', value: (r) => r.reversedAmount },
    ],
  }),
} satisfies Record<string, ExportEntry>

export type ExportName = keyof typeof EXPORTS
export const EXPORT_NAMES = Object.keys(EXPORTS) as [ExportName, ...ExportName[]]
