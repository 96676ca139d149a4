import type { StaffRole } from '@mp/db'
import { todayIn } from '@mp/domain'
import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appRouter } from '../src/index.js'
import type { ProcedureAccess } from '../src/trpc.js'
import { addStaff, anonymousCaller, openTestDatabase, signInAs } from './staff-fixtures.js'

/**
 * The role × procedure matrix, generated from the router itself (issue 4). Every procedure must have
 * a rule here; each is called as an anonymous visitor and as each role, and the outcome must match:
 * allowed (any answer but UNAUTHORIZED/FORBIDDEN), UNAUTHORIZED, or FORBIDDEN. Procedures that take
 * a record also get an out-of-scope call that must answer NOT_FOUND. A new procedure without a rule
 * fails this suite.
 */
const ADMIN_ONLY: ProcedureAccess = ['ADMIN']
const SUPERVISORS: ProcedureAccess = ['ADMIN', 'SUPERVISOR']

const RULES: Record<string, ProcedureAccess> = {
  'assignment.reassignUnion': SUPERVISORS,
  'assignment.bulkReassignUnions': ADMIN_ONLY,
  'assignment.unionHistory': 'authenticated',
  'assignment.memberHistory': 'authenticated',
  'audit.list': SUPERVISORS,
  'audit.get': SUPERVISORS,
  'audit.facets': SUPERVISORS,
  'auth.signIn': 'public',
  'backup.list': ADMIN_ONLY,
  'backup.get': ADMIN_ONLY,
  'backup.create': ADMIN_ONLY,
  'backup.delete': ADMIN_ONLY,
  'backup.restore': ADMIN_ONLY,
  'backupSchedule.get': ADMIN_ONLY,
  'backupSchedule.update': ADMIN_ONLY,
  'calendar.weekendDays': 'authenticated',
  'calendar.setWeekendDays': ADMIN_ONLY,
  'calendar.holidays': 'authenticated',
  'calendar.createHoliday': ADMIN_ONLY,
  'calendar.updateHoliday': ADMIN_ONLY,
  'calendar.deleteHoliday': ADMIN_ONLY,
  'calendar.addNigerianHolidays': ADMIN_ONLY,
  'calendar.nonWorkingDays': 'authenticated',
  'auth.signOut': 'public',
  'auth.me': 'public',
  'auth.changePassword': 'authenticated',
  'auth.updateProfile': 'authenticated',
  'auth.sessions': 'authenticated',
  'auth.revokeSession': 'authenticated',
  'auth.revokeOtherSessions': 'authenticated',
  'document.upload': 'authenticated',
  'document.list': 'authenticated',
  'document.verify': SUPERVISORS,
  'document.delete': 'authenticated',
  'collectionSheet.get': 'authenticated',
  'collectionSheet.post': 'authenticated',
  'documentType.list': 'authenticated',
  'documentType.create': ADMIN_ONLY,
  'documentType.update': ADMIN_ONLY,
  'documentType.setActive': ADMIN_ONLY,
  'export.start': 'authenticated',
  'export.status': 'authenticated',
  'guarantor.list': 'authenticated',
  'guarantor.create': 'authenticated',
  'guarantor.update': 'authenticated',
  'guarantor.delete': 'authenticated',
  'loan.list': 'authenticated',
  'loan.get': 'authenticated',
  'loan.preview': 'authenticated',
  'loan.create': 'authenticated',
  'loan.update': 'authenticated',
  'loan.submit': 'authenticated',
  'loan.approve': SUPERVISORS,
  'loan.bulkApprove': SUPERVISORS,
  'loan.reject': SUPERVISORS,
  'loan.withdraw': 'authenticated',
  'loan.disburse': SUPERVISORS,
  'loan.writeOff': ADMIN_ONLY,
  'loan.dueList': 'authenticated',
  'loan.dueListSummary': 'authenticated',
  'loanChange.preview': 'authenticated',
  'loanChange.request': 'authenticated',
  'loanChange.approve': SUPERVISORS,
  'loanChange.reject': SUPERVISORS,
  'loanChange.history': 'authenticated',
  'loanChange.pending': SUPERVISORS,
  'loanChange.waiverReport': 'authenticated',
  'loanChange.waiverLimits': 'authenticated',
  'loanChange.setWaiverLimits': ADMIN_ONLY,
  'loanType.list': 'authenticated',
  'loanType.get': 'authenticated',
  'loanType.create': ADMIN_ONLY,
  'loanType.update': ADMIN_ONLY,
  'loanType.setActive': ADMIN_ONLY,
  'loanType.previewSchedule': 'authenticated',
  'loginHistory.list': 'authenticated',
  'member.list': 'authenticated',
  'member.get': 'authenticated',
  'member.checkDuplicates': 'authenticated',
  'member.create': 'authenticated',
  'member.update': 'authenticated',
  'member.setPhoto': 'authenticated',
  'member.setVerified': SUPERVISORS,
  'member.revealIdentifiers': SUPERVISORS,
  'member.move': ADMIN_ONLY,
  'member.bulkMove': ADMIN_ONLY,
  'member.delete': SUPERVISORS,
  'report.dashboard': 'authenticated',
  'report.portfolio': 'authenticated',
  'report.asOfStart': 'authenticated',
  'report.asOfStatus': 'authenticated',
  'report.officerPerformance': 'authenticated',
  'report.disbursements': 'authenticated',
  'report.repaymentsByMethod': 'authenticated',
  'savedReport.list': SUPERVISORS,
  'savedReport.get': SUPERVISORS,
  'savedReport.create': SUPERVISORS,
  'savedReport.delete': SUPERVISORS,
  'repayment.record': 'authenticated',
  'repayment.reverse': ADMIN_ONLY,
  'repayment.list': 'authenticated',
  'repayment.totals': 'authenticated',
  'repayment.get': 'authenticated',
  'settings.public': 'public',
  'settings.get': 'authenticated',
  'settings.update': ADMIN_ONLY,
  'settings.setMaintenance': ADMIN_ONLY,
  'setup.status': 'public',
  'setup.createFirstAdmin': 'public',
  'staff.list': SUPERVISORS,
  'staff.get': SUPERVISORS,
  'staff.create': SUPERVISORS,
  'staff.update': SUPERVISORS,
  'staff.setActive': SUPERVISORS,
  'staff.assignSupervisor': ADMIN_ONLY,
  'staff.resetPassword': SUPERVISORS,
  'staff.revokeSessions': ADMIN_ONLY,
  'staff.activity': SUPERVISORS,
  'staff.supervisors': SUPERVISORS,
  'staffNote.list': 'authenticated',
  'staffNote.create': 'authenticated',
  'staffNote.update': 'authenticated',
  'staffNote.delete': 'authenticated',
  'search.global': 'authenticated',
  'tour.state': 'authenticated',
  'tour.done': 'authenticated',
  'union.list': 'authenticated',
  'union.get': 'authenticated',
  'union.create': SUPERVISORS,
  'union.update': SUPERVISORS,
  'union.delete': ADMIN_ONLY,
  'union.officers': 'authenticated',
}

