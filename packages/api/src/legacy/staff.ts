import { hashPassword } from '@mp/auth'
import { generateOneTimePassword, normaliseNigerianPhone } from '../services/staff.js'
import { instantOf, isTrue, readTable } from './read.js'
import { EMAIL, isNew, mapped, note, refuse, remember, newId, type ImportRun } from './run.js'

// Company settings and staff with their roles (docs/cutover.md, "What comes across" and "Passwords").

/** The old company settings row → ours (the row is re-read on every run; the last run's values stand). */
export async function importSettings(run: ImportRun): Promise<void> {
  const rows = await readTable(run.legacy, 'CompanySetting', [
    'id',
    'name',
    'email',
    'phone',
    'address',
    'currency',
    'currencySymbol',
    'dateFormat',
    'timezone',
    'logo',
  ])
  const row = rows.find((r) => r.id === 'default') ?? rows[0]
  if (row === undefined) return
  if (!isNew(run, 'settings', row.id ?? 'default')) return
  const email = (row.email ?? '').trim().toLowerCase()
  if (email !== '' && !EMAIL.test(email)) note(run, 'settings', 'malformed contact email left empty')
  const values = {
    name: (row.name ?? '').trim() || 'Millennium Potters',
    contact_email: EMAIL.test(email) ? email : null,
    contact_phone: row.phone,
    address: row.address,
    logo_url: row.logo,
    currency: row.currency ?? 'NGN',
    currency_symbol: row.currencySymbol ?? '₦',
    date_format: row.dateFormat ?? 'DD/MM/YYYY',
    timezone: row.timezone !== null && isTimeZone(row.timezone) ? row.timezone : run.timeZone,
  }
  await run.trx
    .insertInto('company_settings')
    .values({ id: 'default', ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute()
  await remember(run, 'settings', [[row.id ?? 'default', 'default']])
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name })
    return true
  } catch {
    return false
  }
}

const STAFF_COLUMNS = [
  'id',
  'email',
  'role',
  'isActive',
  'supervisorId',
  'firstName',
  'lastName',
  'phone',
  'lastLoginAt',
  'loginCount',
  'createdAt',
  'deletedAt',
] as const

/**
 * Staff and their roles. Old passwords are not carried over: every imported account gets a one-time
 * password it must replace at first sign-in (docs/cutover.md, "Passwords"). Soft-deleted or inactive
 * accounts come across inactive, so the history they signed keeps its author.
 */
export async function importStaff(run: ImportRun): Promise<void> {
  const rows = await readTable(run.legacy, 'User', STAFF_COLUMNS, '"createdAt", "id"')
  const ours = await run.trx.selectFrom('staff_user').select(['id', 'email']).execute()
  const byEmail = new Map(ours.map((u) => [u.email, u.id]))
  const seen = new Map<string, string>()
  const pairs: [string, string][] = []
  let done = 0
  for (const row of rows) {
    run.progress('staff', ++done, rows.length)
    const legacyId = row.id ?? ''
    const email = (row.email ?? '').trim().toLowerCase()
    if (!isNew(run, 'staff', legacyId)) {
      seen.set(email, legacyId)
      continue
    }
    if (!EMAIL.test(email)) {
      refuse(run, 'staff', legacyId, 'malformed email', row.email ?? '')
      continue
    }
    const earlier = seen.get(email)
    if (earlier !== undefined) {
      refuse(
        run,
        'staff',
        legacyId,
        'duplicate email (another account differs only in case or spaces)',
        `${row.email} = ${earlier}`,
      )
      continue
    }
    seen.set(email, legacyId)
    const existing = byEmail.get(email)
    if (existing !== undefined) {
      // Someone made this account here before the import (the cut-over admin): one person, one account.
      note(run, 'staff', 'matched an account already in the new system by email')
      pairs.push([legacyId, existing])
      continue
    }
    const role =
      row.role === 'ADMIN' || row.role === 'SUPERVISOR' || row.role === 'CREDIT_OFFICER' ? row.role : null
    if (role === null) {
      refuse(run, 'staff', legacyId, 'unknown role', row.role ?? '')
      continue
    }
    const isActive = isTrue(row.isActive) && row.deletedAt === null
    const phone =
      row.phone === null || row.phone.trim() === '' ? null : (normaliseNigerianPhone(row.phone) ?? null)
    if (row.phone !== null && row.phone.trim() !== '' && phone === null)
      note(run, 'staff', 'malformed phone left empty')
    const password = generateOneTimePassword()
    // A dry run never shows or keeps a password, so it skips the (slow, deliberately) argon2id hash.
    const passwordHash = run.isDryRun ? 'dry-run' : await hashPassword(password)
    if (isActive && !run.isDryRun) run.passwords.push({ email, role, password })
    const id = newId()
    const firstName = (row.firstName ?? '').trim()
    const lastName = (row.lastName ?? '').trim()
    if (firstName === '' || lastName === '') note(run, 'staff', 'missing name filled from the email')
    await run.trx
      .insertInto('staff_user')
      .values({
        id,
        email,
        first_name: firstName || (email.split('@')[0] ?? 'Staff'),
        last_name: lastName || '(imported)',
        phone,
        role,
        password_hash: passwordHash,
        must_change_password: true,
        is_active: isActive,
        last_login_at: instantOf(row.lastLoginAt),
        login_count: Number(row.loginCount ?? 0),
        created_at: instantOf(row.createdAt) ?? new Date(),
      })
      .execute()
    byEmail.set(email, id)
    pairs.push([legacyId, id])
  }
  await remember(run, 'staff', pairs)
  // Supervisors second: a credit officer may be older than the supervisor they report to.
  for (const row of rows) {
    if (!run.fresh.get('staff')?.has(row.id ?? '')) continue
    const id = mapped(run, 'staff', row.id)
    const supervisorId = mapped(run, 'staff', row.supervisorId)
    if (id === null || supervisorId === null || supervisorId === id) continue
    await run.trx
      .updateTable('staff_user')
      .set({ supervisor_id: supervisorId })
      .where('id', '=', id)
      .where('supervisor_id', 'is', null)
      .execute()
  }
}
