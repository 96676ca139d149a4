import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core'
import { IconPencil, IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { ConfirmDialog } from '../components/confirm-dialog'
import { DataTable, type DataTableColumn } from '../components/data-table'
import { FormAlert } from '../components/form-alert'
import { PageHeader } from '../components/page-header'
import { useServerForm } from '../hooks/use-server-form'
import { DOCUMENT_OWNER_OPTIONS, titleCase } from '../lib/labels'
import { notifySuccess } from '../lib/notify'
import { trpc, type DocumentAppliesTo, type DocumentType } from '../lib/trpc'

/** /document-types (admin): the kinds of document members, guarantors and loans may carry. */
export function DocumentTypesPage() {
  const [isShowingInactive, setIsShowingInactive] = useState(true)
  const types = trpc.documentType.list.useQuery({ includeInactive: isShowingInactive })
  const [editing, setEditing] = useState<DocumentType | 'new' | null>(null)
  const [toggling, setToggling] = useState<DocumentType | null>(null)

  const columns: DataTableColumn<DocumentType>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (type) => (
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            {type.name}
          </Text>
          {type.description ? (
            <Text size="xs" c="dimmed">
              {type.description}
            </Text>
          ) : null}
        </Stack>
      ),
    },
    {
      key: 'code',
      header: 'Code',
      visibleFrom: 'sm',
      render: (type) => (
        <Text size="sm" ff="monospace">
          {type.code}
        </Text>
      ),
    },
    {
      key: 'appliesTo',
      header: 'Applies to',
      render: (type) => (
        <Group gap={4}>
          {type.appliesTo.map((owner) => (
            <Badge key={owner} variant="light" size="sm">
              {titleCase(owner)}
            </Badge>
          ))}
        </Group>
      ),
    },
    {
      key: 'expiry',
      header: 'Expiry date',
      render: (type) => (type.requiresExpiry ? 'Required' : 'Optional'),
    },
    {
      key: 'status',
      header: 'Status',
      render: (type) =>
        type.isActive ? (
          <Badge color="green" variant="light">
            Active
          </Badge>
        ) : (
          <Badge color="gray" variant="light">
            Inactive
          </Badge>
        ),
    },
    {
      key: 'actions',
      header: 'Actions',
      align: 'right',
      render: (type) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconPencil size={14} aria-hidden />}
            aria-label={`Edit ${type.name}`}
            onClick={() => {
              setEditing(type)
            }}
          >
            Edit
          </Button>
          <Button
            size="xs"
            variant="subtle"
            color={type.isActive ? 'orange' : undefined}
            aria-label={`${type.isActive ? 'Deactivate' : 'Activate'} ${type.name}`}
            onClick={() => {
              setToggling(type)
            }}
          >
            {type.isActive ? 'Deactivate' : 'Activate'}
          </Button>
        </Group>
      ),
    },
  ]

  return (
    <Stack gap="lg">
      <PageHeader
        title="Document types"
        description="The documents members, guarantors and loans may need, and whether they expire."
        actions={
          <Button
            leftSection={<IconPlus size={18} aria-hidden />}
            onClick={() => {
              setEditing('new')
            }}
          >
            New document type
          </Button>
        }
      />
      <Card withBorder padding="md">
        <Switch
          label="Show inactive types"
          checked={isShowingInactive}
          onChange={(event) => {
            setIsShowingInactive(event.currentTarget.checked)
          }}
          mb="md"
        />
        <DataTable
          label="Document types"
          columns={columns}
          rows={types.data}
          rowKey={(type) => type.id}
          error={types.error}
          isFetching={types.isFetching}
          onRetry={() => void types.refetch()}
          errorTitle="Could not load document types"
          empty={{
            title: 'No document types yet',
            description:
              'Add the kinds of document staff upload, such as “National ID card” or “Utility bill”.',
          }}
          minWidth={640}
        />
      </Card>
      {editing ? (
        <DocumentTypeDialog
          type={editing === 'new' ? undefined : editing}
          onClose={() => {
            setEditing(null)
          }}
        />
      ) : null}
      {toggling ? (
        <SetActiveDialog
          type={toggling}
          onClose={() => {
            setToggling(null)
          }}
        />
      ) : null}
    </Stack>
  )
}

