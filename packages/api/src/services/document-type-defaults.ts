import type { Database, DocumentOwnerType, Transaction } from '@mp/db'

type DefaultDocumentType = {
  name: string
  description: string
  appliesTo: DocumentOwnerType[]
}

/**
 * The document types a fresh install starts with, so document upload works before an admin has
 * made any (docs/product.md §6). They are ordinary rows: an admin edits, deactivates or replaces
 * them like any other type. Chosen from what Nigerian microlenders ask members and guarantors for
 * (KYC under the CBN's tiered KYC rules: identity, address, photograph; plus the guarantor's form).
 */
const DEFAULT_DOCUMENT_TYPES: readonly DefaultDocumentType[] = [
  {
    name: 'National ID card',
    description: 'NIMC national identity card or NIN slip',
    appliesTo: ['MEMBER', 'GUARANTOR'],
  },
  {
    name: "Voter's card",
    description: 'INEC permanent voter card',
    appliesTo: ['MEMBER', 'GUARANTOR'],
  },
  {
    name: 'Passport photograph',
    description: 'A recent passport-size photograph',
    appliesTo: ['MEMBER', 'GUARANTOR'],
  },
  {
    name: 'Utility bill',
    description: 'Proof of address, not older than three months',
    appliesTo: ['MEMBER', 'GUARANTOR'],
  },
  {
    name: 'Guarantor form',
    description: "The guarantor's signed undertaking",
    appliesTo: ['GUARANTOR', 'LOAN'],
  },
]

/**
 * Seeds the default document types when there are none at all (a fresh install). Runs inside the
 * caller's transaction, the one that creates the first admin; returns how many rows it wrote (0 when
 * any type already exists, so an admin's own list is never touched).
 */
export async function seedDefaultDocumentTypes(trx: Transaction<Database>): Promise<number> {
  const existing = await trx.selectFrom('document_type').select('id').limit(1).executeTakeFirst()
  if (existing) return 0
  await trx
    .insertInto('document_type')
    .values(
      DEFAULT_DOCUMENT_TYPES.map((type) => ({
        name: type.name,
        description: type.description,
        applies_to: [...type.appliesTo],
      })),
    )
    .execute()
  return DEFAULT_DOCUMENT_TYPES.length
}
