import type { Kysely } from 'kysely'

// PAR "with restructured loans" for a closed day (docs/lending.md "Restructuring", docs/reports.md): per
// threshold, the outstanding principal of the day's running loans restructured on or before it that were
// not already at risk at that threshold — what PAR with restructured loans adds to the at-risk principal.
// Written by the daily close with the other figures. Null on days closed before this migration: those
// days kept no restructured figure, and a report of them says so rather than showing zero.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('portfolio_snapshot')
    .addColumn('restructured_par1_principal', 'bigint')
    .addColumn('restructured_par30_principal', 'bigint')
    .addColumn('restructured_par60_principal', 'bigint')
    .addColumn('restructured_par90_principal', 'bigint')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('portfolio_snapshot')
    .dropColumn('restructured_par90_principal')
    .dropColumn('restructured_par60_principal')
    .dropColumn('restructured_par30_principal')
    .dropColumn('restructured_par1_principal')
    .execute()
}
