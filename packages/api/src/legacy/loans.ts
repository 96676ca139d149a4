import type { Database, Insertable, LoanStatusValue, RepaymentMethod } from '@mp/db'
import { buildSchedule } from '@mp/domain'
import { ledgerAndCompare, type OldFigures } from './compare.js'
import { INTEREST_NONE, noProductType, termUnitOf } from './loan-types.js'
import { dayOf, instantOf, koboOf, readTable } from './read.js'
import {
  countsOf,
  insertChunked,
  isNew,
  mapped,
  newId,
  note,
  refuse,
  remember,
  type ImportRun,
} from './run.js'

// Loans with their schedules and repayments (docs/cutover.md, "What comes across"); their allocations and
// ledger come from the engine's replay in compare.ts.

const METHODS: readonly RepaymentMethod[] = ['CASH', 'TRANSFER', 'POS', 'MOBILE', 'USSD', 'OTHER']
const DISBURSED: readonly string[] = ['ACTIVE', 'COMPLETED', 'DEFAULTED', 'WRITTEN_OFF']

type Row = Record<string, string | null>

function groupBy(rows: readonly Row[], key: string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>()
  for (const row of rows) {
    const value = row[key] ?? ''
    let group = groups.get(value)
    if (group === undefined) {
      group = []
      groups.set(value, group)
    }
    group.push(row)
  }
  return groups
}

/**
 * Loans, their schedules and repayments. A disbursed loan's schedule is the engine's (`buildSchedule` from
 * its principal, term and start date, the last installment taking every remainder), its repayments are the
 * old ones in the order they were taken (a deleted one comes across reversed), and its allocations and
 * ledger are the engine's replay. Everything that differs from the old system's own figures is reported.
 */
