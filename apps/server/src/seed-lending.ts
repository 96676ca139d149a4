import { createCaller, createInnerContext } from '@mp/api'
import { createSession, invalidateSession, validateSessionToken } from '@mp/auth'
import type { Database, Kysely } from '@mp/db'
import { addDays, addWeeks, todayIn } from '@mp/domain'

/**
 * Demo lending data for a first look at the app: two products, a union per credit officer with a few
 * members, and loans in every stage — drafts, an application awaiting approval, running loans with
 * weekly repayments (one of them in arrears), a completed one. Everything goes through the same
 * procedures staff use (maker-checker, disbursement, idempotent postings), so the demo data obeys every
 * rule the real data does. The sessions it signs in with are removed at the end.
 */
type StaffIds = ReadonlyMap<string, string>

const UNIONS = [
  { officer: 'officer1', name: 'Alaba Potters Union', location: 'Alaba, Lagos', meetingDay: 'MONDAY' },
  { officer: 'officer2', name: 'Bodija Clay Workers', location: 'Bodija, Ibadan', meetingDay: 'TUESDAY' },
  { officer: 'officer3', name: 'Kano Kiln Cooperative', location: 'Dala, Kano', meetingDay: 'WEDNESDAY' },
  {
    officer: 'officer4',
    name: 'Onitsha Glaze Traders',
    location: 'Onitsha, Anambra',
    meetingDay: 'THURSDAY',
  },
] as const

const MEMBERS = [
  ['Amaka', 'Obi'],
  ['Tunde', 'Bello'],
  ['Halima', 'Sani'],
  ['Chinedu', 'Eze'],
  ['Folake', 'Adeyemi'],
  ['Yusuf', 'Abdullahi'],
  ['Ifeoma', 'Nnaji'],
  ['Segun', 'Ogunleye'],
  ['Aisha', 'Lawal'],
  ['Obinna', 'Okeke'],
  ['Bukola', 'Afolabi'],
  ['Musa', 'Garba'],
] as const

export async function seedDemoLending(db: Kysely<Database>, staff: StaffIds): Promise<{ loans: number }> {
  const settings = await db.selectFrom('company_settings').select('timezone').executeTakeFirst()
  const today = todayIn(settings?.timezone ?? 'Africa/Lagos')
  const sessions: string[] = []
  const as = async (key: string) => {
    const userId = staff.get(key)
    if (!userId) throw new Error(`demo staff ${key} missing`)
    const { token } = await createSession(db, { userId, isPersistent: false })
    const validated = await validateSessionToken(db, token)
    if (!validated) throw new Error('demo session did not validate')
    sessions.push(validated.session.id)
    return createCaller(
      createInnerContext({
        db,
        session: validated.session,
        user: validated.user,
        request: { ip: null, userAgent: 'demo seed', requestId: null },
      }),
    )
  }
  try {
    const admin = await as('admin')
    const weekly = await admin.loanType.create({
      name: 'Weekly Union Loan',
      description: "The lender's current policy: principal repaid in equal weekly parts, 2% processing fee.",
      minPrincipal: 2_000_000,
      maxPrincipal: 50_000_000,
      termUnit: 'WEEK',
      minTerm: 4,
      maxTerm: 26,
      interest: { method: 'NONE' },
      processingFee: { kind: 'PERCENT_OF_PRINCIPAL', rate: '0.02' },
      penalty: { kind: 'FIXED_PER_DAY', amountPerDay: 5_000, graceDays: 3, mode: 'FORGIVE', cap: 500_000 },
      allocationOrder: 'VERTICAL',
      rounding: 'HALF_EVEN',
      installmentMultiple: null,
    })
    const flat = await admin.loanType.create({
      name: 'Trader Flat 10%',
      description: '10% flat for the whole term, weekly installments rounded up to ₦10.',
      minPrincipal: 5_000_000,
      maxPrincipal: 200_000_000,
      termUnit: 'WEEK',
      minTerm: 8,
      maxTerm: 52,
      interest: { method: 'FLAT', rate: '0.10', basis: 'PER_TERM' },
      processingFee: { kind: 'FLAT', amount: 100_000 },
      penalty: { kind: 'PERCENT_PER_DAY', ratePerDay: '0.001', graceDays: 3, mode: 'FORGIVE' },
      allocationOrder: 'VERTICAL',
      rounding: 'HALF_EVEN',
      installmentMultiple: 1_000,
    })

    let loans = 0
    let memberIndex = 0
    for (const [unionIndex, union] of UNIONS.entries()) {
      const supervisor = unionIndex < 2 ? await as('supervisor1') : await as('supervisor2')
      const officer = await as(union.officer)
      const officerId = staff.get(union.officer) ?? ''
      const created = await supervisor.union.create({
        name: union.name,
        location: union.location,
        meetingDay: union.meetingDay,
        creditOfficerId: officerId,
      })
      for (let i = 0; i < 3; i++) {
        const [firstName, lastName] = MEMBERS[memberIndex % MEMBERS.length] ?? ['Demo', 'Member']
        memberIndex += 1
        const member = await officer.member.create({
          unionId: created.id,
          firstName,
          lastName,
          phone: `0803${String(1_000_000 + memberIndex * 7919).slice(-7)}`,
        })
        // Stages: a running loan paid on time, a running loan in arrears, and an application or draft.
        const stage = (unionIndex + i) % 4
        const type = stage % 2 === 0 ? weekly : flat
        const principal = (stage + 2) * 5_000_000
        const weeksAgo = stage === 3 ? 0 : 10
        const startDate = addWeeks(today, -weeksAgo)
        const loan = await officer.loan.create({
          memberId: member.id,
          loanTypeId: type.id,
          principal,
          termCount: type.minTerm === 4 ? 12 : 16,
          startDate,
          purpose: 'Clay, glaze and kiln fuel',
        })
        loans += 1
        if (stage === 3) {
          if (i === 0) await officer.loan.submit({ id: loan.id })
          continue
        }
        await officer.loan.submit({ id: loan.id })
        await supervisor.loan.approve({ id: loan.id })
        const active = await admin.loan.disburse({ id: loan.id, disbursedOn: startDate })
        const installments = active.position?.installments ?? []
        // Stage 0 pays every week on the day; stage 1 stopped paying after four weeks; stage 2 pays a
        // little late each time (penalties accrue and are paid first).
        for (const [week, installment] of installments.entries()) {
          if (installment.dueDate > today) break
          if (stage === 1 && week >= 4) break
          const paidOn = stage === 2 ? addDays(installment.dueDate, 5) : installment.dueDate
          if (paidOn > today) break
          await officer.repayment.record({
            loanId: loan.id,
            mode: 'DUE_NOW',
            paidOn,
            method: week % 3 === 0 ? 'TRANSFER' : 'CASH',
            reference: week % 3 === 0 ? `TRF-${String(100_000 + loans * 100 + week)}` : null,
            idempotencyKey: `demo-seed-${loan.id}-${String(week)}`,
          })
        }
      }
    }
    return { loans }
  } finally {
    for (const id of sessions) await invalidateSession(db, id)
  }
}
