// Supervisor reports: the saved snapshots listed, reopened with their figures as saved, and deleted.
import { Button, Card, Group, Modal, Stack, Text, Title, useMantineTheme } from '@mantine/core'
import { useMediaQuery } from '@mantine/hooks'
import { IconCamera, IconHistory } from '@tabler/icons-react'
import { skipToken } from '@tanstack/react-query'
import { useState } from 'react'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { DataTable, type DataTableColumn } from '../../components/data-table'
import { QueryView } from '../../components/states'
import { notifySuccess } from '../../lib/notify'
import { periodText, snapshotTypeLabel } from '../../lib/report-period'
import { trpc, type RouterOutputs } from '../../lib/trpc'
import { type CompanyFormat } from '../../lib/use-company-format'
import { InfoNote, OfficerPerformanceTable, PeriodNote, ReportSkeleton } from './report-parts'

export type SavedReportRow = RouterOutputs['savedReport']['list'][number]
const PAGE_SIZE = 10
export function SavedReports({
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
export function SnapshotDialog({
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
export function DeleteSavedReportDialog({
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