type TypeValues = {
  name: string
  description: string
  appliesTo: DocumentAppliesTo[]
  requiresExpiry: boolean
}

function DocumentTypeDialog({ type, onClose }: { type: DocumentType | undefined; onClose: () => void }) {
  const utils = trpc.useUtils()
  const create = trpc.documentType.create.useMutation()
  const update = trpc.documentType.update.useMutation()
  const mutation = type ? update : create
  const form = useServerForm<TypeValues>({
    initialValues: {
      name: type?.name ?? '',
      description: type?.description ?? '',
      appliesTo: type?.appliesTo ?? ['MEMBER'],
      requiresExpiry: type?.requiresExpiry ?? false,
    },
    serverError: mutation.error,
    reasonFields: { NAME_TAKEN: 'name' },
    validate: (values) => ({
      name: values.name.trim() ? undefined : 'Name is required',
      appliesTo: values.appliesTo.length > 0 ? undefined : 'Choose at least one record the type applies to',
    }),
  })

  function save(values: TypeValues) {
    const input = {
      name: values.name.trim(),
      description: values.description.trim(),
      appliesTo: values.appliesTo,
      requiresExpiry: values.requiresExpiry,
    }
    const onSuccess = (saved: DocumentType) => {
      notifySuccess(type ? `${saved.name} was updated` : `${saved.name} was added`)
      void utils.documentType.invalidate()
      onClose()
    }
    if (type) update.mutate({ id: type.id, ...input }, { onSuccess })
    else create.mutate(input, { onSuccess })
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={type ? `Edit ${type.name}` : 'New document type'}
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        noValidate
        aria-label={type ? 'Edit document type' : 'New document type'}
        onSubmit={form.onSubmit(save)}
      >
        <Stack gap="md">
          <FormAlert title="The document type was not saved" message={form.formError} />
          <TextInput
            label="Name"
            required
            data-autofocus
            placeholder="e.g. National ID card"
            {...form.text('name')}
          />
          <Textarea label="Description" autosize minRows={2} {...form.text('description')} />
          <Checkbox.Group
            label="Applies to"
            withAsterisk
            value={form.values.appliesTo}
            onChange={(value) => {
              form.setValue('appliesTo', value)
            }}
            error={form.errorOf('appliesTo')}
          >
            <Group gap="md" mt={6}>
              {DOCUMENT_OWNER_OPTIONS.map((option) => (
                <Checkbox key={option.value} value={option.value} label={option.label} />
              ))}
            </Group>
          </Checkbox.Group>
          <Switch
            label="Expiry date required"
            description="For documents that run out, such as a passport or driver's licence"
            checked={form.values.requiresExpiry}
            onChange={(event) => {
              form.setValue('requiresExpiry', event.currentTarget.checked)
            }}
            error={form.errorOf('requiresExpiry')}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={mutation.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {type ? 'Save changes' : 'Add document type'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

function SetActiveDialog({ type, onClose }: { type: DocumentType; onClose: () => void }) {
  const utils = trpc.useUtils()
  const setActive = trpc.documentType.setActive.useMutation()
  const isActivating = !type.isActive
  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={isActivating ? `Activate ${type.name}?` : `Deactivate ${type.name}?`}
      message={
        isActivating
          ? `Staff can choose ${type.name} again when uploading.`
          : `Staff can no longer choose ${type.name} for new uploads. Documents already uploaded keep it.`
      }
      confirmLabel={isActivating ? 'Activate' : 'Deactivate'}
      confirmColor={isActivating ? undefined : 'orange'}
      isPending={setActive.isPending}
      error={setActive.error}
      onConfirm={() => {
        setActive.mutate(
          { id: type.id, isActive: isActivating },
          {
            onSuccess: () => {
              notifySuccess(isActivating ? `${type.name} is active` : `${type.name} was deactivated`)
              void utils.documentType.invalidate()
              onClose()
            },
          },
        )
      }}
    />
  )
}
