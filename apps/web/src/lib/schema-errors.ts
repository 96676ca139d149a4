import type { z } from 'zod'

type FieldOf = (path: readonly PropertyKey[]) => PropertyKey | undefined

/**
 * The first message a server schema (@mp/api/schemas) gives under each field, for a form's `validate`:
 * the server's own rules in the server's words, checked before anything is sent. `fieldOf` names the form
 * field an issue's path belongs to (by default its first key, when that is one of `fields`); an issue on
 * no field of the form is left for the server to report.
 */
export function schemaErrors<TField extends string>(
  schema: z.ZodType,
  input: unknown,
  fields: readonly TField[],
  fieldOf?: FieldOf,
): Partial<Record<TField, string>> {
  const result = schema.safeParse(input)
  return result.success ? {} : issueErrors(result.error.issues, fields, fieldOf)
}

/** {@link schemaErrors} for a parse already made. */
export function issueErrors<TField extends string>(
  issues: readonly z.core.$ZodIssue[],
  fields: readonly TField[],
  fieldOf: FieldOf = (path) => path[0],
): Partial<Record<TField, string>> {
  const errors: Partial<Record<TField, string>> = {}
  for (const issue of issues) {
    const key = fieldOf(issue.path)
    const field = fields.find((name) => name === key)
    if (field !== undefined) errors[field] ??= issue.message
  }
  return errors
}
