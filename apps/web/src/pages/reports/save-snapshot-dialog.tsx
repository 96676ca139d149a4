// Supervisor reports: saving the figures on screen as a snapshot.
import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core'
import { IconAlertCircle, IconDeviceFloppy } from '@tabler/icons-react'
import { useState, type SubmitEvent } from 'react'
import { messageOf } from '../../lib/errors'
import { notifySuccess } from '../../lib/notify'
import {
  defaultSnapshotTitle,
  isSnapshotType,
  periodText,
  SNAPSHOT_TYPES,
  snapshotTypeFor,
  type PeriodPreset,
  type ReportPeriod,
  type SnapshotType,
} from '../../lib/report-period'
import { trpc } from '../../lib/trpc'
import { type CompanyFormat } from '../../lib/use-company-format'

const TITLE_MAX = 200
export type SnapshotDraft = { title: string; type: SnapshotType; isTitleEdited: boolean }

export function newDraft(preset: PeriodPreset, period: ReportPeriod, format: CompanyFormat): SnapshotDraft {
  const type = snapshotTypeFor(preset, period)
  return { title: defaultSnapshotTitle(type, period, format.date), type, isTitleEdited: false }
}

export function SaveSnapshotDialog({
  draft,
  onDraftChange,
  period,
  officerIds,
  officerCount,
  format,
  onClose,
}: {
  draft: SnapshotDraft
  onDraftChange: (draft: SnapshotDraft) => void
  period: ReportPeriod
  officerIds: string[]
  /** Null when the whole team is shown. */
  officerCount: number | null
  format: CompanyFormat
  onClose: () => void
}) {
  const utils = trpc.useUtils()
  const [titleError, setTitleError] = useState<string | null>(null)
  const create = trpc.savedReport.create.useMutation({
    onSuccess: async (saved) => {
      notifySuccess(`“${saved.title}” is in Saved reports.`, 'Snapshot saved')
      onClose()
      await utils.savedReport.list.invalidate()
    },
  })

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault()
    const title = draft.title.trim()
    if (title === '') {
      setTitleError('Title is required')
      return
    }
    if (title.length > TITLE_MAX) {
      setTitleError(`Title must be at most ${String(TITLE_MAX)} characters`)
      return
    }
    setTitleError(null)
    create.mutate({ title, type: draft.type, from: period.from, to: period.to, officerIds })
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title="Save snapshot"
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            Keeps the team's figures for {periodText(period, format.date)} (
            {officerCount === null
              ? 'all officers'
              : `${String(officerCount)} officer${officerCount === 1 ? '' : 's'}`}
            ) exactly as they are now. Later payments and corrections will not change it.
          </Text>
          <Select
            label="Type"
            data={SNAPSHOT_TYPES.map((type) => ({ ...type }))}
            value={draft.type}
            onChange={(value) => {
              if (!isSnapshotType(value)) return
              // A title the user has not touched follows the type; one they wrote stays.
              onDraftChange({
                ...draft,
                type: value,
                title: draft.isTitleEdited ? draft.title : defaultSnapshotTitle(value, period, format.date),
              })
            }}
            allowDeselect={false}
          />
          <TextInput
            label="Title"
            required
            maxLength={TITLE_MAX}
            value={draft.title}
            onChange={(event) => {
              onDraftChange({ ...draft, title: event.currentTarget.value, isTitleEdited: true })
            }}
            error={titleError}
            data-autofocus
          />
          {create.error ? (
            <Alert color="red" icon={<IconAlertCircle aria-hidden />} role="alert">
              {messageOf(create.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={create.isPending}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={create.isPending}
              leftSection={<IconDeviceFloppy size={18} aria-hidden />}
            >
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
