import { generateOneTimePassword } from '@mp/api'
import { hashPassword } from '@mp/auth'
import type { Database, Kysely, StaffRole, Transaction } from '@mp/db'
import { seedDemoLending } from './seed-lending.js'

/** Demo accounts live under a reserved test domain (RFC 2606), never a real mailbox. */
export const DEMO_EMAIL_DOMAIN = 'millenniumpotters.test'

export type DemoAccount = { email: string; role: StaffRole; name: string; password: string }

type DemoStaff = { key: string; firstName: string; lastName: string; role: StaffRole; supervisorKey?: string }

const DEMO_STAFF: readonly DemoStaff[] = [
  { key: 'admin', firstName: 'Adaeze', lastName: 'Okafor', role: 'ADMIN' },
  { key: 'supervisor1', firstName: 'Babatunde', lastName: 'Adeyemi', role: 'SUPERVISOR' },
  { key: 'supervisor2', firstName: 'Chioma', lastName: 'Nwosu', role: 'SUPERVISOR' },
  {
    key: 'officer1',
    firstName: 'Emeka',
    lastName: 'Eze',
    role: 'CREDIT_OFFICER',
    supervisorKey: 'supervisor1',
  },
  {
    key: 'officer2',
    firstName: 'Funmilayo',
    lastName: 'Bakare',
    role: 'CREDIT_OFFICER',
    supervisorKey: 'supervisor1',
  },
  {
    key: 'officer3',
    firstName: 'Ibrahim',
    lastName: 'Musa',
    role: 'CREDIT_OFFICER',
    supervisorKey: 'supervisor2',
  },
  {
    key: 'officer4',
    firstName: 'Ngozi',
    lastName: 'Okonkwo',
    role: 'CREDIT_OFFICER',
    supervisorKey: 'supervisor2',
  },
]

/** A fresh random password per seed (never a fixed demo password shipped in the code). */
export const generateDemoPassword = generateOneTimePassword

const demoEmail = (key: string) => `${key}@${DEMO_EMAIL_DOMAIN}`

/** The company's settings row as a new install has it (kept when one is already there). */
export async function ensureCompanySettings(db: Kysely<Database> | Transaction<Database>): Promise<void> {
  await db
    .insertInto('company_settings')
    .values({
      name: 'Millennium Potters',
      currency: 'NGN',
      currency_symbol: '₦',
      date_format: 'DD/MM/YYYY',
      timezone: 'Africa/Lagos',
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
}

/**
 * Seeds the demo organisation on an empty database: company settings (Millennium Potters, NGN, ₦,
 * DD/MM/YYYY, Africa/Lagos), one admin, two supervisors and four credit officers, then demo lending data
 * (seed-lending.ts). Does nothing when any staff user exists. Returns the accounts with their one-time-printed passwords.
 */
export async function seedDemo(
  db: Kysely<Database>,
  options: { withLending?: boolean; isTourSeen?: boolean } = {},
): Promise<{ isSeeded: boolean; accounts: DemoAccount[] }> {
  const passwords = new Map(DEMO_STAFF.map((staff) => [staff.key, generateDemoPassword()]))
  const hashes = new Map<string, string>()
  for (const [key, password] of passwords) hashes.set(key, await hashPassword(password))

  const seeded = await db.transaction().execute(async (trx) => {
    await ensureCompanySettings(trx)

    const existing = await trx.selectFrom('staff_user').select('id').limit(1).executeTakeFirst()
    if (existing) return { isSeeded: false, accounts: [], ids: new Map<string, string>() }

    const ids = new Map<string, string>()
    const accounts: DemoAccount[] = []
    for (const staff of DEMO_STAFF) {
      const supervisorId = staff.supervisorKey ? ids.get(staff.supervisorKey) : undefined
      const row = await trx
        .insertInto('staff_user')
        .values({
          email: demoEmail(staff.key),
          first_name: staff.firstName,
          last_name: staff.lastName,
          role: staff.role,
          supervisor_id: supervisorId ?? null,
          password_hash: hashes.get(staff.key) ?? '',
          // Demo accounts are ready to use; real staff get one-time passwords.
          must_change_password: false,
          // The tour starts at each account's first sign-in unless asked not to (docs/web-app.md).
          tour_seen_at: options.isTourSeen === true ? new Date() : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      ids.set(staff.key, row.id)
      accounts.push({
        email: demoEmail(staff.key),
        role: staff.role,
        name: `${staff.firstName} ${staff.lastName}`,
        password: passwords.get(staff.key) ?? '',
      })
    }
    await trx
      .insertInto('audit_log')
      .values({ action: 'SEED', entity_type: 'system', after: JSON.stringify({ staff: accounts.length }) })
      .execute()
    return { isSeeded: true, accounts, ids }
  })
  // Unions, members, products and loans in every stage, through the same procedures staff use.
  if (seeded.isSeeded && options.withLending !== false) await seedDemoLending(db, seeded.ids)
  return { isSeeded: seeded.isSeeded, accounts: seeded.accounts }
}

/** New random passwords for the demo accounts (only those under the demo domain). */
export async function resetDemoPasswords(db: Kysely<Database>): Promise<DemoAccount[]> {
  const staff = await db
    .selectFrom('staff_user')
    .select(['id', 'email', 'role', 'first_name', 'last_name'])
    .where('email', 'like', `%@${DEMO_EMAIL_DOMAIN}`)
    .orderBy('email')
    .execute()
  const accounts: DemoAccount[] = []
  for (const user of staff) {
    const password = generateDemoPassword()
    await db
      .updateTable('staff_user')
      .set({ password_hash: await hashPassword(password), locked_until: null, failed_login_count: 0 })
      .where('id', '=', user.id)
      .execute()
    accounts.push({
      email: user.email,
      role: user.role,
      name: `${user.first_name} ${user.last_name}`,
      password,
    })
  }
  return accounts
}

export function formatAccounts(accounts: readonly DemoAccount[]): string {
  const width = Math.max(...accounts.map((account) => account.email.length))
  return accounts
    .map((account) => `  ${account.role.padEnd(15)} ${account.email.padEnd(width)}  ${account.password}`)
    .join('\n')
}
