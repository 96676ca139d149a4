import {
  Alert,
  Button,
  Card,
  Group,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  useMantineTheme,
} from '@mantine/core'
import { useMediaQuery } from '@mantine/hooks'
import { todayIn } from '@mp/domain'
import { IconAlertCircle, IconCamera, IconDeviceFloppy, IconHistory } from '@tabler/icons-react'
import { keepPreviousData, skipToken } from '@tanstack/react-query'
import { useState, type SubmitEvent } from 'react'
import { useCurrentUser } from '../../auth/current-user'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { DataTable, type DataTableColumn } from '../../components/data-table'
import { ExportMenu } from '../../components/export-menu'
import { PageHeader } from '../../components/page-header'
import { QueryView } from '../../components/states'
import { isAsOfNotReady } from '../../lib/as-of-run'
import { AsOfComputation } from './as-of-computation'
import { messageOf } from '../../lib/errors'
import { notifySuccess } from '../../lib/notify'
import {
  DEFAULT_PERIOD_CHOICE,
  defaultSnapshotTitle,
  isSnapshotType,
  periodOf,
  periodText,
  SNAPSHOT_TYPES,
  snapshotTypeFor,
  snapshotTypeLabel,
  type PeriodChoice,
  type PeriodPreset,
  type ReportPeriod,
  type SnapshotType,
} from '../../lib/report-period'
import { trpc, type RouterInputs, type RouterOutputs } from '../../lib/trpc'
import { useCompanyFormat, type CompanyFormat } from '../../lib/use-company-format'
import { InfoNote, OfficerPerformanceTable, PeriodNote, PeriodPicker, ReportSkeleton } from './report-parts'

type SavedReportRow = RouterOutputs['savedReport']['list'][number]
type PerformanceInput = RouterInputs['report']['officerPerformance']

const TITLE_MAX = 200
const PAGE_SIZE = 10

/**
 * /supervisor-reports (admins and supervisors, docs/product.md §7): the team's figures per credit officer for a
 * period, saved as snapshots that keep the figures as they were, listed and reopened later.
 */
