import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  Modal,
  Progress,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core'
import { IconAlertTriangle, IconDatabaseExport, IconDownload, IconUpload } from '@tabler/icons-react'
import { useState } from 'react'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { DataTable, type DataTableColumn } from '../../components/data-table'
import {
  backupDownloadUrl,
  backupPercent,
  restoreFromFile,
  countsSummary,
  RESTORE_WORD,
  totalRows,
  TRIGGER_LABELS,
  type BackupRow,
} from '../../lib/backups'
import { formatFileSize } from '../../lib/files'
import { notifySuccess } from '../../lib/notify'
import { trpc } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import { SettingsSection } from './settings-section'

/**
 * Admin: Settings → Backups (docs/backups.md). Back up now, watch the run, download, delete, and restore
 * with a typed confirmation. Every rule is the server's; this page only shows it.
 */
export function BackupsSettings() {
  const format = useCompanyFormat()
  const utils = trpc.useUtils()
  const backups = trpc.backup.list.useQuery(undefined, {
    // While a run is going, its row is read again every second for the progress bar.
    refetchInterval: (query) => (query.state.data?.some((row) => row.state === 'RUNNING') ? 1000 : false),
  })
  const create = trpc.backup.create.useMutation({
    onSuccess: () => void utils.backup.list.invalidate(),
  })
  const remove = trpc.backup.delete.useMutation()
  const restore = trpc.backup.restore.useMutation()
  const [toDelete, setToDelete] = useState<BackupRow | null>(null)
  const [toRestore, setToRestore] = useState<BackupRow | null>(null)
  const [countsOf, setCountsOf] = useState<BackupRow | null>(null)
  const [typed, setTyped] = useState('')
  const [isUploadOpen, setIsUploadOpen] = useState(false)
  const [uploadFile, setUploadFile] = useState<File | null>(null)
  const [upload, setUpload] = useState<{ isPending: boolean; error: string | null }>({
    isPending: false,
    error: null,
  })
  const running = backups.data?.find((row) => row.state === 'RUNNING')

  const columns: DataTableColumn<BackupRow>[] = [
    {
      key: 'when',
      header: 'Made',
      render: (row) => (
        <Stack gap={0}>
          <Text size="sm">{format.dateTime(row.createdAt)}</Text>
          <Text size="xs" c="dimmed">
            {TRIGGER_LABELS[row.trigger]} ·{' '}
            {row.createdBy ?? (row.trigger === 'SCHEDULED' ? 'schedule' : 'command line')}
          </Text>
        </Stack>
      ),
    },
    {
      key: 'state',
      header: 'State',
      render: (row) =>
        row.state === 'RUNNING' ? (
          <Stack gap={4} miw={140}>
            <Badge color="blue" variant="light">
              Running
            </Badge>
            <Progress value={backupPercent(row)} size="sm" aria-label="Backup progress" />
            <Text size="xs" c="dimmed">
              {row.tablesDone} of {row.tablesTotal || '…'} tables · {row.rowsDone.toLocaleString('en')} rows
            </Text>
          </Stack>
        ) : row.state === 'DONE' ? (
          <Badge color="green" variant="light">
            Done
          </Badge>
        ) : (
          <Stack gap={2}>
            <Badge color="red" variant="light">
              Failed
            </Badge>
            <Text size="xs" c="red">
              {row.error}
            </Text>
          </Stack>
        ),
    },
    {
      key: 'contents',
      header: 'Contents',
      render: (row) =>
        row.state === 'DONE' ? (
          <Stack gap={0}>
            <Text size="sm">{countsSummary(row.tableCounts)}</Text>
            <Anchor
              component="button"
              size="xs"
              onClick={() => {
                setCountsOf(row)
              }}
            >
              All {Object.keys(row.tableCounts ?? {}).length} tables (
              {totalRows(row.tableCounts).toLocaleString('en')} rows)
            </Anchor>
          </Stack>
        ) : (
          '—'
        ),
    },
    {
      key: 'size',
      header: 'Size',
      visibleFrom: 'xl',
      render: (row) => (row.size === null ? '—' : formatFileSize(row.size)),
    },
    {
      key: 'actions',
      header: 'Actions',
      align: 'right',
      render: (row) =>
        row.state === 'RUNNING' ? null : (
          <Group gap={4} justify="flex-end">
            {row.state === 'DONE' ? (
              <>
                <Button
                  component="a"
                  href={backupDownloadUrl(row.id)}
                  download={row.fileName}
                  variant="subtle"
                  size="xs"
                  leftSection={<IconDownload size={14} aria-hidden />}
                  aria-label={`Download the backup of ${format.dateTime(row.createdAt)}`}
                >
                  Download
                </Button>
                <Button
                  variant="subtle"
                  color="orange"
                  size="xs"
                  onClick={() => {
                    setTyped('')
                    setToRestore(row)
                  }}
                >
                  Restore
                </Button>
              </>
            ) : null}
            <Button
              variant="subtle"
              color="red"
              size="xs"
              onClick={() => {
                setToDelete(row)
              }}
            >
              Delete
            </Button>
          </Group>
        ),
    },
  ]

  return (
    <SettingsSection
      title="Backups"
      description="A copy of every record, checked and stored privately. Download one to keep it off the server; restore one to put the whole system back as it was."
    >
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {running
            ? 'A backup is running; you can leave this page.'
            : 'Staff can keep working while a backup runs.'}
        </Text>
        <Group gap="xs">
          <Button
            variant="default"
            leftSection={<IconUpload size={16} aria-hidden />}
            disabled={running !== undefined}
            onClick={() => {
              setTyped('')
              setUploadFile(null)
              setUpload({ isPending: false, error: null })
              setIsUploadOpen(true)
            }}
          >
            Restore from a file…
          </Button>
          <Button
            leftSection={<IconDatabaseExport size={16} aria-hidden />}
            loading={create.isPending}
            disabled={running !== undefined}
            onClick={() => {
              create.mutate(undefined, {
                onSuccess: () => {
                  notifySuccess('Backup started')
                },
              })
            }}
          >
            Back up now
          </Button>
        </Group>
      </Group>
      {create.error ? (
        <Alert color="red" role="alert">
          {create.error.message}
        </Alert>
      ) : null}
      <DataTable
        label="Backups"
        columns={columns}
        rows={backups.data}
        rowKey={(row) => row.id}
        error={backups.error}
        isFetching={backups.isFetching}
        onRetry={() => void backups.refetch()}
        errorTitle="Could not load the backups"
        empty={{ title: 'No backups yet', description: 'Make the first one with “Back up now”.' }}
        minWidth={600}
      />
      <Text size="xs" c="dimmed">
        Making, downloading, deleting and restoring backups are recorded in the audit log.
      </Text>

      <Modal
        opened={countsOf !== null}
        onClose={() => {
          setCountsOf(null)
        }}
        title="Rows in this backup"
        centered
      >
        <Table striped>
          <Table.Tbody>
            {Object.entries(countsOf?.tableCounts ?? {})
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([table, rows]) => (
                <Table.Tr key={table}>
                  <Table.Td>{table}</Table.Td>
                  <Table.Td ta="right">{rows.toLocaleString('en')}</Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
      </Modal>

      {toDelete ? (
        <ConfirmDialog
          opened
          onClose={() => {
            setToDelete(null)
            remove.reset()
          }}
          title="Delete this backup?"
          message={`The backup of ${format.dateTime(toDelete.createdAt)} is removed from storage for good.`}
          confirmLabel="Delete backup"
          confirmColor="red"
          isPending={remove.isPending}
          error={remove.error}
          onConfirm={() => {
            remove.mutate(
              { id: toDelete.id },
              {
                onSuccess: () => {
                  setToDelete(null)
                  notifySuccess('Backup deleted')
                  void utils.backup.list.invalidate()
                },
              },
            )
          }}
        />
      ) : null}

      {toRestore ? (
        <ConfirmDialog
          opened
          onClose={() => {
            if (restore.isPending) return
            setToRestore(null)
            restore.reset()
          }}
          title="Restore this backup?"
          message={
            <Stack gap="xs">
              <Alert color="orange" icon={<IconAlertTriangle aria-hidden />}>
                Every record is replaced by the backup of {format.dateTime(toRestore.createdAt)}. Anything
                entered since then is lost (a backup of the current data is taken first). Everyone else is
                signed out.
              </Alert>
              <Text size="sm">{countsSummary(toRestore.tableCounts)}</Text>
            </Stack>
          }
          confirmLabel="Restore backup"
          confirmColor="orange"
          isPending={restore.isPending}
          isConfirmDisabled={typed !== RESTORE_WORD}
          error={restore.error}
          onConfirm={() => {
            restore.mutate(
              { id: toRestore.id, confirmation: RESTORE_WORD },
              {
                onSuccess: () => {
                  notifySuccess('Backup restored')
                  // Every record changed: a full load shows the restored data everywhere.
                  window.location.reload()
                },
              },
            )
          }}
        >
          <TextInput
            label={`Type ${RESTORE_WORD} to confirm`}
            value={typed}
            autoComplete="off"
            data-autofocus
            onChange={(event) => {
              setTyped(event.currentTarget.value)
            }}
          />
        </ConfirmDialog>
      ) : null}
      {isUploadOpen ? (
        <ConfirmDialog
          opened
          onClose={() => {
            if (!upload.isPending) setIsUploadOpen(false)
          }}
          title="Restore from a file?"
          message={
            <Alert color="orange" icon={<IconAlertTriangle aria-hidden />}>
              Every record is replaced by the backup in the file. Anything entered since it was made is lost
              (a backup of the current data is taken first). Everyone else is signed out. The file is checked
              in full before anything changes.
            </Alert>
          }
          confirmLabel="Restore backup"
          confirmColor="orange"
          isPending={upload.isPending}
          isConfirmDisabled={typed !== RESTORE_WORD || uploadFile === null}
          error={upload.error}
          onConfirm={() => {
            if (!uploadFile) return
            setUpload({ isPending: true, error: null })
            void restoreFromFile(uploadFile).then((problem) => {
              if (problem === null) {
                notifySuccess('Backup restored')
                window.location.reload()
                return
              }
              setUpload({ isPending: false, error: problem })
            })
          }}
        >
          <FileInput
            label="Backup file"
            placeholder="millennium-backup-….mpbackup.gz"
            value={uploadFile}
            onChange={setUploadFile}
            clearable
          />
          <TextInput
            label={`Type ${RESTORE_WORD} to confirm`}
            value={typed}
            autoComplete="off"
            onChange={(event) => {
              setTyped(event.currentTarget.value)
            }}
          />
        </ConfirmDialog>
      ) : null}
    </SettingsSection>
  )
}
