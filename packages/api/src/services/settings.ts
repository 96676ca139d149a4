import type { Context } from '../context.js'
import { AppError } from '../errors.js'

/** What every visitor may know: the sign-in page shows the company name and brand. */
export async function getPublicSettings(ctx: Pick<Context, 'db'>) {
  const row = await ctx.db
    .selectFrom('company_settings')
    .selectAll()
    .where('id', '=', 'default')
    .executeTakeFirst()
  if (!row)
    throw new AppError('PRECONDITION_FAILED', 'Company settings are missing: run pnpm db:seed', 'NOT_SEEDED')
  return {
    name: row.name,
    logoUrl: row.logo_url,
    currency: row.currency,
    currencySymbol: row.currency_symbol,
    dateFormat: row.date_format,
    timezone: row.timezone,
    primaryColor: row.primary_color,
    secondaryColor: row.secondary_color,
    isMaintenanceMode: row.is_maintenance_mode,
    maintenanceMessage: row.maintenance_message,
  }
}