export function SupervisorReportsPage() {
  const me = useCurrentUser()
  const format = useCompanyFormat()
  const today = todayIn(format.timeZone)
  const [choice, setChoice] = useState<PeriodChoice>(DEFAULT_PERIOD_CHOICE)
  const [officerIds, setOfficerIds] = useState<string[]>([])
  const [draft, setDraft] = useState<SnapshotDraft | null>(null)
  // The snapshot shown stays set while its dialog closes, so the dialog does not blank as it fades.
  const [opened, setOpened] = useState<{ id: string; isOpen: boolean } | null>(null)
  const [deleting, setDeleting] = useState<SavedReportRow | null>(null)

  const officers = trpc.union.officers.useQuery()
  const period = periodOf(choice, today)
  const input: PerformanceInput | null = period.ok
    ? {
        from: period.value.from,
        to: period.value.to,
        officerIds: officerIds.length > 0 ? officerIds : undefined,
      }
    : null
  const team = trpc.report.officerPerformance.useQuery(input ?? skipToken, {
    placeholderData: keepPreviousData,
  })

  const allOfficers = me.role === 'ADMIN' ? 'All credit officers' : 'All officers in your team'

  return (
    <Stack gap="lg">
      <PageHeader
        title="Supervisor reports"
        description="How each credit officer in the team is performing, with snapshots kept as they were."
      />
      <Card withBorder padding="md" component="section" aria-labelledby="team-view-title">
        <Group justify="space-between" align="flex-start" mb="sm" gap="sm">
          <Title id="team-view-title" order={2} size="h4">
            Team view
          </Title>
          <Group gap="sm">
            <Button
              leftSection={<IconCamera size={18} aria-hidden />}
              disabled={!period.ok}
              onClick={() => {
                if (period.ok) setDraft(newDraft(choice.preset, period.value, format))
              }}
            >
              Save snapshot
            </Button>
            <ExportMenu name="officerPerformance" input={input ?? undefined} disabled={input === null} />
          </Group>
        </Group>
        <Group gap="sm" align="flex-end" mb="md">
          <PeriodPicker value={choice} onChange={setChoice} today={today} period={period} />
          <MultiSelect
            label="Credit officers"
            placeholder={officerIds.length === 0 ? allOfficers : undefined}
            data={(officers.data ?? []).map((officer) => ({ value: officer.id, label: officer.name }))}
            value={officerIds}
            onChange={setOfficerIds}
            searchable
            clearable
            clearButtonProps={{ 'aria-label': 'Clear' }}
            nothingFoundMessage={officers.isLoading ? 'Loading officers…' : 'No credit officer found'}
            error={officers.error ? 'Could not load credit officers' : undefined}
            flex="1 1 260px"
            maw={{ base: '100%', sm: 520 }}
          />
        </Group>
        {input === null ? (
          <Alert color="yellow" variant="light" icon={<IconAlertCircle aria-hidden />}>
            {period.ok ? 'Choose the period.' : period.error}
          </Alert>
        ) : team.data === undefined && isAsOfNotReady(team.error) && input.to !== undefined ? (
          <AsOfComputation
            asOf={input.to}
            format={format}
            what="Running loans, outstanding principal and PAR30"
          />
        ) : (
          <QueryView
            query={team}
            errorTitle="Could not load the team's performance"
            loading={<ReportSkeleton />}
          >
            {(data) => (
              <Stack gap="sm">
                <PeriodNote period={data.period} format={format} />
                <OfficerPerformanceTable data={data} isFetching={team.isFetching} />
              </Stack>
            )}
          </QueryView>
        )}
      </Card>

      <SavedReports
        format={format}
        onOpen={(id) => {
          setOpened({ id, isOpen: true })
        }}
        onDelete={setDeleting}
      />

      {draft && period.ok ? (
        <SaveSnapshotDialog
          draft={draft}
          onDraftChange={setDraft}
          period={period.value}
          officerIds={officerIds}
          officerCount={officerIds.length === 0 ? null : officerIds.length}
          format={format}
          onClose={() => {
            setDraft(null)
          }}
        />
      ) : null}
      <SnapshotDialog
        id={opened?.id ?? null}
        isOpen={opened?.isOpen ?? false}
        format={format}
        onClose={() => {
          setOpened((current) => (current ? { ...current, isOpen: false } : null))
        }}
      />
      <DeleteSavedReportDialog
        report={deleting}
        onClose={() => {
          setDeleting(null)
        }}
        onDeleted={(id) => {
          if (opened?.id === id) setOpened(null)
        }}
      />
    </Stack>
  )
}

// ---- save -------------------------------------------------------------------------------------------

type SnapshotDraft = { title: string; type: SnapshotType; isTitleEdited: boolean }

function newDraft(preset: PeriodPreset, period: ReportPeriod, format: CompanyFormat): SnapshotDraft {
  const type = snapshotTypeFor(preset, period)
  return { title: defaultSnapshotTitle(type, period, format.date), type, isTitleEdited: false }
}

function SaveSnapshotDialog({
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

// ---- saved list -------------------------------------------------------------------------------------

function SavedReports({
  format,
  onOpen,
  onDelete,
}: {
  format: CompanyFormat
  onOpen: (id: string) => void
  onDelete: (report: SavedReportRow) => void
}) {
  const list = trpc.savedReport.list.useQuery()
  const [page, setPage] = useState(1)
  const rows = list.data
  const total = rows?.length ?? 0
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE))
  const shownPage = Math.min(page, pageCount)
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="saved-reports-title">
      <Title id="saved-reports-title" order={2} size="h4" mb="sm">
        Saved reports
      </Title>
      <DataTable
        label="Saved reports"
        columns={savedColumns(format, { onOpen, onDelete })}
        rows={rows?.slice((shownPage - 1) * PAGE_SIZE, shownPage * PAGE_SIZE)}
        rowKey={(row) => row.id}
        error={list.error}
        isFetching={list.isFetching}
        onRetry={() => void list.refetch()}
        errorTitle="Could not load saved reports"
        empty={{
          title: 'No saved reports yet',
          description: 'Choose a period above and use “Save snapshot” to keep the figures as they are now.',
        }}
        pagination={{ page: shownPage, pageSize: PAGE_SIZE, total, onPageChange: setPage }}
        minWidth={860}
      />
    </Card>
  )
}