export async function importLoans(run: ImportRun): Promise<void> {
  const [loans, items, repayments, allocations, members] = await Promise.all([
    readTable(
      run.legacy,
      'Loan',
      [
        'id',
        'loanNumber',
        'unionMemberId',
        'unionId',
        'loanTypeId',
        'principalAmount',
        'termCount',
        'termUnit',
        'startDate',
        'processingFeeAmount',
        'status',
        'createdByUserId',
        'disbursedAt',
        'closedAt',
        'notes',
        'penaltyFeePerDayAmount',
        'createdAt',
        'updatedAt',
        'deletedAt',
      ],
      '"createdAt", "id"',
    ),
    readTable(
      run.legacy,
      'RepaymentScheduleItem',
      ['id', 'loanId', 'sequence', 'dueDate', 'principalDue', 'totalDue', 'paidAmount', 'deletedAt'],
      '"loanId", "sequence", "id"',
    ),
    readTable(
      run.legacy,
      'Repayment',
      [
        'id',
        'loanId',
        'receivedByUserId',
        'amount',
        'paidAt',
        'method',
        'reference',
        'notes',
        'createdAt',
        'deletedAt',
      ],
      '"paidAt", "createdAt", "id"',
    ),
    readTable(run.legacy, 'RepaymentAllocation', ['id', 'repaymentId', 'scheduleItemId', 'amount'], '"id"'),
    readTable(run.legacy, 'UnionMember', ['id', 'unionId'], '"id"'),
  ])
  const memberUnion = new Map(members.map((m) => [m.id ?? '', m.unionId]))
  const itemsByLoan = groupBy(items, 'loanId')
  const repaymentsByLoan = groupBy(repayments, 'loanId')
  const allocationsByItem = groupBy(allocations, 'scheduleItemId')
  const repaymentLoan = new Map(repayments.map((r) => [r.id ?? '', r.loanId ?? '']))
  const oldFigures = new Map<string, OldFigures>()
  const liveByMember = new Set(
    (
      await run.trx
        .selectFrom('loan')
        .select('member_id')
        .where('status', 'in', ['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'ACTIVE', 'DEFAULTED'])
        .execute()
    ).map((l) => l.member_id),
  )
  const numbers = new Set(
    (await run.trx.selectFrom('loan').select('loan_number').execute()).map((l) => l.loan_number),
  )
  // Well-formed old loan numbers are kept (the first holder wins); the rest get numbers after the highest.
  const keepNumber = new Map<string, string>()
  const kept = new Set<string>()
  for (const loan of loans) {
    const n = loan.loanNumber
    if (
      run.maps.get('loan')?.has(loan.id ?? '') ||
      n === null ||
      !/^LN\d{8}$/.test(n) ||
      numbers.has(n) ||
      kept.has(n)
    )
      continue
    keepNumber.set(loan.id ?? '', n)
    kept.add(n)
  }
  let nextNumber = 0
  for (const n of [...numbers, ...kept]) {
    const digits = /^LN(\d+)$/.exec(n)?.[1]
    if (digits !== undefined) nextNumber = Math.max(nextNumber, Number(digits))
  }
  let done = 0

  // Rows are written 500 loans at a time (a few statements per batch, not per loan). Repayments go in
  // the order the old system took them: the replay breaks ties on one date by posting order.
  const pending = {
    loans: [] as Insertable<Database['loan']>[],
    events: [] as Insertable<Database['loan_event']>[],
    installments: [] as Insertable<Database['loan_installment']>[],
    repayments: [] as Insertable<Database['repayment']>[],
    loanPairs: [] as [string, string][],
    repaymentPairs: [] as [string, string][],
  }
  const flush = async () => {
    await insertChunked(pending.loans.splice(0), 1000, (c) => run.trx.insertInto('loan').values(c).execute())
    await insertChunked(pending.events.splice(0), 2000, (c) =>
      run.trx.insertInto('loan_event').values(c).execute(),
    )
    await insertChunked(pending.installments.splice(0), 5000, (c) =>
      run.trx.insertInto('loan_installment').values(c).execute(),
    )
    await insertChunked(pending.repayments.splice(0), 2000, (c) =>
      run.trx.insertInto('repayment').values(c).execute(),
    )
    await remember(run, 'loan', pending.loanPairs.splice(0))
    await remember(run, 'repayment', pending.repaymentPairs.splice(0))
  }
  const typeNames = new Map<string, string>()
  for (const loan of loans) {
    run.progress('loans', ++done, loans.length)
    const legacyId = loan.id ?? ''
    const loanRepayments = repaymentsByLoan.get(legacyId) ?? []
    const loanItems = itemsByLoan.get(legacyId) ?? []
    if (!isNew(run, 'loan', legacyId)) {
      for (const r of loanRepayments) {
        if (isNew(run, 'repayment', r.id ?? ''))
          refuse(
            run,
            'repayment',
            r.id ?? '',
            'taken after its loan was imported (freeze the old system before the final import)',
            loan.loanNumber ?? '',
          )
      }
      countsOf(run, 'schedule_item').found += loanItems.length
      countsOf(run, 'schedule_item').existing += loanItems.length
      continue
    }
    const refuseWithChildren = (reason: string, detail?: string) => {
      refuse(run, 'loan', legacyId, reason, detail ?? loan.loanNumber ?? '')
      for (const r of loanRepayments) {
        countsOf(run, 'repayment').found += 1
        refuse(run, 'repayment', r.id ?? '', `its loan was refused (${reason})`)
      }
      countsOf(run, 'schedule_item').found += loanItems.length
      countsOf(run, 'schedule_item').refused += loanItems.length
    }
    if (loan.deletedAt !== null) {
      refuseWithChildren('deleted in the old system')
      continue
    }
    const memberId = mapped(run, 'member', loan.unionMemberId)
    if (memberId === null) {
      refuseWithChildren('member not imported (orphan, deleted or refused)', loan.unionMemberId ?? '')
      continue
    }
    const principal = koboOf(loan.principalAmount)
    if ('refusal' in principal || principal.kobo < 1) {
      refuseWithChildren('principal not a positive amount in whole kobo', loan.principalAmount ?? '')
      continue
    }
    const fee = koboOf(loan.processingFeeAmount)
    const termCount = Number(loan.termCount ?? 0)
    if (!Number.isInteger(termCount) || termCount < 1 || termCount > 1200) {
      refuseWithChildren('term count out of range', loan.termCount ?? '')
      continue
    }
    const termUnit = termUnitOf(loan.termUnit)
    const startDate = dayOf(loan.startDate, run.timeZone)
    if (startDate === null) {
      refuseWithChildren('no start date')
      continue
    }
    const oldStatus = loan.status ?? 'DRAFT'
    const isDisbursed = DISBURSED.includes(oldStatus)
    const loanTypeId = mapped(run, 'loan_type', loan.loanTypeId) ?? (await noProductType(run, termUnit))
    let typeName = typeNames.get(loanTypeId)
    if (typeName === undefined) {
      typeName = (
        await run.trx
          .selectFrom('loan_type')
          .select('name')
          .where('id', '=', loanTypeId)
          .executeTakeFirstOrThrow()
      ).name
      typeNames.set(loanTypeId, typeName)
    }
    let number = keepNumber.get(legacyId)
    if (number === undefined) {
      note(run, 'loan', 'malformed or taken loan number replaced')
      nextNumber += 1
      number = `LN${String(nextNumber).padStart(8, '0')}`
    }
    const createdBy = mapped(run, 'staff', loan.createdByUserId)
    const isLive = ['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'ACTIVE', 'DEFAULTED'].includes(oldStatus)
    const override =
      isLive && liveByMember.has(memberId)
        ? 'Imported: the old system let this member hold another live loan'
        : null
    if (override !== null) note(run, 'loan', 'second live loan of a member (override recorded)')
    if (isLive) liveByMember.add(memberId)
    const disbursedOn = isDisbursed ? (dayOf(loan.disbursedAt, run.timeZone) ?? startDate) : null
    const status: LoanStatusValue = isDisbursed
      ? oldStatus === 'WRITTEN_OFF'
        ? 'WRITTEN_OFF'
        : 'ACTIVE'
      : (oldStatus as LoanStatusValue)
    const closedAt =
      instantOf(loan.closedAt) ??
      (status === 'WRITTEN_OFF' || status === 'CANCELED' ? instantOf(loan.updatedAt) : null)
    const id = newId()
    pending.loans.push({
      id,
      loan_number: number,
      member_id: memberId,
      loan_type_id: loanTypeId,
      loan_type_name: typeName,
      principal: principal.kobo,
      term_count: termCount,
      term_unit: termUnit,
      start_date: startDate,
      interest: INTEREST_NONE,
      processing_fee_rule: null,
      penalty: null,
      allocation_order: 'VERTICAL',
      rounding: 'HALF_EVEN',
      installment_multiple: null,
      processing_fee: 'kobo' in fee && fee.kobo >= 0 ? fee.kobo : 0,
      status,
      live_loan_override_reason: override,
      created_by: createdBy,
      submitted_by: createdBy,
      submitted_at: instantOf(loan.createdAt),
      disbursed_at: isDisbursed ? (instantOf(loan.disbursedAt) ?? instantOf(loan.startDate)) : null,
      disbursed_on: disbursedOn,
      closed_reason:
        status === 'WRITTEN_OFF'
          ? 'Written off in the old system'
          : status === 'CANCELED'
            ? 'Canceled in the old system'
            : null,
      closed_at: status === 'WRITTEN_OFF' || status === 'CANCELED' ? closedAt : null,
      created_at: instantOf(loan.createdAt) ?? new Date(),
    })
    pending.events.push({
      loan_id: id,
      kind: 'IMPORTED',
      to_status: status,
      reason: 'Imported from the old system',
      details: JSON.stringify({
        legacyId,
        oldStatus,
        notes: loan.notes,
        penaltyPerDayNeverCharged: loan.penaltyFeePerDayAmount,
      }),
      created_at: instantOf(loan.createdAt) ?? new Date(),
    })
    pending.loanPairs.push([legacyId, id])

    const liveItems = loanItems.filter((item) => item.deletedAt === null)
    countsOf(run, 'schedule_item').found += loanItems.length
    if (!isDisbursed) {
      countsOf(run, 'schedule_item').refused += loanItems.length
      if (loanItems.length > 0)
        countsOf(run, 'schedule_item').reasons['loan never disbursed'] = loanItems.length
      for (const r of loanRepayments) {
        countsOf(run, 'repayment').found += 1
        refuse(run, 'repayment', r.id ?? '', 'its loan was never disbursed', loan.loanNumber ?? '')
      }
      continue
    }
    const schedule = buildSchedule({
      principal: principal.kobo,
      termCount,
      termUnit,
      startDate,
      interest: { method: 'NONE' },
      rounding: 'HALF_EVEN',
    })
    pending.installments.push(
      ...schedule.installments.map((i) => ({
        loan_id: id,
        sequence: i.sequence,
        due_date: i.dueDate,
        principal: i.principal,
        interest: i.interest,
        fee: i.fee,
      })),
    )
    // The old schedule rows are replaced by the engine's; the count says how many were read and compared.
    countsOf(run, 'schedule_item').imported += liveItems.length
    countsOf(run, 'schedule_item').notes['replaced by the engine’s schedule (compared in the report)'] =
      (countsOf(run, 'schedule_item').notes['replaced by the engine’s schedule (compared in the report)'] ??
        0) + liveItems.length
    countsOf(run, 'schedule_item').refused += loanItems.length - liveItems.length
    if (loanItems.length > liveItems.length)
      countsOf(run, 'schedule_item').reasons['deleted in the old system'] =
        (countsOf(run, 'schedule_item').reasons['deleted in the old system'] ?? 0) +
        loanItems.length -
        liveItems.length

    let scheduled = 0
    let itemsPaid = 0
    let allocationDrift = 0
    const dueDates = new Map<number, string>()
    for (const item of liveItems) {
      const due = koboOf(item.principalDue)
      const paid = koboOf(item.paidAmount)
      scheduled += 'kobo' in due ? due.kobo : 0
      const paidKobo = 'kobo' in paid ? paid.kobo : 0
      itemsPaid += paidKobo
      const day = dayOf(item.dueDate, run.timeZone)
      if (day !== null) dueDates.set(Number(item.sequence), day)
      let allocated = 0
      for (const a of allocationsByItem.get(item.id ?? '') ?? []) {
        const amount = koboOf(a.amount)
        const repaymentLoan_ = repaymentLoan.get(a.repaymentId ?? '')
        if ('kobo' in amount && repaymentLoan_ === legacyId) allocated += amount.kobo
      }
      if (allocated !== paidKobo) allocationDrift += 1
    }

    let repaid = 0
    let refusedRepayments = 0
    for (const r of loanRepayments) {
      const rid = r.id ?? ''
      if (!isNew(run, 'repayment', rid)) continue
      const amount = koboOf(r.amount)
      const paidOn = dayOf(r.paidAt, run.timeZone)
      if ('refusal' in amount || amount.kobo < 1) {
        refuse(
          run,
          'repayment',
          rid,
          'amount not a positive amount in whole kobo',
          `${loan.loanNumber}: ${r.amount}`,
        )
        refusedRepayments += 1
        continue
      }
      if (paidOn === null) {
        refuse(run, 'repayment', rid, 'no payment date', loan.loanNumber ?? '')
        refusedRepayments += 1
        continue
      }
      const deletedAt = instantOf(r.deletedAt)
      if (deletedAt === null) repaid += amount.kobo
      const method = METHODS.find((m) => m === r.method) ?? 'OTHER'
      const deletedOn = deletedAt === null ? null : (dayOf(r.deletedAt, run.timeZone) ?? paidOn)
      const repaymentId = newId()
      pending.repayments.push({
        id: repaymentId,
        receipt_number: `LEG-${rid}`.slice(0, 64),
        loan_id: id,
        amount: amount.kobo,
        paid_on: paidOn,
        method,
        reference: r.reference,
        notes: r.notes,
        received_by: mapped(run, 'staff', r.receivedByUserId),
        idempotency_key: `legacy:${rid}`,
        request_hash: 'legacy-import',
        created_at: instantOf(r.createdAt) ?? new Date(),
        // A payment the old system deleted (within its 24 hours) is kept here as reversed: never lost.
        reversed_at: deletedAt,
        reversed_on: deletedOn === null ? null : deletedOn < paidOn ? paidOn : deletedOn,
        reversal_reason: deletedAt === null ? null : 'Deleted in the old system',
      })
      if (deletedAt !== null) note(run, 'repayment', 'deleted in the old system, kept as reversed')
      pending.repaymentPairs.push([rid, repaymentId])
    }
    if (pending.loans.length >= 500) await flush()

    oldFigures.set(id, {
      legacyId,
      loanNumber: number,
      principal: principal.kobo,
      oldStatus,
      itemCount: liveItems.length,
      scheduled,
      itemsPaid,
      repaid,
      refusedRepayments,
      dueDates,
      allocationDrift,
      oldUnionId: loan.unionId,
      memberUnionId: memberUnion.get(loan.unionMemberId ?? '') ?? null,
      hasNoDisbursementDate: loan.disbursedAt === null,
      schedule,
    })
  }
  await flush()
  const allocationCounts = countsOf(run, 'allocation')
  allocationCounts.found += allocations.length
  await ledgerAndCompare(run, oldFigures)
  allocationCounts.notes['replaced by the engine’s allocation of the same payments'] = allocations.length
}
