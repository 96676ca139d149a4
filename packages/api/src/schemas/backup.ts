import { z } from 'zod'

// Settings → Backups (docs/backups.md). Only zod: safe in a browser.

/** The word an admin types to confirm a restore (the page asks for it; the server checks it). */
export const RESTORE_CONFIRMATION = 'RESTORE'

export const ZBackupIdInput = z.object({ id: z.uuid({ error: 'Backup id must be a valid id' }) })
export type TBackupIdInput = z.infer<typeof ZBackupIdInput>

export const ZBackupRestoreInput = z.object({
  id: z.uuid({ error: 'Backup id must be a valid id' }),
  confirmation: z.literal(RESTORE_CONFIRMATION, {
    error: `Type ${RESTORE_CONFIRMATION} to confirm the restore`,
  }),
})
export type TBackupRestoreInput = z.infer<typeof ZBackupRestoreInput>