type ProcedureDef = {
  _def: { type: 'query' | 'mutation' | 'subscription'; meta?: { access?: ProcedureAccess } }
}
// At runtime `_def.procedures` is flat: "router.procedure" → procedure.
const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureDef>
const ROLES: readonly StaffRole[] = ['ADMIN', 'SUPERVISOR', 'CREDIT_OFFICER']

type Caller = ReturnType<typeof anonymousCaller>
function callProcedure(caller: Caller, path: string, input: unknown): Promise<unknown> {
  // Walk "router.procedure" on the typed caller; input is deliberately untyped here.
  const target = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller)
  return (target as (input: unknown) => Promise<unknown>)(input)
}

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
    return 'OK'
  } catch (error) {
    return error instanceof TRPCError ? error.code : `NOT_A_TRPC_ERROR: ${String(error)}`
  }
}

/** A valid upload form (a real PDF) for a member. */
function documentUploadForm(memberId: string, documentTypeId: string): FormData {
  const form = new FormData()
  form.append('ownerType', 'MEMBER')
  form.append('ownerId', memberId)
  form.append('documentTypeId', documentTypeId)
  form.append('file', new Blob([new TextEncoder().encode('%PDF-1.4\n%%EOF\n')]), 'id.pdf')
  return form
}

