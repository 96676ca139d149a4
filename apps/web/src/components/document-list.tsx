import {
  ActionIcon,
  Anchor,
  Badge,
  Group,
  Menu,
  Modal,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core'
import {
  IconCircleCheck,
  IconCircleX,
  IconDots,
  IconDownload,
  IconEye,
  IconTrash,
  IconUserCircle,
} from '@tabler/icons-react'
import { useState } from 'react'
import { downloadUrlOf, formatFileSize } from '../lib/files'
import { notifySuccess } from '../lib/notify'
import { trpc, type DocumentOwnerType, type StoredDocument } from '../lib/trpc'
import { useCompanyFormat } from '../lib/use-company-format'
import { ConfirmDialog } from './confirm-dialog'
import { DataTable, type DataTableColumn } from './data-table'
import { FilePreview } from './file-preview'
import { useReturnFocus } from '../hooks/use-return-focus'

type DocumentListProps = {
  ownerType: DocumentOwnerType
  ownerId: string
  /** Whose documents, for the empty state: "Ada Obi". */
  ownerName: string
  canVerify: boolean
  /** Offered on JPEG/PNG documents when set (a member's photo comes from their own documents). */
  onUseAsPhoto?: ((document: StoredDocument) => void) | undefined
}

type Action = { kind: 'preview' | 'verify' | 'delete'; document: StoredDocument }

/** The documents of a member or guarantor: preview, download, verify with notes, delete with a reason. */
export function DocumentList({ ownerType, ownerId, ownerName, canVerify, onUseAsPhoto }: DocumentListProps) {
  const format = useCompanyFormat()
  const documents = trpc.document.list.useQuery({ ownerType, ownerId })
  const [action, setAction] = useState<Action | null>(null)
  const close = () => {
    setAction(null)
  }

  const columns: DataTableColumn<StoredDocument>[] = [
    {
      key: 'file',
      header: 'Document',
      render: (document) => (
        <Stack gap={0} miw={0}>
          <Anchor
            component="button"
            type="button"
            size="sm"
            fw={600}
            ta="left"
            onClick={() => {
              setAction({ kind: 'preview', document })
            }}
          >
            {document.fileName}
          </Anchor>
          <Text size="xs" c="dimmed">
            {document.documentTypeName} · {formatFileSize(document.sizeBytes)}
          </Text>
        </Stack>
      ),
    },
    {
      key: 'issued',
      header: 'Issued',
      visibleFrom: 'sm',
      render: (document) => (
        <Stack gap={0}>
          <Text size="sm">{document.issuer ?? '—'}</Text>
          <Text size="xs" c="dimmed">
            {document.issueDate ? format.date(document.issueDate) : 'No issue date'}
          </Text>
        </Stack>
      ),
    },
    {
      key: 'expiry',
      header: 'Expires',
      render: (document) =>
        document.expiryDate ? (
          <Group gap={6} wrap="nowrap">
            <Text size="sm">{format.date(document.expiryDate)}</Text>
            {document.isExpired ? (
              <Badge color="red" variant="light" size="sm">
                Expired
              </Badge>
            ) : null}
          </Group>
        ) : (
          '—'
        ),
    },
    {
      key: 'status',
      header: 'Verified',
      render: (document) =>
        document.isVerified ? (
          <Stack gap={0}>
            <Badge color="green" variant="light" size="sm">
              Verified
            </Badge>
            <Text size="xs" c="dimmed">
              {document.verifiedByName ?? ''} {document.verifiedAt ? format.date(document.verifiedAt) : ''}
            </Text>
          </Stack>
        ) : (
          <Badge color="gray" variant="light" size="sm">
            Not verified
          </Badge>
        ),
    },
    {
      key: 'uploaded',
      header: 'Uploaded',
      visibleFrom: 'md',
      render: (document) => (
        <Stack gap={0}>
          <Text size="sm">{format.dateTime(document.createdAt)}</Text>
          <Text size="xs" c="dimmed">
            {document.uploadedByName ?? ''}
          </Text>
        </Stack>
      ),
    },
    {
      key: 'actions',
      header: 'Actions',
      align: 'right',
      render: (document) => (
        <DocumentMenu
          document={document}
          canVerify={canVerify}
          onUseAsPhoto={onUseAsPhoto}
          onAction={(kind) => {
            setAction({ kind, document })
          }}
        />
      ),
    },
  ]

  return (
    <>
      <DataTable
        label="Documents"
        columns={columns}
        rows={documents.data}
        rowKey={(document) => document.id}
        error={documents.error}
        isFetching={documents.isFetching}
        onRetry={() => void documents.refetch()}
        errorTitle="Could not load documents"
        empty={{ title: 'No documents yet', description: `Documents uploaded for ${ownerName} appear here.` }}
        minWidth={560}
      />
      {action?.kind === 'preview' ? (
        <Modal
          opened
          onClose={close}
          title={`${action.document.documentTypeName}: ${action.document.fileName}`}
          size="xl"
          centered
          closeButtonProps={{ 'aria-label': 'Close' }}
        >
          <FilePreview file={action.document} />
          {action.document.verificationNotes ? (
            <Text size="sm" mt="sm">
              Verification notes: {action.document.verificationNotes}
            </Text>
          ) : null}
        </Modal>
      ) : null}
      {action?.kind === 'verify' ? <VerifyDocumentDialog document={action.document} onClose={close} /> : null}
      {action?.kind === 'delete' ? <DeleteDocumentDialog document={action.document} onClose={close} /> : null}
    </>
  )
}

function DocumentMenu({
  document,
  canVerify,
  onAction,
  onUseAsPhoto,
}: {
  document: StoredDocument
  canVerify: boolean
  onAction: (kind: Action['kind']) => void
  onUseAsPhoto?: ((document: StoredDocument) => void) | undefined
}) {
  const isImage = document.mimeType === 'image/jpeg' || document.mimeType === 'image/png'
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${document.fileName}`}>
          <IconDots size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          leftSection={<IconEye size={16} aria-hidden />}
          onClick={() => {
            onAction('preview')
          }}
        >
          Preview
        </Menu.Item>
        <Menu.Item
          component="a"
          href={downloadUrlOf(document.downloadUrl)}
          download={document.fileName}
          leftSection={<IconDownload size={16} aria-hidden />}
        >
          Download
        </Menu.Item>
        {onUseAsPhoto && isImage ? (
          <Menu.Item
            leftSection={<IconUserCircle size={16} aria-hidden />}
            onClick={() => {
              onUseAsPhoto(document)
            }}
          >
            Use as member photo
          </Menu.Item>
        ) : null}
        {canVerify ? (
          <Menu.Item
            leftSection={
              document.isVerified ? (
                <IconCircleX size={16} aria-hidden />
              ) : (
                <IconCircleCheck size={16} aria-hidden />
              )
            }
            onClick={() => {
              onAction('verify')
            }}
          >
            {document.isVerified ? 'Mark as not verified' : 'Verify'}
          </Menu.Item>
        ) : null}
        {/* The server decides: managers always, the uploader within a day. */}
        {document.canDelete ? (
          <Menu.Item
            color="red"
            leftSection={<IconTrash size={16} aria-hidden />}
            onClick={() => {
              onAction('delete')
            }}
          >
            Delete
          </Menu.Item>
        ) : null}
      </Menu.Dropdown>
    </Menu>
  )
}

function VerifyDocumentDialog({ document, onClose }: { document: StoredDocument; onClose: () => void }) {
  useReturnFocus()
  const utils = trpc.useUtils()
  const verify = trpc.document.verify.useMutation()
  const [notes, setNotes] = useState(document.verificationNotes ?? '')
  const isVerifying = !document.isVerified
  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={isVerifying ? 'Verify document' : 'Mark document as not verified'}
      message={
        isVerifying
          ? `Confirm that you checked ${document.fileName} (${document.documentTypeName}) against the original.`
          : `${document.fileName} will no longer count as verified.`
      }
      confirmLabel={isVerifying ? 'Verify document' : 'Mark as not verified'}
      confirmColor={isVerifying ? undefined : 'orange'}
      isPending={verify.isPending}
      error={verify.error}
      onConfirm={() => {
        verify.mutate(
          { id: document.id, isVerified: isVerifying, notes: notes.trim() || undefined },
          {
            onSuccess: () => {
              notifySuccess(isVerifying ? 'Document verified' : 'Document marked as not verified')
              void utils.document.list.invalidate()
              onClose()
            },
          },
        )
      }}
    >
      <Textarea
        label="Notes"
        description="What you checked, or why it is not acceptable"
        autosize
        minRows={2}
        maxLength={500}
        value={notes}
        onChange={(event) => {
          setNotes(event.currentTarget.value)
        }}
      />
    </ConfirmDialog>
  )
}

function DeleteDocumentDialog({ document, onClose }: { document: StoredDocument; onClose: () => void }) {
  useReturnFocus()
  const utils = trpc.useUtils()
  const remove = trpc.document.delete.useMutation()
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string | undefined>()
  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title="Delete document"
      message={`${document.fileName} (${document.documentTypeName}) will be removed. The audit log keeps a record.`}
      confirmLabel="Delete document"
      confirmColor="red"
      isPending={remove.isPending}
      error={remove.error}
      onConfirm={() => {
        if (reason.trim().length < 3) {
          setReasonError('Say why the document is being deleted')
          return
        }
        remove.mutate(
          { id: document.id, reason: reason.trim() },
          {
            onSuccess: () => {
              notifySuccess('Document deleted')
              void utils.document.list.invalidate()
              onClose()
            },
          },
        )
      }}
    >
      <TextInput
        label="Reason"
        required
        data-autofocus
        value={reason}
        error={reasonError}
        onChange={(event) => {
          setReason(event.currentTarget.value)
          setReasonError(undefined)
        }}
      />
    </ConfirmDialog>
  )
}
