import { Stack } from '@mantine/core'
import { BackupScheduleCard } from './backup-schedule-card'
import { BackupsSettings } from './backups-settings'

/** Settings → Backups: the backups themselves, then their schedule and the restore drill. */
export function BackupsPage() {
  return (
    <Stack gap="lg">
      <BackupsSettings />
      <BackupScheduleCard />
    </Stack>
  )
}
