import type { z } from 'zod'

/**
 * The first message a server schema (@mp/api/schemas) gives for a value, or undefined when it passes:
 * how a form shows the server's own rule under a field before anything is sent.
 */
export function schemaProblem(schema: z.ZodType, value: unknown): string | undefined {
  const result = schema.safeParse(value)
  return result.success ? undefined : result.error.issues[0]?.message
}