const isAllowed = (access: ProcedureAccess, role: StaffRole | 'ANONYMOUS') =>
  access === 'public' || (role !== 'ANONYMOUS' && (access === 'authenticated' || access.includes(role)))

describe('role × procedure matrix', () => {
  let t: Awaited<ReturnType<typeof openTestDatabase>>
  const callers = new Map<StaffRole | 'ANONYMOUS', Caller>()
  let fixtures: {
    officerA: string
    officerB: string
    supervisorB: string
    noteAboutA: string
    auditByA: string
    unionA: string
    unionB: string
    memberA: string
    memberB: string
    guarantorOfA: string
    documentOfA: string
    documentTypeId: string
    loanA: string
    repaymentA: string
  }

  beforeAll(async () => {
    t = await openTestDatabase()
    const admin = await addStaff(t.db, { email: 'admin@example.com', role: 'ADMIN' })
    const supervisorA = await addStaff(t.db, { email: 'sup.a@example.com', role: 'SUPERVISOR' })
    const supervisorB = await addStaff(t.db, { email: 'sup.b@example.com', role: 'SUPERVISOR' })
    const officerA = await addStaff(t.db, {
      email: 'off.a@example.com',
      role: 'CREDIT_OFFICER',
      supervisorId: supervisorA.id,
    })
    const officerB = await addStaff(t.db, {
      email: 'off.b@example.com',
      role: 'CREDIT_OFFICER',
      supervisorId: supervisorB.id,
    })
    callers.set('ANONYMOUS', anonymousCaller(t.db))
    callers.set('ADMIN', (await signInAs(t.db, admin)).caller)
    callers.set('SUPERVISOR', (await signInAs(t.db, supervisorB)).caller)
    callers.set('CREDIT_OFFICER', (await signInAs(t.db, officerB)).caller)

    const asSupervisorA = (await signInAs(t.db, supervisorA)).caller
    const note = await asSupervisorA.staffNote.create({
      staffId: officerA.id,
      body: 'Good collection rate',
      isPrivate: false,
    })
    const asOfficerA = (await signInAs(t.db, officerA)).caller
    await asOfficerA.auth.updateProfile({ firstName: 'Ade', lastName: 'Ola', phone: null })
    const audit = await t.db
      .selectFrom('audit_log')
      .select('id')
      .where('actor_id', '=', officerA.id)
      .executeTakeFirstOrThrow()
    // Team A's union, member and guarantor, and one union of team B (issue 5).
    const unionA = await asSupervisorA.union.create({ name: 'Team A Union', creditOfficerId: officerA.id })
    const memberA = await asOfficerA.member.create({
      unionId: unionA.id,
      firstName: 'Ngozi',
      lastName: 'Okafor',
    })
    const guarantorOfA = await asOfficerA.guarantor.create({
      memberId: memberA.id,
      firstName: 'Ifeanyi',
      lastName: 'Okafor',
      phone: '08035551234',
      relationship: 'Husband',
    })
    const asAdmin = callers.get('ADMIN')
    if (!asAdmin) throw new Error('no admin caller')
    const unionB = await asAdmin.union.create({ name: 'Team B Union', creditOfficerId: officerB.id })
    const memberB = await asAdmin.member.create({ unionId: unionB.id, firstName: 'Tunde', lastName: 'Bello' })
    // A document of member A (the row alone: scope is decided before any file is read).
    const documentType = await asAdmin.documentType.create({ name: 'National ID', appliesTo: ['MEMBER'] })
    const documentOfA = await t.db
      .insertInto('document')
      .values({
        owner_type: 'MEMBER',
        member_id: memberA.id,
        document_type_id: documentType.id,
        file_name: 'id.pdf',
        mime_type: 'application/pdf',
        size_bytes: 9,
        sha256: '0'.repeat(64),
        storage: 'LOCAL',
        storage_key: 'documents/matrix',
        uploaded_by: officerA.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    // An active loan of member A with one repayment (issue 6), made through the workflow.
    const loanType = await asAdmin.loanType.create({
      name: 'Matrix weekly',
      description: null,
      minPrincipal: 1_000_000,
      maxPrincipal: 10_000_000,
      termUnit: 'WEEK',
      minTerm: 4,
      maxTerm: 12,
      interest: { method: 'NONE' },
      processingFee: null,
      penalty: null,
      allocationOrder: 'VERTICAL',
      rounding: 'HALF_EVEN',
      installmentMultiple: null,
    })
    const today = todayIn('Africa/Lagos')
    const loanA = await asOfficerA.loan.create({
      memberId: memberA.id,
      loanTypeId: loanType.id,
      principal: 2_000_000,
      termCount: 4,
      startDate: today,
      guarantorIds: [],
    })
    await asOfficerA.loan.submit({ id: loanA.id })
    await asSupervisorA.loan.approve({ id: loanA.id })
    await asAdmin.loan.disburse({ id: loanA.id, disbursedOn: loanA.today })
    const repaymentA = await asOfficerA.repayment.record({
      loanId: loanA.id,
      amount: 1000,
      paidOn: loanA.today,
      method: 'CASH',
      idempotencyKey: 'matrix-repayment-a',
    })
    fixtures = {
      loanA: loanA.id,
      repaymentA: repaymentA.id,
      documentOfA: documentOfA.id,
      documentTypeId: documentType.id,
      officerA: officerA.id,
      officerB: officerB.id,
      supervisorB: supervisorB.id,
      noteAboutA: note.id,
      auditByA: audit.id,
      unionA: unionA.id,
      unionB: unionB.id,
      memberA: memberA.id,
      memberB: memberB.id,
      guarantorOfA: guarantorOfA.id,
    }
  })
  afterAll(async () => {
    await t.close()
  })

  it('has a rule for every procedure, and the procedure declares the same access', () => {
    const missing = Object.keys(procedures).filter((path) => !(path in RULES))
    expect(missing, 'add an access rule to RULES for these procedures').toEqual([])
    const stale = Object.keys(RULES).filter((path) => !(path in procedures))
    expect(stale, 'these rules name procedures that no longer exist').toEqual([])
    for (const [path, procedure] of Object.entries(procedures)) {
      expect(procedure._def.meta?.access, path).toEqual(RULES[path])
    }
  })

  // Mutations that would change the shared fixtures are called with an invalid input: the gate
  // (UNAUTHORIZED/FORBIDDEN) runs before input validation, so an allowed caller gets BAD_REQUEST.
  const SAFE_INPUT = undefined

  for (const path of Object.keys(RULES)) {
    it(`${path}: anonymous and each role get the answer their access allows`, async () => {
      const access = RULES[path] ?? 'public'
      for (const role of ['ANONYMOUS', ...ROLES] as const) {
        const caller = callers.get(role)
        if (!caller) throw new Error(`no caller for ${role}`)
        const result = await outcome(callProcedure(caller, path, SAFE_INPUT))
        if (isAllowed(access, role)) {
          expect(['UNAUTHORIZED', 'FORBIDDEN'], `${role} should be allowed to call ${path}`).not.toContain(
            result,
          )
          expect(result, `${path} as ${role}`).not.toMatch(/NOT_A_TRPC_ERROR|INTERNAL_SERVER_ERROR/)
        } else {
          expect(result, `${role} calling ${path}`).toBe(role === 'ANONYMOUS' ? 'UNAUTHORIZED' : 'FORBIDDEN')
        }
      }
    })
  }

  it('answers NOT_FOUND, never data, for records outside the caller’s scope', async () => {
    const supervisorB = callers.get('SUPERVISOR')
    const officerB = callers.get('CREDIT_OFFICER')
    if (!supervisorB || !officerB) throw new Error('callers missing')
    const outOfScope: [Caller, string, unknown][] = [
      [supervisorB, 'staff.get', { id: fixtures.officerA }],
      [supervisorB, 'staff.activity', { id: fixtures.officerA }],
      [supervisorB, 'staff.update', { id: fixtures.officerA, firstName: 'Hijack' }],
      [supervisorB, 'staff.setActive', { id: fixtures.officerA, isActive: false, reason: 'not mine' }],
      [supervisorB, 'staff.resetPassword', { id: fixtures.officerA }],
      [supervisorB, 'staffNote.list', { staffId: fixtures.officerA }],
      [supervisorB, 'staffNote.create', { staffId: fixtures.officerA, body: 'x', isPrivate: false }],
      [supervisorB, 'staffNote.update', { id: fixtures.noteAboutA, body: 'x', isPrivate: false }],
      [supervisorB, 'staffNote.delete', { id: fixtures.noteAboutA }],
      [supervisorB, 'audit.get', { id: fixtures.auditByA }],
      [officerB, 'staffNote.list', { staffId: fixtures.officerA }],
      [officerB, 'auth.revokeSession', { sessionId: 'f'.repeat(64) }],
      // Unions, members and guarantors follow the union's credit officer (issue 5).
      [supervisorB, 'union.get', { id: fixtures.unionA }],
      [supervisorB, 'union.update', { id: fixtures.unionA, name: 'Hijacked' }],
      [supervisorB, 'union.create', { name: 'Stolen officer', creditOfficerId: fixtures.officerA }],
      [officerB, 'union.get', { id: fixtures.unionA }],
      [
        supervisorB,
        'assignment.reassignUnion',
        { unionId: fixtures.unionA, toOfficerId: fixtures.officerB, reason: 'Take it' },
      ],
      [
        supervisorB,
        'assignment.reassignUnion',
        { unionId: fixtures.unionB, toOfficerId: fixtures.officerA, reason: 'Give it' },
      ],
      [supervisorB, 'member.get', { id: fixtures.memberA }],
      [supervisorB, 'member.update', { id: fixtures.memberA, firstName: 'Hijack' }],
      [supervisorB, 'member.setVerified', { id: fixtures.memberA, isVerified: true }],
      [supervisorB, 'member.revealIdentifiers', { id: fixtures.memberA }],
      [supervisorB, 'member.setPhoto', { id: fixtures.memberA, documentId: null }],
      [supervisorB, 'member.delete', { id: fixtures.memberA, reason: 'Not mine' }],
      [officerB, 'member.get', { id: fixtures.memberA }],
      [officerB, 'member.update', { id: fixtures.memberA, firstName: 'Hijack' }],
      [officerB, 'member.create', { unionId: fixtures.unionA, firstName: 'Planted', lastName: 'Member' }],
      [officerB, 'guarantor.list', { memberId: fixtures.memberA }],
      [
        officerB,
        'guarantor.create',
        {
          memberId: fixtures.memberA,
          firstName: 'X',
          lastName: 'Y',
          phone: '08030000000',
          relationship: 'Friend',
        },
      ],
      [supervisorB, 'guarantor.update', { id: fixtures.guarantorOfA, firstName: 'Hijack' }],
      [supervisorB, 'guarantor.delete', { id: fixtures.guarantorOfA }],
      // Documents follow their member's (or guarantor's member's) union officer.
      [officerB, 'document.list', { ownerType: 'MEMBER', ownerId: fixtures.memberA }],
      [supervisorB, 'document.list', { ownerType: 'GUARANTOR', ownerId: fixtures.guarantorOfA }],
      [officerB, 'document.upload', documentUploadForm(fixtures.memberA, fixtures.documentTypeId)],
      [supervisorB, 'document.verify', { id: fixtures.documentOfA, isVerified: true, notes: 'mine now' }],
      [supervisorB, 'document.delete', { id: fixtures.documentOfA, reason: 'Not mine' }],
      [officerB, 'document.delete', { id: fixtures.documentOfA, reason: 'Not mine' }],
      // Loans and repayments follow the member's union officer (issue 6).
      [officerB, 'loan.get', { id: fixtures.loanA }],
      [supervisorB, 'loan.get', { id: fixtures.loanA }],
      [officerB, 'loan.submit', { id: fixtures.loanA }],
      [supervisorB, 'loan.approve', { id: fixtures.loanA }],
      [supervisorB, 'loan.reject', { id: fixtures.loanA, reason: 'Not mine' }],
      [officerB, 'loan.withdraw', { id: fixtures.loanA, reason: 'Not mine' }],
      [supervisorB, 'loan.disburse', { id: fixtures.loanA, disbursedOn: '2025-01-01' }],
      // Reschedules, restructures and waivers follow the loan (docs/lending.md).
      [officerB, 'loanChange.history', { loanId: fixtures.loanA }],
      [
        officerB,
        'loanChange.preview',
        { loanId: fixtures.loanA, terms: { kind: 'WAIVER', date: '2025-01-01', penalty: 1 } },
      ],
      [
        supervisorB,
        'loanChange.request',
        {
          loanId: fixtures.loanA,
          terms: { kind: 'WAIVER', date: '2025-01-01', penalty: 1 },
          reason: 'Not mine',
        },
      ],
      [
        officerB,
        'loan.create',
        {
          memberId: fixtures.memberA,
          loanTypeId: fixtures.memberA,
          principal: 2_000_000,
          termCount: 4,
          startDate: '2025-01-06',
        },
      ],
      [
        officerB,
        'repayment.record',
        {
          loanId: fixtures.loanA,
          amount: 100,
          paidOn: '2025-01-06',
          method: 'CASH',
          idempotencyKey: 'matrix-steal-1',
        },
      ],
      [supervisorB, 'repayment.get', { id: fixtures.repaymentA }],
      [officerB, 'document.list', { ownerType: 'LOAN', ownerId: fixtures.loanA }],
      [officerB, 'collectionSheet.get', { unionId: fixtures.unionA, date: '2025-01-06' }],
      [
        officerB,
        'collectionSheet.post',
        {
          unionId: fixtures.unionA,
          date: '2025-01-06',
          idempotencyKey: 'matrix-sheet-1',
          rows: [{ loanId: fixtures.loanA, amount: 100 }],
        },
      ],
    ]
    for (const [caller, path, input] of outOfScope) {
      expect(await outcome(callProcedure(caller, path, input)), path).toBe('NOT_FOUND')
    }
    // Lists filter instead: nothing of team A leaks into team B's pages.
    const staff = await supervisorB.staff.list({})
    expect(staff.items.map((item) => item.id)).not.toContain(fixtures.officerA)
    const audit = await supervisorB.audit.list({})
    expect(audit.items.some((item) => item.actorId === fixtures.officerA)).toBe(false)
    const logins = await officerB.loginHistory.list({ userId: fixtures.officerA })
    expect(logins.items).toEqual([])
    const unions = await supervisorB.union.list({})
    expect(unions.items.map((item) => item.id)).toEqual([fixtures.unionB])
    const members = await officerB.member.list({})
    expect(members.items.map((item) => item.id)).toEqual([fixtures.memberB])
    expect((await officerB.member.list({ unionId: fixtures.unionA })).total).toBe(0)
    expect((await supervisorB.assignment.unionHistory({ unionId: fixtures.unionA })).total).toBe(0)
    expect((await supervisorB.assignment.memberHistory({ memberId: fixtures.memberA })).total).toBe(0)
    expect((await supervisorB.union.officers()).map((officer) => officer.id)).toEqual([fixtures.officerB])
    expect((await officerB.loan.list({})).items.map((item) => item.id)).not.toContain(fixtures.loanA)
    expect((await supervisorB.repayment.list({})).items.map((item) => item.id)).not.toContain(
      fixtures.repaymentA,
    )
    expect(
      (await officerB.loan.dueList({ includeOverdue: true })).items.map((item) => item.loanId),
    ).not.toContain(fixtures.loanA)
  })
})
