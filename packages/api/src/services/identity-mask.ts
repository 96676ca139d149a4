import type { AuthedContext } from '../context.js'
import { recordAudit } from '../audit.js'
import { isInScope, notFound, staffScope } from '../scope.js'

/**
 * BVN and NIN are keys to a person's bank and identity records (CBN's BVN framework and the NDPR treat
 * them as personal data to be shared only as needed): every answer carries them masked, and the full
 * number comes only from member.revealIdentifiers, for the roles that may (admins, and supervisors
 * within their team), with an audit entry for each look.
 */
const MASK = '•••••••'

/** '22233344455' → '•••••••4455'; null stays null. The last four are what staff read back to a member. */
function maskIdentifier(value: string | null): string | null {
  return value === null ? null : `${MASK}${value.slice(-4)}`
}

/** A member answer with its identifiers masked. */
export function withMaskedIdentifiers<T extends { bvn: string | null; nin: string | null }>(member: T): T {
  return { ...member, bvn: maskIdentifier(member.bvn), nin: maskIdentifier(member.nin) }
}

export type RevealedIdentifiers = { bvn: string | null; nin: string | null }

/**
 * The full BVN and NIN of a member in the caller's scope (NOT_FOUND otherwise), recorded in the audit
 * trail as MEMBER_IDENTIFIERS_REVEAL (which identifiers were shown, never their values).
 */
export async function revealMemberIdentifiers(ctx: AuthedContext, id: string): Promise<RevealedIdentifiers> {
  const scope = await staffScope(ctx.db, ctx.user)
  const row = await ctx.db
    .selectFrom('member as m')
    .innerJoin('union as u', 'u.id', 'm.union_id')
    .select(['m.id', 'm.bvn', 'm.nin', 'u.credit_officer_id'])
    .where('m.id', '=', id)
    .where('m.deleted_at', 'is', null)
    .executeTakeFirst()
  if (!row || !isInScope(scope, row.credit_officer_id)) throw notFound('Member')
  await recordAudit(ctx.db, ctx, {
    action: 'MEMBER_IDENTIFIERS_REVEAL',
    entityType: 'member',
    entityId: row.id,
    after: { bvn: row.bvn !== null, nin: row.nin !== null },
  })
  return { bvn: row.bvn, nin: row.nin }
}
