import { z } from 'zod'

// JSON the server keeps in jsonb columns and reads back later, perhaps after an upgrade: loan rules
// (loan_type, loan) and saved report snapshots (saved_report.snapshot). Each value is written with a
// `version` field and read through the schema of its version. Rows written before versions existed have no
// field and are version 1. A version this server does not know (a row written by a newer release, read by
// an older instance during a rolling upgrade) is refused with a clear message, never guessed at.

/** A stored JSON value in a format this server cannot read. Answered 422 (errors.ts refusalOf). */
export class StoredFormatError extends Error {
  constructor(
    /** What was being read, for the message: 'saved report', 'interest rule'. */
    readonly what: string,
    readonly version: unknown,
  ) {
    super(
      `This ${what} was stored in format ${JSON.stringify(version)}, which this server cannot read; ` +
        'it was written by a newer version of the app. Update this server and try again.',
    )
    this.name = 'StoredFormatError'
  }
}

/** The version a stored value says it has: its `version` field, or 1 without one. */
function versionOf(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'version' in value) {
    return value.version
  }
  return 1
}

/**
 * Reads a stored JSON value with the schema of its version. An unknown version throws StoredFormatError
 * (422); a value that does not match its own version's schema is damaged data, not user input, and fails
 * loudly (the ZodError is a 500, logged).
 */
export function parseStored<T>(
  what: string,
  value: unknown,
  schemas: { readonly [version: number]: z.ZodType<T> | undefined },
): T {
  const version = versionOf(value)
  const schema = typeof version === 'number' && Number.isInteger(version) ? schemas[version] : undefined
  if (!schema) throw new StoredFormatError(what, version)
  return schema.parse(value)
}

/** A value as written today: the current version's number first, then its fields. */
export function toStored(version: number, value: object): string {
  return JSON.stringify({ version, ...value })
}

// ---------------------------------------------------------------------------------------------
// Saved report snapshots: the officer-performance figures frozen when the report was saved.

export const SAVED_REPORT_SNAPSHOT_VERSION = 1

const kpiInput = z.object({ label: z.string(), value: z.number(), unit: z.enum(['KOBO', 'COUNT']) })

const kpi = z.object({
  key: z.string(),
  label: z.string(),
  ratio: z.string().nullable(),
  value: z.number(),
  unit: z.enum(['KOBO', 'COUNT', 'RATIO']),
  definition: z.string(),
  inputs: z.array(kpiInput),
})

/** Version 1 (also every snapshot saved before versions existed). */
const ZSavedReportSnapshotV1 = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  rows: z.array(
    z.object({
      officerId: z.string(),
      officerName: z.string(),
      isActive: z.boolean(),
      members: z.int(),
      activeLoans: z.int(),
      outstandingPrincipal: z.int(),
      disbursed: z.int(),
      disbursedCount: z.int(),
      collected: z.int(),
      par30: kpi,
      collectionEfficiency: kpi,
      onTimeRate: kpi,
    }),
  ),
  team: z.object({
    members: z.int(),
    activeLoans: z.int(),
    outstandingPrincipal: z.int(),
    disbursed: z.int(),
    collected: z.int(),
    par30: kpi,
    kpis: z.tuple([kpi, kpi]),
  }),
})
export type TSavedReportSnapshot = z.infer<typeof ZSavedReportSnapshotV1>

export function storedSavedReportSnapshot(value: unknown): TSavedReportSnapshot {
  return parseStored('saved report', value, { 1: ZSavedReportSnapshotV1 })
}
