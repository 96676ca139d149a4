// `pnpm mp maintenance on|off [--message M]`: the same switch as Settings → Maintenance (non-admins get
// an "Under maintenance" page and 503 on every change), for when no admin can sign in. Audited.
import type { Database, Kysely } from '@mp/db'
import { z } from 'zod'
import { parseCommandArgs, print, usageError } from './args.js'

export const MAINTENANCE_USAGE =
  'pnpm mp maintenance on|off [--message <text>]   (maintenance mode for non-admins)'

const ZMaintenance = z.object({
  state: z.enum(['on', 'off'], { error: 'Say on or off' }),
  message: z
    .string()
    .trim()
    .max(500, { error: '--message must be at most 500 characters' })
    // eslint-disable-next-line no-control-regex -- the rule the web form enforces: no control characters
    .refine((text) => !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(text), {
      error: '--message cannot contain control characters',
    })
    .optional(),
})

export async function maintenanceCommand(
  args: readonly string[],
  open: () => Promise<{ db: Kysely<Database>; close: () => Promise<void> }>,
): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      options: { message: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    },
    MAINTENANCE_USAGE,
    ['on: non-admins see "Under maintenance" and every change they try answers 503; admins keep working.'],
  )
  if (typeof parsed === 'number') return parsed
  const input = ZMaintenance.safeParse({ state: parsed.positionals[0], message: parsed.values.message })
  if (!input.success || parsed.positionals.length !== 1)
    return usageError(input.error?.issues[0]?.message ?? 'Say on or off', MAINTENANCE_USAGE)
  const isOn = input.data.state === 'on'
  const handle = await open()
  try {
    const updated = await handle.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('company_settings')
        .select(['is_maintenance_mode', 'maintenance_message'])
        .where('id', '=', 'default')
        .forUpdate()
        .executeTakeFirst()
      if (!before) return false
      const message =
        input.data.message === undefined ? before.maintenance_message : input.data.message || null
      await trx
        .updateTable('company_settings')
        .set({ is_maintenance_mode: isOn, maintenance_message: message, updated_at: new Date() })
        .where('id', '=', 'default')
        .execute()
      await trx
        .insertInto('audit_log')
        .values({
          action: isOn ? 'MAINTENANCE_ON' : 'MAINTENANCE_OFF',
          entity_type: 'company_settings',
          entity_id: 'default',
          before: JSON.stringify({ is_maintenance_mode: before.is_maintenance_mode }),
          after: JSON.stringify({
            is_maintenance_mode: isOn,
            maintenance_message: message,
            by: 'pnpm mp maintenance',
          }),
          user_agent: 'pnpm mp maintenance',
        })
        .execute()
      return true
    })
    if (!updated) {
      print('Company settings are missing: run pnpm db:seed first')
      return 1
    }
    print(`Maintenance mode is ${isOn ? 'on' : 'off'}.`)
    return 0
  } finally {
    await handle.close()
  }
}
