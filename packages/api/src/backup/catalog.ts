import pg from 'pg'

/**
 * Which tables a backup holds, read from the database itself (docs/backups.md "What is in a backup"):
 * every table of the `public` schema except the ones below, each excluded with its reason. A table a
 * new migration adds is therefore backed up without anyone remembering to list it, and
 * test/backup-catalog.test.ts fails if an exclusion names a table that no longer exists.
 *
 * `onRestore` says what a restore does to an excluded table: 'keep' leaves it as it is; 'clear' empties
 * it in the restore's transaction (it refers to restored rows, so it cannot outlive them).
 */
export const EXCLUDED_TABLES: Readonly<Record<string, { reason: string; onRestore: 'keep' | 'clear' }>> = {
  kysely_migration: {
    reason: 'the schema version; recorded in the manifest, and a restore needs the same one',
    onRestore: 'keep',
  },
  kysely_migration_lock: { reason: "the migrator's lock row", onRestore: 'keep' },
  backup: {
    reason: 'the list of archives, which must outlive a restore (the pre-restore backup is in it)',
    onRestore: 'keep',
  },
  backup_drill: {
    reason:
      'results of restore drills on the archives listed in `backup`; restoring old rows could name archives deleted since',
    onRestore: 'keep',
  },
  session: {
    reason:
      'sign-in sessions: restoring them would bring back revoked sessions; a restore ends every session but the restoring admin’s',
    onRestore: 'clear',
  },
  export_job: {
    reason: 'running and finished exports: temporary files of the data being replaced',
    onRestore: 'clear',
  },
}

export type TableInfo = {
  name: string
  /** Stored columns in table order (generated columns are left out: PostgreSQL recomputes them). */
  columns: string[]
  /** Primary key columns, or every column when there is none: the order rows are written and hashed in. */
  orderBy: string[]
}

export type SequenceValue = { name: string; lastValue: string; isCalled: boolean }

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`

/** Every table of the public schema (ordinary and partitioned parents), excluded ones included. */
export async function publicTables(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
      order by c.relname`,
  )
  return rows.map((row) => row.name)
}

/**
 * The backed-up tables in an order a restore can load them in: a table comes after every table it
 * refers to (foreign keys are checked at the end of each COPY, so a table may refer to itself).
 */
export async function backedUpTables(client: pg.ClientBase): Promise<TableInfo[]> {
  const names = (await publicTables(client)).filter((name) => !(name in EXCLUDED_TABLES))
  const { rows: columnRows } = await client.query<{ table: string; column: string; isKey: boolean }>(
    `select c.relname as table, a.attname as column,
            coalesce(a.attnum = any(i.indkey), false) as "isKey"
       from pg_attribute a
       join pg_class c on c.oid = a.attrelid
       left join pg_index i on i.indrelid = c.oid and i.indisprimary
      where c.relnamespace = 'public'::regnamespace and c.relname = any($1)
        and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
      order by c.relname, a.attnum`,
    [names],
  )
  const { rows: keyOrder } = await client.query<{ table: string; column: string }>(
    `select c.relname as table, a.attname as column
       from pg_index i
       join pg_class c on c.oid = i.indrelid
       cross join lateral unnest(i.indkey) with ordinality as k(attnum, position)
       join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
      where i.indisprimary and c.relnamespace = 'public'::regnamespace and c.relname = any($1)
      order by c.relname, k.position`,
    [names],
  )
  const { rows: edges } = await client.query<{ from: string; to: string }>(
    `select distinct c.relname as from, r.relname as to
       from pg_constraint f
       join pg_class c on c.oid = f.conrelid
       join pg_class r on r.oid = f.confrelid
      where f.contype = 'f' and c.relnamespace = 'public'::regnamespace and c.relname = any($1)
        and r.relname = any($1) and c.relname <> r.relname`,
    [names],
  )
  const info = new Map<string, TableInfo>(names.map((name) => [name, { name, columns: [], orderBy: [] }]))
  for (const row of columnRows) info.get(row.table)?.columns.push(row.column)
  for (const row of keyOrder) info.get(row.table)?.orderBy.push(row.column)
  for (const table of info.values()) if (table.orderBy.length === 0) table.orderBy = [...table.columns]

  // Depth-first topological order; a cycle between two tables (none today) would fail at restore,
  // where the COPY that breaks a foreign key names it.
  const refersTo = new Map<string, string[]>(names.map((name) => [name, []]))
  for (const edge of edges) refersTo.get(edge.from)?.push(edge.to)
  const ordered: TableInfo[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (name: string) => {
    if (state.get(name) !== undefined) return
    state.set(name, 'visiting')
    for (const target of refersTo.get(name) ?? []) visit(target)
    state.set(name, 'done')
    const table = info.get(name)
    if (table) ordered.push(table)
  }
  for (const name of names) visit(name)
  return ordered
}

/** Excluded tables a restore empties (they refer to restored rows). */
export function tablesClearedOnRestore(existing: readonly string[]): string[] {
  return existing.filter((name) => EXCLUDED_TABLES[name]?.onRestore === 'clear')
}

/** Every sequence of the public schema with its current position (loan, member and receipt numbers). */
export async function sequenceValues(client: pg.ClientBase): Promise<SequenceValue[]> {
  const { rows: names } = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind = 'S' order by c.relname`,
  )
  const values: SequenceValue[] = []
  for (const { name } of names) {
    const { rows } = await client.query<{ last_value: string; is_called: boolean }>(
      `select last_value::text as last_value, is_called from ${quoteIdent(name)}`,
    )
    const row = rows[0]
    if (row) values.push({ name, lastValue: row.last_value, isCalled: row.is_called })
  }
  return values
}

/** The schema a database is at: the name of its latest applied migration. */
export async function schemaVersion(client: pg.ClientBase): Promise<string> {
  const { rows } = await client.query<{ name: string }>(
    'select name from kysely_migration order by name desc limit 1',
  )
  return rows[0]?.name ?? '(no migrations)'
}

/** The query whose COPY output a backup stores and hashes for a table: stored columns, key order. */
export function tableSelect(table: Pick<TableInfo, 'name' | 'columns' | 'orderBy'>): string {
  const columns = table.columns.map(quoteIdent).join(', ')
  const order = table.orderBy.map(quoteIdent).join(', ')
  return `select ${columns} from ${quoteIdent(table.name)} order by ${order}`
}

/**
 * A connection of its own for COPY, made with the pool's settings but without the app's 30 s statement
 * limit or pg's client-side read timeout: one table of a large lender streams for longer than that.
 * The caller ends it.
 */
export async function openCopyClient(pool: pg.Pool): Promise<pg.Client> {
  const { query_timeout: _queryTimeout, statement_timeout: _statementTimeout, ...options } = pool.options
  const client = new pg.Client({ ...options, application_name: 'millennium-potters-backup' })
  // A dropped connection fails the COPY in progress; without a listener it would end the process.
  client.on('error', () => undefined)
  await client.connect()
  return client
}
