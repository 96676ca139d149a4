import { checkPasswordPolicy, createSession, hashPassword, serializeSessionCookie } from '@mp/auth'
import { sql, type Database, type Transaction } from '@mp/db'
import { recordAudit } from '../audit.js'
import type { Context } from '../context.js'
import { AppError } from '../errors.js'
import { seedDefaultDocumentTypes } from './document-type-defaults.js'

/** docs/product.md §1: no public sign-up; the first admin is created on an empty database, once. */
export async function isSetupRequired(ctx: Pick<Context, 'db'>): Promise<boolean> {
  const admin = await ctx.db
    .selectFrom('staff_user')
    .select('id')
    .where('role', '=', 'ADMIN')
    .limit(1)
    .executeTakeFirst()
  return admin === undefined
}

export type FirstAdminInput = { email: string; firstName: string; lastName: string; password: string }

const SERIALIZATION_FAILURE = '40001'

/**
 * Inserts an admin (and the company settings row when missing). Shared by the setup screen and the
 * `pnpm mp create-admin` command; the caller owns the transaction, the audit entry and the password.
 * The first admin of a fresh install also gets the default document types (when there are none).
 */
export async function insertAdmin(
  trx: Transaction<Database>,
  input: {
    email: string
    firstName: string
    lastName: string
    passwordHash: string
    mustChangePassword: boolean
    now?: Date
  },
) {
  await trx
    .insertInto('company_settings')
    .values({ name: 'Millennium Potters' })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
  const anyAdmin = await trx
    .selectFrom('staff_user')
    .select('id')
    .where('role', '=', 'ADMIN')
    .limit(1)
    .executeTakeFirst()
  if (!anyAdmin) await seedDefaultDocumentTypes(trx)
  return trx
    .insertInto('staff_user')
    .values({
      email: input.email,
      first_name: input.firstName,
      last_name: input.lastName,
      role: 'ADMIN',
      password_hash: input.passwordHash,
      must_change_password: input.mustChangePassword,
      ...(input.now ? { last_login_at: input.now, login_count: sql<number>`1` } : {}),
    })
    .returning(['id', 'email', 'first_name', 'last_name', 'role', 'must_change_password'])
    .executeTakeFirstOrThrow()
}

/**
 * Creates the first admin and signs them in. SERIALIZABLE so two browsers racing on an empty database
 * cannot both succeed (the loser retries, sees the admin, and is refused). The same transaction creates
 * the company settings row if it is missing.
 */
export async function createFirstAdmin(ctx: Context, input: FirstAdminInput) {
  const problem = checkPasswordPolicy(input.password, { email: input.email })
  if (problem) throw new AppError('BAD_REQUEST', problem.message, problem.code)
  const passwordHash = await hashPassword(input.password)
  const now = ctx.now()
  for (let attempt = 1; ; attempt++) {
    try {
      const { user, token, session } = await ctx.db
        .transaction()
        .setIsolationLevel('serializable')
        .execute(async (trx) => {
          const existing = await trx
            .selectFrom('staff_user')
            .select('id')
            .where('role', '=', 'ADMIN')
            .limit(1)
            .executeTakeFirst()
          if (existing)
            throw new AppError('CONFLICT', 'Setup is already complete: sign in instead', 'SETUP_DONE')
          const created = await insertAdmin(trx, {
            email: input.email,
            firstName: input.firstName,
            lastName: input.lastName,
            passwordHash,
            mustChangePassword: false,
            now,
          })
          const started = await createSession(trx, {
            userId: created.id,
            isPersistent: false,
            ip: ctx.request.ip,
            userAgent: ctx.request.userAgent,
            now,
          })
          await recordAudit(trx, ctx, {
            action: 'SETUP_FIRST_ADMIN',
            entityType: 'staff_user',
            entityId: created.id,
            actor: { id: created.id, email: created.email },
            after: {
              email: created.email,
              first_name: created.first_name,
              last_name: created.last_name,
              role: created.role,
            },
          })
          return { user: created, ...started }
        })
      ctx.setCookie(serializeSessionCookie(token, session, { isSecure: ctx.isSecureCookies }, now))
      return {
        id: user.id,
        email: user.email,
        firstName: user.first_name,
        lastName: user.last_name,
        phone: null,
        role: user.role,
        mustChangePassword: user.must_change_password,
      }
    } catch (error) {
      const code = (error as { code?: unknown }).code
      if (code === SERIALIZATION_FAILURE && attempt < 5) continue
      if (code === '23505')
        throw new AppError('CONFLICT', 'A staff member with this email already exists', 'EMAIL_TAKEN')
      throw error
    }
  }
}
