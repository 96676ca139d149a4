import { z } from 'zod'
import { cleanText } from './fields.js'

export const SEARCH_MIN_LENGTH = 2
export const SEARCH_MAX_LENGTH = 100

/**
 * The command palette's search from anywhere (docs/web-app.md): one box for members, loans, unions and (for
 * admins) staff. Trimmed, 2–100 characters; tabs and line breaks of pasted text count as spaces.
 */
export const ZGlobalSearchInput = z.object({
  q: z
    .string({ error: 'Search must be text' })
    .trim()
    .min(SEARCH_MIN_LENGTH, { error: `Search must be at least ${SEARCH_MIN_LENGTH} characters` })
    .max(SEARCH_MAX_LENGTH, { error: `Search must be at most ${SEARCH_MAX_LENGTH} characters` })
    .refine(...cleanText('Search', { multiline: true })),
})
export type TGlobalSearchInput = z.infer<typeof ZGlobalSearchInput>
