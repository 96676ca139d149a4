import type { LoanTermUnit } from '@mp/db'
import { koboOf, instantOf, readTable } from './read.js'
import { isNew, mapped, newId, refuse, remember, type ImportRun } from './run.js'

// Loan types (docs/cutover.md, "What comes across").

/** Products without a legacy row: loans the old system booked with no loan type land here. */
const NO_PRODUCT = '(no loan type)'

export const INTEREST_NONE = JSON.stringify({ method: 'NONE' })

/**
 * Old loan types had ranges and a term unit only: no interest, no fee rule, no penalty the system ever
 * charged (docs/cutover.md). They come across as interest-free products with no fee or penalty rule.
 */
export async function importLoanTypes(run: ImportRun): Promise<void> {
  const rows = await readTable(
    run.legacy,
    'LoanType',
    [
      'id',
      'name',
      'description',
      'minAmount',
      'maxAmount',
      'termUnit',
      'minTerm',
      'maxTerm',
      'isActive',
      'createdAt',
      'deletedAt',
    ],
    '"createdAt", "id"',
  )
  const names = new Set(
    (await run.trx.selectFrom('loan_type').select('name').execute()).map((t) => t.name.toLowerCase()),
  )
  for (const row of rows) {
    const legacyId = row.id ?? ''
    if (!isNew(run, 'loan_type', legacyId)) continue
    const min = koboOf(row.minAmount)
    const max = koboOf(row.maxAmount)
    if ('refusal' in min || 'refusal' in max) {
      refuse(
        run,
        'loan_type',
        legacyId,
        'amount range not in whole kobo',
        `${row.minAmount}–${row.maxAmount}`,
      )
      continue
    }
    const minTerm = Math.max(1, Number(row.minTerm ?? 1))
    let name = (row.name ?? '').trim().slice(0, 110) || 'Loan type'
    const base = name
    for (let n = 2; names.has(name.toLowerCase()); n += 1) name = `${base} (${n})`
    names.add(name.toLowerCase())
    const id = newId()
    await run.trx
      .insertInto('loan_type')
      .values({
        id,
        name,
        description: row.description,
        min_principal: Math.max(1, min.kobo),
        max_principal: Math.max(1, min.kobo, max.kobo),
        term_unit: termUnitOf(row.termUnit),
        min_term: minTerm,
        max_term: Math.max(minTerm, Number(row.maxTerm ?? minTerm)),
        interest: INTEREST_NONE,
        processing_fee: null,
        penalty: null,
        is_active: row.isActive === 'true' && row.deletedAt === null,
        created_at: instantOf(row.createdAt) ?? new Date(),
      })
      .execute()
    await remember(run, 'loan_type', [[legacyId, id]])
  }
}

export function termUnitOf(text: string | null): LoanTermUnit {
  return text === 'DAY' || text === 'WEEK' ? text : 'MONTH'
}

/** The one inactive product for loans the old system booked without a loan type. */
export async function noProductType(run: ImportRun, termUnit: LoanTermUnit): Promise<string> {
  const existing = mapped(run, 'loan_type', NO_PRODUCT)
  if (existing !== null) return existing
  const id = newId()
  await run.trx
    .insertInto('loan_type')
    .values({
      id,
      name: 'Imported loans without a loan type',
      description: 'Loans the old system booked with no loan type (docs/cutover.md).',
      min_principal: 1,
      max_principal: 1,
      term_unit: termUnit,
      min_term: 1,
      max_term: 1,
      interest: INTEREST_NONE,
      processing_fee: null,
      penalty: null,
      is_active: false,
    })
    .execute()
  await remember(run, 'loan_type', [[NO_PRODUCT, id]])
  return id
}
