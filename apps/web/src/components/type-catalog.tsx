// The admin pages for the office's catalogues of types (document types, loan types): one table with each
// type's name and status, Edit and Activate/Deactivate on every row, a switch for the inactive ones, a New
// button, and the editor the page supplies; plus the editor's frame (name, description, Save/Cancel).
import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  type ModalProps,
} from '@mantine/core'
import { IconPencil, IconPlus } from '@tabler/icons-react'
import { useState, type ComponentType, type ReactNode, type SubmitEvent } from 'react'
import { useReturnFocus } from '../hooks/use-return-focus'
import { notifySuccess } from '../lib/notify'
import { ConfirmDialog } from './confirm-dialog'
import { DataTable, type DataTableColumn } from './data-table'
import { FormAlert } from './form-alert'
import { PageHeader } from './page-header'

type CatalogType = { id: string; name: string; description: string | null; isActive: boolean }

/** A tRPC `setActive` mutation (`trpc.loanType.setActive.useMutation()`), called by the page. */
type SetActiveMutation = {
  mutate: (input: { id: string; isActive: boolean }, options: { onSuccess: () => void }) => void
  reset: () => void
  isPending: boolean
  error: unknown
}

type TypeCatalogPageProps<T extends CatalogType> = {
  title: string
  description: string
  /** 'document type', 'loan type': the button reads "New document type". */
  noun: string
  /** The list query, which the page runs with {@link isShowingInactive}. */
  types: { data: readonly T[] | undefined; error: unknown; isFetching: boolean; refetch: () => unknown }
  isShowingInactive: boolean
  onShowingInactiveChange: (isShowingInactive: boolean) => void
  /** The columns between Name and Status. */
  columns: DataTableColumn<T>[]
  empty: { title: string; description: string }
  minWidth: number
  /** The editor for a new type (`type` undefined) or an existing one; mounted while open. */
  Editor: ComponentType<{ type: T | undefined; onClose: () => void }>
  /** Its `onSuccess` refreshes the page's queries. */
  setActive: SetActiveMutation
  /** What activating (`isActive`) or deactivating the type means for staff, in a sentence. */
  describeActive: (name: string, isActive: boolean) => string
}

export function TypeCatalogPage<T extends CatalogType>(props: TypeCatalogPageProps<T>) {
  const { title, noun, types } = props
  const [editing, setEditing] = useState<T | 'new' | null>(null)
  const [toggling, setToggling] = useState<T | null>(null)

  const columns: DataTableColumn<T>[] = [
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
    ...props.columns,
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
        title={title}
        description={props.description}
        actions={
          <Button
            leftSection={<IconPlus size={18} aria-hidden />}
            onClick={() => {
              setEditing('new')
            }}
          >
            New {noun}
          </Button>
        }
      />
      <Card withBorder padding="md">
        <Switch
          label="Show inactive types"
          checked={props.isShowingInactive}
          onChange={(event) => {
            props.onShowingInactiveChange(event.currentTarget.checked)
          }}
          mb="md"
        />
        <DataTable
          label={title}
          columns={columns}
          rows={types.data}
          rowKey={(type) => type.id}
          error={types.error}
          isFetching={types.isFetching}
          onRetry={() => void types.refetch()}
          errorTitle={`Could not load ${title.toLowerCase()}`}
          empty={props.empty}
          minWidth={props.minWidth}
        />
      </Card>
      {editing ? (
        <props.Editor
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
            props.setActive.reset()
            setToggling(null)
          }}
          setActive={props.setActive}
          describeActive={props.describeActive}
        />
      ) : null}
    </Stack>
  )
}

type SetActiveDialogProps = Pick<TypeCatalogPageProps<CatalogType>, 'setActive' | 'describeActive'> & {
  type: CatalogType
  onClose: () => void
}

/** Activate or deactivate a type: staff choose only active ones for new records. */
function SetActiveDialog({ type, onClose, setActive, describeActive }: SetActiveDialogProps) {
  useReturnFocus()
  const isActivating = !type.isActive
  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={isActivating ? `Activate ${type.name}?` : `Deactivate ${type.name}?`}
      message={describeActive(type.name, isActivating)}
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
              onClose()
            },
          },
        )
      }}
    />
  )
}

/** The create and update mutations of a type, called by the editor. */
type SaveMutations<TInput, TSaved extends { name: string }> = {
  create: { mutate: (input: TInput, options: { onSuccess: (saved: TSaved) => void }) => void }
  update: {
    mutate: (input: TInput & { id: string }, options: { onSuccess: (saved: TSaved) => void }) => void
  }
}

/**
 * Saves a new type (no `original`) or an edit of one, says so, refreshes the page's queries and closes the
 * editor.
 */
export function saveType<TInput, TSaved extends { name: string }>(
  mutations: SaveMutations<TInput, TSaved>,
  input: TInput,
  { original, onSaved }: { original: { id: string } | undefined; onSaved: () => void },
): void {
  const onSuccess = (saved: TSaved) => {
    notifySuccess(original ? `${saved.name} was updated` : `${saved.name} was added`)
    onSaved()
  }
  if (original) mutations.update.mutate({ ...input, id: original.id }, { onSuccess })
  else mutations.create.mutate(input, { onSuccess })
}

type TypeEditorProps = {
  /** 'document type', 'loan type'. */
  noun: string
  /** The type being edited; undefined for a new one. */
  original: { name: string } | undefined
  onClose: () => void
  onSubmit: (event: SubmitEvent<HTMLFormElement>) => void
  formError: string | null
  isPending: boolean
  namePlaceholder: string
  /** `form.text('name')` and `form.text('description')`. */
  nameProps: object
  descriptionProps: object
  size?: ModalProps['size']
  /** The type's own fields, below the description. */
  children: ReactNode
}

/** The editor's frame: title, form, the name and description every type has, and Cancel / Save. */
export function TypeEditor({ noun, original, onClose, isPending, ...props }: TypeEditorProps) {
  useReturnFocus()
  return (
    <Modal
      opened
      onClose={onClose}
      title={original ? `Edit ${original.name}` : `New ${noun}`}
      centered={props.size === undefined}
      size={props.size}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form noValidate aria-label={original ? `Edit ${noun}` : `New ${noun}`} onSubmit={props.onSubmit}>
        <Stack gap="md">
          <FormAlert title={`The ${noun} was not saved`} message={props.formError} />
          <TextInput
            label="Name"
            required
            data-autofocus
            placeholder={props.namePlaceholder}
            {...props.nameProps}
          />
          <Textarea label="Description" autosize minRows={2} {...props.descriptionProps} />
          {props.children}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={isPending}>
              {original ? 'Save changes' : `Add ${noun}`}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
