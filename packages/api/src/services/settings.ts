import {
  inTransaction,
  type CompanySettings,
  type CompanySettingsUpdate,
  type Database,
  type Kysely,
  type Transaction,
} from '@mp/db'
import { recordAudit } from '../audit.js'
import type { AuthedContext, Context } from '../context.js'
import { AppError } from '../errors.js'

/** The one settings row; `forUpdate` locks it for a transaction that changes it (settings, weekend days). */
export async function loadSettings(
  db: Kysely<Database> | Transaction<Database>,
  { forUpdate = false }: { forUpdate?: boolean } = {},
): Promise<CompanySettings> {
  let query = db.selectFrom('company_settings').selectAll().where('id', '=', 'default')
  if (forUpdate) query = query.forUpdate()
  const row = await query.executeTakeFirst()
  if (!row)
    throw new AppError('PRECONDITION_FAILED', 'Company settings are missing: run pnpm db:seed', 'NOT_SEEDED')
  return row
}

function toView(row: CompanySettings) {
  return {
    name: row.name,
    contactEmail: row.contact_email,
    contactPhone: row.contact_phone,
    address: row.address,
    logoUrl: row.logo_url,
    currency: row.currency,
    currencySymbol: row.currency_symbol,
    dateFormat: row.date_format,
    timezone: row.timezone,
    primaryColor: row.primary_color,
    secondaryColor: row.secondary_color,
    isMaintenanceMode: row.is_maintenance_mode,
    maintenanceMessage: row.maintenance_message,
    defaultAfterDaysPastDue: row.default_after_days_past_due,
    penaltyGraceDays: row.penalty_grace_days,
    updatedAt: row.updated_at,
  }
}

export async function getSettings(ctx: Pick<Context, 'db'>) {
  return toView(await loadSettings(ctx.db))
}

/** What every visitor may know: the sign-in page shows the company name and brand. */
export async function getPublicSettings(ctx: Pick<Context, 'db'>) {
  const view = toView(await loadSettings(ctx.db))
  return {
    name: view.name,
    logoUrl: view.logoUrl,
    currency: view.currency,
    currencySymbol: view.currencySymbol,
    dateFormat: view.dateFormat,
    timezone: view.timezone,
    primaryColor: view.primaryColor,
    secondaryColor: view.secondaryColor,
    isMaintenanceMode: view.isMaintenanceMode,
    maintenanceMessage: view.maintenanceMessage,
  }
}

export type SettingsPatch = {
  name?: string | undefined
  contactEmail?: string | null | undefined
  contactPhone?: string | null | undefined
  address?: string | null | undefined
  logoUrl?: string | null | undefined
  dateFormat?: string | undefined
  timezone?: string | undefined
  primaryColor?: string | undefined
  secondaryColor?: string | undefined
  defaultAfterDaysPastDue?: number | undefined
  penaltyGraceDays?: number | undefined
  isMaintenanceMode?: boolean | undefined
  maintenanceMessage?: string | null | undefined
}

export async function updateSettings(ctx: AuthedContext, patch: SettingsPatch, action = 'SETTINGS_UPDATE') {
  const update: CompanySettingsUpdate = {
    name: patch.name,
    contact_email: patch.contactEmail,
    contact_phone: patch.contactPhone,
    address: patch.address,
    logo_url: patch.logoUrl,
    date_format: patch.dateFormat,
    timezone: patch.timezone,
    primary_color: patch.primaryColor,
    secondary_color: patch.secondaryColor,
    default_after_days_past_due: patch.defaultAfterDaysPastDue,
    penalty_grace_days: patch.penaltyGraceDays,
    is_maintenance_mode: patch.isMaintenanceMode,
    maintenance_message: patch.maintenanceMessage,
  }
  const changes = Object.fromEntries(
    Object.entries(update as Record<string, unknown>).filter(([, value]) => value !== undefined),
  )
  return inTransaction(ctx.db, async (trx) => {
    const before = await loadSettings(trx, { forUpdate: true })
    const after = await trx
      .updateTable('company_settings')
      .set({ ...changes, updated_at: ctx.now(), updated_by: ctx.user.id })
      .where('id', '=', 'default')
      .returningAll()
      .executeTakeFirstOrThrow()
    const changedBefore = Object.fromEntries(
      Object.keys(changes).map((key) => [key, before[key as keyof CompanySettings]]),
    )
    await recordAudit(trx, ctx, {
      action,
      entityType: 'company_settings',
      entityId: 'default',
      before: changedBefore,
      after: changes,
    })
    return toView(after)
  })
}