function savedColumns(
  format: CompanyFormat,
  { onOpen, onDelete }: { onOpen: (id: string) => void; onDelete: (report: SavedReportRow) => void },
): DataTableColumn<SavedReportRow>[] {
  return [
    {
      key: 'title',
      header: 'Title',
      render: (row) => (
        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
          {row.title}
        </Text>
      ),
    },
    { key: 'type', header: 'Type', render: (row) => snapshotTypeLabel(row.type) },
    {
      key: 'period',
      header: 'Period',
      render: (row) => <span style={{ whiteSpace: 'nowrap' }}>{periodText(row, format.date)}</span>,
    },
    {
      key: 'officers',
      header: 'Officers',
      render: (row) => (row.officerCount === 0 ? 'All' : String(row.officerCount)),
    },
    {
      key: 'created',
      header: 'Saved',
      render: (row) => (
        <Stack gap={0}>
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
            {format.dateTime(row.createdAt)}
          </Text>
          <Text size="xs" c="dimmed">
            {row.createdBy ?? '—'}
          </Text>
        </Stack>
      ),
    },
    {
      key: 'actions',
      header: 'Actions',
      render: (row) => (
        <Group gap="xs" wrap="nowrap">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconHistory size={14} aria-hidden />}
            onClick={() => {
              onOpen(row.id)
            }}
          >
            Open
          </Button>
          <Button
            size="xs"
            variant="subtle"
            color="red"
            onClick={() => {
              onDelete(row)
            }}
          >
            Delete
          </Button>
        </Group>
      ),
    },
  ]
}

// ---- reopen -----------------------------------------------------------------------------------------

function SnapshotDialog({
  id,
  isOpen,
  format,
  onClose,
}: {
  id: string | null
  isOpen: boolean
  format: CompanyFormat
  onClose: () => void
}) {
  const theme = useMantineTheme()
  const isPhone = useMediaQuery(`(max-width: ${theme.breakpoints.sm})`)
  const saved = trpc.savedReport.get.useQuery(id === null ? skipToken : { id })
  return (
    <Modal
      opened={isOpen}
      onClose={onClose}
      title={saved.data?.title ?? 'Saved report'}
      size="80rem"
      fullScreen={isPhone}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <QueryView query={saved} errorTitle="Could not open the saved report" loading={<ReportSkeleton />}>
        {(report) => (
          <Stack gap="sm">
            <InfoNote icon={<IconCamera size={20} aria-hidden />}>
              Snapshot saved on {format.dateTime(report.createdAt)}, figures as they were then.
            </InfoNote>
            <Text size="sm">
              {snapshotTypeLabel(report.type)} ·{' '}
              {report.officerIds.length === 0
                ? 'all officers'
                : `${String(report.officerIds.length)} officer${report.officerIds.length === 1 ? '' : 's'}`}
            </Text>
            <PeriodNote period={report.snapshot.period} format={format} />
            <OfficerPerformanceTable data={report.snapshot} label="Officer performance (snapshot)" />
          </Stack>
        )}
      </QueryView>
    </Modal>
  )
}

// ---- delete -----------------------------------------------------------------------------------------

function DeleteSavedReportDialog({
  report,
  onClose,
  onDeleted,
}: {
  report: SavedReportRow | null
  onClose: () => void
  onDeleted: (id: string) => void
}) {
  const utils = trpc.useUtils()
  const remove = trpc.savedReport.delete.useMutation({
    onSuccess: async (_result, variables) => {
      notifySuccess('Saved report deleted')
      onDeleted(variables.id)
      onClose()
      await utils.savedReport.list.invalidate()
    },
  })
  return (
    <ConfirmDialog
      opened={report !== null}
      onClose={() => {
        remove.reset()
        onClose()
      }}
      title="Delete saved report?"
      message={
        report
          ? `“${report.title}” will be removed from Saved reports. The live figures are not affected.`
          : ''
      }
      confirmLabel="Delete"
      confirmColor="red"
      isPending={remove.isPending}
      error={remove.error}
      onConfirm={() => {
        if (report) remove.mutate({ id: report.id })
      }}
    />
  )
}
