import { sql, type Database, type Kysely } from '@mp/db'
import { LEGACY_DDL } from './legacy-ddl.js'
import { mulberry32 } from './random.js'

/**
 * A deterministic legacy database for the cut-over tests: staff, unions, members, loans, schedules,
 * repayments and documents written the way the old system wrote them (docs/cutover.md, "The old
 * system, in short"), including its faults:
 *
 * - schedules split principal ÷ term rounded to the kobo with the remainder never scheduled;
 * - monthly due dates rolled over month ends (31 Jan + 1 month = early March), not clamped;
 * - no overpayment guard (a loan paid above its principal), admin-booked loans ACTIVE with no disbursement;
 * - a payment deleted within its 24 hours; allocation rows that disagree with the items' paid amounts;
 * - soft-deleted staff, unions, members, loans (their schedules and payments deleted with them);
 * - a loan left under the union its member moved away from; a member holding two live loans;
 * - a union assignment history row pointing at no union; a member move with no old union;
 * - duplicate (by case) and malformed emails, malformed and shared phones, a member without a code;
 * - guarantors only as loan documents tagged `GUARANTOR_ID:<id>` (their names never stored).
 *
 * `expected` says what the import should make of it, for the tests to check.
 */
export type LegacyFixture = {
  officerEmail: string
  /** Loans of that officer's unions the import should bring across. */
  officerLoanNumbers: string[]
  counts: { staff: number; unions: number; loans: number; liveUsers: number }
  faults: {
    remainderLoan: string
    overpaidLoan: string
    movedLoan: string
    deletedLoan: string
    orphanHistoryId: string
    deletedRepaymentId: string
    malformedEmailUserId: string
    duplicateEmailUserId: string
    rolloverLoan: string
  }
}

type Value = string | number | boolean | null | undefined
type Row = Record<string, Value>

export async function createLegacyDatabase(legacy: Kysely<Database>): Promise<void> {
  await sql.raw(LEGACY_DDL).execute(legacy)
}

async function insert(db: Kysely<Database>, table: string, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0] ?? {})
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500)
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) values ${sql.join(
      chunk.map((row) => sql`(${sql.join(columns.map((c) => row[c] ?? null))})`),
    )}`.execute(db)
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, '0')
const naira = (kobo: number) => `${Math.trunc(kobo / 100)}.${pad(kobo % 100, 2)}`
/** UTC instant text as Prisma writes it. */
const at = (date: Date) => date.toISOString().replace('T', ' ').replace('Z', '')
const DAY = 86_400_000

/** The old system's due date: JavaScript's month arithmetic (a 31st rolls into the next month). */
function oldDueDate(start: Date, unit: 'DAY' | 'WEEK' | 'MONTH', i: number): Date {
  if (unit === 'DAY') return new Date(start.getTime() + i * DAY)
  if (unit === 'WEEK') return new Date(start.getTime() + 7 * i * DAY)
  const d = new Date(start.getTime())
  d.setUTCMonth(d.getUTCMonth() + i)
  return d
}

export async function fillLegacyDatabase(
  db: Kysely<Database>,
  seed = 7,
  options: { membersPerUnion?: number } = {},
): Promise<LegacyFixture> {
  const membersPerUnion = options.membersPerUnion ?? 6
  const random = mulberry32(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  let counter = 0
  const cuid = (prefix: string) =>
    `c${prefix}${pad(++counter, 6)}${Math.floor(random() * 36 ** 4).toString(36)}`
  const created = new Date('2025-11-01T09:00:00Z')
  const stamp = (offsetDays: number) => at(new Date(created.getTime() + offsetDays * DAY))
  const hash = '$2a$10$abcdefghijklmnopqrstuvCm0Ip7yE8rHq1n3s6W2u1jB4lK9o5aK'

  await insert(db, 'CompanySetting', [
    {
      id: 'default',
      name: 'Millennium Potters',
      email: 'info@millenniumpotters.example',
      phone: '08031234567',
      address: 'Lagos',
      timezone: 'Africa/Lagos',
      updatedAt: stamp(0),
    },
  ])

  // Staff: an admin, two supervisors, four officers, and the faulty accounts.
  const users: Row[] = []
  const user = (email: string, role: string, extra: Row = {}) => {
    const row: Row = {
      id: cuid('u'),
      email,
      passwordHash: hash,
      role,
      isActive: true,
      supervisorId: null,
      firstName: email.split('@')[0] ?? 'x',
      lastName: 'Legacy',
      phone: null,
      createdAt: stamp(users.length),
      updatedAt: stamp(users.length),
      deletedAt: null,
      ...extra,
    }
    users.push(row)
    return row
  }
  const admin = user('admin@legacy.example', 'ADMIN', { firstName: 'Ada', lastName: 'Admin' })
  const supervisors = [
    user('sup1@legacy.example', 'SUPERVISOR'),
    user('sup2@legacy.example', 'SUPERVISOR', { phone: '0803 111 2222' }),
  ]
  const officers = [0, 1, 2, 3].map((i) =>
    user(`officer${i + 1}@legacy.example`, 'CREDIT_OFFICER', {
      supervisorId: supervisors[i % 2]?.id ?? null,
      firstName: `Officer${i + 1}`,
      phone: i === 1 ? 'not-a-phone' : `0805${pad(1000000 + i, 7)}`,
    }),
  )
  const duplicate = user('Officer1@Legacy.example', 'CREDIT_OFFICER', {
    supervisorId: supervisors[0]?.id ?? null,
  })
  const malformed = user('officer.at.nowhere', 'CREDIT_OFFICER')
  user('gone@legacy.example', 'CREDIT_OFFICER', { deletedAt: stamp(30), isActive: false })
  user('paused@legacy.example', 'SUPERVISOR', { isActive: false, firstName: null, lastName: null })
  await insert(db, 'User', users)

  // Unions: two per officer, one deleted, two live with the same name.
  const unions: Row[] = []
  officers.forEach((officer, i) => {
    for (let k = 0; k < 2; k += 1)
      unions.push({
        id: cuid('n'),
        name: i === 3 && k === 1 ? 'Oja Union' : `Union ${i + 1}${'AB'[k]}`,
        location: 'Lagos',
        address: null,
        creditOfficerId: officer.id,
        createdAt: stamp(5 + unions.length),
        updatedAt: stamp(5),
        deletedAt: null,
      })
  })
  unions.push({
    id: cuid('n'),
    name: 'Oja Union',
    location: 'Ibadan',
    address: null,
    creditOfficerId: officers[0]?.id ?? '',
    createdAt: stamp(20),
    updatedAt: stamp(20),
    deletedAt: null,
  })
  unions.push({
    id: cuid('n'),
    name: 'Closed Union',
    location: null,
    address: null,
    creditOfficerId: officers[1]?.id ?? '',
    createdAt: stamp(21),
    updatedAt: stamp(40),
    deletedAt: stamp(40),
  })
  await insert(db, 'Union', unions)
  const orphanHistoryId = cuid('h')
  await insert(db, 'UnionAssignmentHistory', [
    {
      id: cuid('h'),
      unionId: unions[0]?.id ?? '',
      oldOfficerId: officers[1]?.id ?? null,
      newOfficerId: officers[0]?.id ?? '',
      changedByUserId: admin.id,
      reason: null,
      changedAt: stamp(10),
    },
    {
      id: orphanHistoryId,
      unionId: 'cnounionever',
      oldOfficerId: null,
      newOfficerId: officers[2]?.id ?? '',
      changedByUserId: admin.id,
      reason: 'moved',
      changedAt: stamp(11),
    },
  ])

  const loanTypes: Row[] = [
    {
      id: cuid('t'),
      name: 'Daily Contribution Loan',
      description: null,
      minAmount: '5000.00',
      maxAmount: '100000.00',
      termUnit: 'DAY',
      minTerm: 1,
      maxTerm: 60,
      isActive: true,
      createdAt: stamp(1),
      updatedAt: stamp(1),
      deletedAt: null,
    },
    {
      id: cuid('t'),
      name: 'Weekly Trader Loan',
      description: 'For market traders',
      minAmount: '10000.00',
      maxAmount: '300000.00',
      termUnit: 'WEEK',
      minTerm: 1,
      maxTerm: 24,
      isActive: true,
      createdAt: stamp(1),
      updatedAt: stamp(1),
      deletedAt: null,
    },
    {
      id: cuid('t'),
      name: 'Monthly Loan',
      description: null,
      minAmount: '20000.00',
      maxAmount: '500000.00',
      termUnit: 'MONTH',
      minTerm: 1,
      maxTerm: 12,
      isActive: true,
      createdAt: stamp(1),
      updatedAt: stamp(1),
      deletedAt: null,
    },
    {
      id: cuid('t'),
      name: 'Retired Product',
      description: null,
      minAmount: '1000.00',
      maxAmount: '2000.00',
      termUnit: 'MONTH',
      minTerm: 1,
      maxTerm: 3,
      isActive: false,
      createdAt: stamp(1),
      updatedAt: stamp(2),
      deletedAt: stamp(2),
    },
  ]
  await insert(db, 'LoanType', loanTypes)
  const docTypes: Row[] = ['Passport Photo', 'National ID', 'Utility Bill'].map((name, i) => ({
    id: cuid('d'),
    code: name
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(0, 8),
    name,
    description: null,
    isActive: true,
    createdAt: stamp(1 + i),
    updatedAt: stamp(1),
    deletedAt: null,
  }))
  await insert(db, 'DocumentType', docTypes)

  // Members: six per union (or as asked), phones in every format the old forms let through.
  const members: Row[] = []
  const FIRST = [
    'Adaeze',
    'Bola',
    'Chinedu',
    'Damilola',
    'Emeka',
    'Funke',
    'Gbenga',
    'Halima',
    'Ifeoma',
    'Jide',
    'Kemi',
    'Lanre',
  ]
  const LAST = ['Okafor', 'Adeyemi', 'Balogun', 'Eze', 'Ibrahim', 'Okonkwo', 'Salami', 'Uche']
  let memberNo = 0
  for (const union of unions) {
    for (let k = 0; k < membersPerUnion; k += 1) {
      memberNo += 1
      const digits = pad(3000000 + memberNo, 7)
      const phone =
        memberNo === 3
          ? '12345'
          : memberNo === 4
            ? 'N/A'
            : memberNo === 6
              ? '0803 300 0005'
              : pick([`0803${digits}`, `+234803${digits}`, `234 803 ${digits}`, `0803-${digits}`])
      members.push({
        id: cuid('m'),
        code: memberNo === 7 ? null : memberNo === 8 ? 'M-8' : `MEM${pad(memberNo, 6)}`,
        firstName: pick(FIRST),
        lastName: pick(LAST),
        phone,
        email: memberNo === 9 ? 'not an email' : memberNo % 5 === 0 ? `member${memberNo}@mail.example` : null,
        address: 'Lagos',
        dateOfBirth: memberNo % 4 === 0 ? '1985-04-12 00:00:00' : null,
        gender: pick(['Male', 'female', 'F', null, 'unknown']),
        maritalStatus: pick(['Married', 'single', null]),
        profession: 'Trader',
        company: null,
        city: 'Lagos',
        state: 'Lagos',
        country: 'Nigeria',
        isVerified: true,
        unionId: union.id,
        currentOfficerId: union.creditOfficerId,
        createdAt: stamp(25 + memberNo / 10),
        updatedAt: stamp(25),
        deletedAt: union.deletedAt !== null || memberNo === 10 ? stamp(50) : null,
      })
    }
  }
  await insert(db, 'UnionMember', members)
  // One member moved from union 0 to union 2 (their old loan stays under union 0, as the old system did);
  // one move with no old union.
  const mover = members[1]
  const firstUnion = unions[0]
  const thirdUnion = unions[2]
  if (mover === undefined || firstUnion === undefined || thirdUnion === undefined) throw new Error('fixture')
  await sql`update "UnionMember" set "unionId" = ${thirdUnion.id}, "currentOfficerId" = ${thirdUnion.creditOfficerId} where "id" = ${mover.id}`.execute(
    db,
  )
  mover.unionId = thirdUnion.id
  await insert(db, 'UnionMemberReassignment', [
    {
      id: cuid('r'),
      unionMemberId: mover.id,
      oldUnionId: firstUnion.id,
      newUnionId: thirdUnion.id,
      oldOfficerId: firstUnion.creditOfficerId,
      newOfficerId: thirdUnion.creditOfficerId,
      changedByUserId: admin.id,
      reason: 'Moved market',
      changedAt: stamp(60),
    },
    {
      id: cuid('r'),
      unionMemberId: members[2]?.id ?? '',
      oldUnionId: null,
      newUnionId: firstUnion.id,
      oldOfficerId: null,
      newOfficerId: null,
      changedByUserId: admin.id,
      reason: null,
      changedAt: stamp(61),
    },
  ])

  // Loans: one per live member of a live union (plus a second live loan and a deleted one).
  const loans: Row[] = []
  const items: Row[] = []
  const repayments: Row[] = []
  const allocations: Row[] = []
  const loanDocs: Row[] = []
  const memberDocs: Row[] = []
  const audit: Row[] = []
  const faults: Partial<LegacyFixture['faults']> = {
    orphanHistoryId,
    malformedEmailUserId: String(malformed.id),
    duplicateEmailUserId: String(duplicate.id),
  }
  const today = new Date('2026-12-01T12:00:00Z')
  let loanNo = 0
  const officerLoanNumbers: string[] = []
  const bookLoan = (
    member: Row,
    options: {
      status?: string
      principal?: number
      type?: Row
      start?: Date
      deleted?: boolean
      overpay?: boolean
      unionId?: string
      deleteOnePayment?: boolean
      noDisbursement?: boolean
    } = {},
  ) => {
    loanNo += 1
    const type = options.type ?? pick(loanTypes.slice(0, 3))
    const unit = type.termUnit as 'DAY' | 'WEEK' | 'MONTH'
    const termCount =
      unit === 'DAY' ? pick([30, 45, 60]) : unit === 'WEEK' ? pick([7, 12, 24]) : pick([3, 6, 7])
    const principal = options.principal ?? pick([1000000, 2500000, 5000000, 10000000])
    const start =
      options.start ?? new Date(Date.UTC(2026, Math.floor(random() * 9), 1 + Math.floor(random() * 27), 9))
    const status = options.status ?? 'ACTIVE'
    const loanId = cuid('l')
    const loanNumber = `LN${pad(loanNo, 8)}`
    const union = unions.find((u) => u.id === (options.unionId ?? member.unionId))
    // The officer who sees a loan here is the one of the member's current union (a loan follows its member).
    const isOfficers = unions.find((u) => u.id === member.unionId)?.creditOfficerId === officers[0]?.id
    const isDisbursed = ['ACTIVE', 'COMPLETED', 'DEFAULTED', 'WRITTEN_OFF'].includes(status)
    loans.push({
      id: loanId,
      loanNumber,
      unionMemberId: member.id,
      unionId: options.unionId ?? member.unionId,
      loanTypeId: type.id,
      principalAmount: naira(principal),
      termCount,
      termUnit: unit,
      startDate: at(start),
      endDate: at(oldDueDate(start, unit, termCount)),
      processingFeeAmount: naira(Math.round(principal * 0.02)),
      processingFeeCollected: false,
      penaltyFeePerDayAmount: '100.00',
      status,
      createdByUserId: union?.creditOfficerId ?? admin.id,
      assignedOfficerId: union?.creditOfficerId ?? null,
      disbursedAt: isDisbursed && !options.noDisbursement ? at(start) : null,
      closedAt:
        status === 'COMPLETED' || status === 'WRITTEN_OFF' ? at(new Date(start.getTime() + 200 * DAY)) : null,
      notes: 'Booked in the old system',
      createdAt: at(new Date(start.getTime() - DAY)),
      updatedAt: at(start),
      deletedAt: options.deleted ? at(new Date(start.getTime() + 2 * DAY)) : null,
    })
    if (isOfficers && !options.deleted && member.deletedAt === null) officerLoanNumbers.push(loanNumber)
    if (!isDisbursed && status !== 'APPROVED') return loanNumber
    // The old schedule: principal ÷ term, each rounded to the kobo, remainder never scheduled.
    const each = Math.round(principal / termCount)
    const schedule: Row[] = []
    for (let i = 1; i <= termCount; i += 1) {
      schedule.push({
        id: cuid('s'),
        loanId,
        sequence: i,
        dueDate: at(oldDueDate(start, unit, i)),
        principalDue: naira(each),
        interestDue: '0.00',
        feeDue: '0.00',
        totalDue: naira(each),
        paidAmount: '0.00',
        status: 'PENDING',
        closedAt: null,
        createdAt: at(start),
        updatedAt: at(start),
        deletedAt: options.deleted ? at(start) : null,
      })
    }
    // Payments: whole installments on some due dates; completed loans pay the scheduled total.
    const scheduledTotal = each * termCount
    let paidTotal = 0
    const dues = schedule.map((s) => new Date(`${String(s.dueDate).replace(' ', 'T')}Z`))
    const payments: { amount: number; at: Date; deleted: boolean }[] = []
    const payable = dues.filter((d) => d < today)
    const count = status === 'COMPLETED' ? termCount : Math.floor(random() * (payable.length + 1))
    for (let i = 0; i < count; i += 1) {
      const when = status === 'COMPLETED' ? (dues[i] ?? start) : (payable[i] ?? start)
      const amount = status === 'COMPLETED' && i === count - 1 ? scheduledTotal - paidTotal : each
      payments.push({
        amount,
        at: new Date(Math.min(when.getTime() + 3600_000, today.getTime() - DAY)),
        deleted: false,
      })
      paidTotal += amount
    }
    if (options.overpay)
      payments.push({
        amount: principal,
        at: new Date(Math.min(start.getTime() + 20 * DAY, today.getTime() - DAY)),
        deleted: false,
      })
    if (options.deleteOnePayment)
      payments.push({ amount: each, at: new Date(start.getTime() + 5 * DAY), deleted: true })
    let pool = 0
    for (const payment of payments) {
      const repaymentId = cuid('p')
      repayments.push({
        id: repaymentId,
        loanId,
        receivedByUserId: union?.creditOfficerId ?? admin.id,
        amount: naira(payment.amount),
        paidAt: at(payment.at),
        method: pick(['CASH', 'TRANSFER', 'POS']),
        reference: null,
        notes: null,
        createdAt: at(payment.at),
        updatedAt: at(payment.at),
        deletedAt: payment.deleted || options.deleted ? at(new Date(payment.at.getTime() + 3600_000)) : null,
      })
      if (payment.deleted) {
        faults.deletedRepaymentId = repaymentId
        continue
      }
      // allocatePayment: poured item by item (the row clicked first, here sometimes the last one).
      let left = payment.amount
      const order = random() < 0.2 ? [...schedule].reverse() : schedule
      for (const item of order) {
        const owed = each - Number(String(item.paidAmount).replace('.', ''))
        if (left <= 0 || owed <= 0) continue
        const take = Math.min(left, owed)
        allocations.push({
          id: cuid('a'),
          repaymentId,
          scheduleItemId: item.id,
          amount: naira(take),
          createdAt: at(payment.at),
        })
        item.paidAmount = naira(Number(String(item.paidAmount).replace('.', '')) + take)
        left -= take
      }
      pool += payment.amount
    }
    // recalculateRemainingSchedules: the paid amounts re-poured oldest first (the allocations keep the first pour).
    let waterfall = pool
    for (const item of schedule) {
      const take = Math.min(waterfall, each)
      item.paidAmount = naira(take)
      item.status = take >= each ? 'PAID' : take > 0 ? 'PARTIAL' : 'PENDING'
      waterfall -= take
    }
    items.push(...schedule)
    loanDocs.push({
      id: cuid('o'),
      loanId,
      documentTypeId: docTypes[1]?.id ?? '',
      fileUrl: `https://res.cloudinary.com/legacy/raw/upload/loan-documents/${loanId}.pdf`,
      issuingAuthority: null,
      issueDate: null,
      expiryDate: null,
      verified: false,
      verificationNotes: `GUARANTOR_ID:g${loanNo}`,
      uploadedByUserId: union?.creditOfficerId ?? admin.id,
      uploadedAt: at(start),
      deletedAt: null,
    })
    return loanNumber
  }

  const liveMembers = members.filter((m) => m.deletedAt === null)
  for (const [index, member] of liveMembers.entries()) {
    const status =
      index % 11 === 5
        ? 'COMPLETED'
        : index % 13 === 7
          ? 'WRITTEN_OFF'
          : index % 17 === 3
            ? 'PENDING_APPROVAL'
            : index % 19 === 4
              ? 'DEFAULTED'
              : 'ACTIVE'
    const number = bookLoan(member, { status })
    if (index === 0) faults.remainderLoan = number
    memberDocs.push({
      id: cuid('q'),
      unionMemberId: member.id,
      documentTypeId: docTypes[0]?.id ?? '',
      fileUrl: `https://res.cloudinary.com/legacy/image/upload/customer-documents/${String(member.id)}.jpg`,
      issuingAuthority: null,
      issueDate: null,
      expiryDate: null,
      verified: index % 2 === 0,
      verificationNotes: null,
      uploadedByUserId: admin.id,
      uploadedAt: stamp(30),
      deletedAt: null,
    })
  }
  // The faults, one loan each.
  const m0 = liveMembers[0]
  const m2 = liveMembers[2]
  const m3 = liveMembers[3]
  if (m0 === undefined || m2 === undefined || m3 === undefined) throw new Error('fixture')
  faults.remainderLoan = bookLoan(m0, { principal: 1000000, type: loanTypes[0], status: 'ACTIVE' })
  faults.overpaidLoan = bookLoan(m2, { overpay: true, deleteOnePayment: true })
  faults.movedLoan = bookLoan(mover, { unionId: String(firstUnion.id), status: 'ACTIVE' })
  faults.deletedLoan = bookLoan(m3, { deleted: true })
  faults.rolloverLoan = bookLoan(m3, {
    type: loanTypes[2],
    start: new Date('2026-01-31T09:00:00Z'),
    noDisbursement: true,
    principal: 6000000,
  })
  await insert(db, 'Loan', loans)
  await insert(db, 'RepaymentScheduleItem', items)
  await insert(db, 'Repayment', repayments)
  await insert(db, 'RepaymentAllocation', allocations)
  // A loan document for a loan that was deleted, and member documents.
  await insert(db, 'LoanDocument', loanDocs)
  await insert(db, 'UnionMemberDocument', memberDocs)
  await insert(db, 'UserNote', [
    {
      id: cuid('x'),
      userId: officers[0]?.id ?? '',
      title: 'Field visit',
      content: 'Good collection rate',
      category: 'performance',
      isPrivate: false,
      createdByUserId: supervisors[0]?.id ?? '',
      createdAt: stamp(70),
      updatedAt: stamp(70),
    },
  ])
  for (const loan of loans.slice(0, 10)) {
    audit.push({
      id: cuid('z'),
      actorUserId: admin.id,
      action: 'LOAN_CREATED',
      entityName: 'Loan',
      entityId: loan.id,
      before: null,
      after: JSON.stringify({ loanNumber: loan.loanNumber }),
      metadata: JSON.stringify({ method: 'POST', path: '/api/loans' }),
      ipAddress: '10.0.0.1',
      userAgent: 'Mozilla',
      createdAt: loan.createdAt,
    })
  }
  audit.push({
    id: cuid('z'),
    actorUserId: null,
    action: 'SYSTEM_RESET',
    entityName: 'System',
    entityId: 'unknown',
    before: null,
    after: null,
    metadata: null,
    ipAddress: null,
    userAgent: null,
    createdAt: stamp(3),
  })
  await insert(db, 'AuditLog', audit)

  return {
    officerEmail: 'officer1@legacy.example',
    officerLoanNumbers,
    counts: {
      staff: users.length,
      unions: unions.length,
      loans: loans.length,
      liveUsers: users.filter((u) => u.deletedAt === null).length,
    },
    faults: faults as LegacyFixture['faults'],
  }
}
