import {
  ActionIcon,
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  Skeleton,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
  Tooltip,
} from '@mantine/core'
import { IconLock, IconNotes, IconPencil, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { useServerForm } from '../hooks/use-server-form'
import { notifyError, notifySuccess } from '../lib/notify'
import { trpc, type RouterOutputs } from '../lib/trpc'
import { useCompanyFormat } from '../lib/use-company-format'
import { ConfirmDialog } from './confirm-dialog'
import { FormAlert } from './form-alert'
import { QueryView } from './states'

type StaffNote = RouterOutputs['staffNote']['list'][number]

const PRIVATE_HINT = 'Only you and admins can see private notes'

/** Notes about one member of staff: the list, a form to add one, and edit/delete for your own. */
export function StaffNotes({ staffId, staffName }: { staffId: string; staffName: string }) {
  const notes = trpc.staffNote.list.useQuery({ staffId })
  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        Notes about {staffName}
      </Title>
      <NoteEditor staffId={staffId} />
      <QueryView
        query={notes}
        errorTitle="Could not load notes"
        loading={
          <Stack gap="sm" aria-busy>
            <Skeleton height={72} />
            <Skeleton height={72} />
          </Stack>
        }
      >
        {(list) =>
          list.length === 0 ? (
            <EmptyState
              icon={<IconNotes aria-hidden />}
              withIndicatorBackground
              title="No notes yet"
              description={`Notes you add about ${staffName} appear here.`}
            />
          ) : (
            <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
              {list.map((note) => (
                <li key={note.id}>
                  <NoteCard note={note} />
                </li>
              ))}
            </Stack>
          )
        }
      </QueryView>
    </Stack>
  )
}

function NoteCard({ note }: { note: StaffNote }) {
  const format = useCompanyFormat()
  const utils = trpc.useUtils()
  const [isEditing, setIsEditing] = useState(false)
  const [isDeleting, setIsDeleting] = useState(false)
  const deleteNote = trpc.staffNote.delete.useMutation({
    onSuccess: async () => {
      setIsDeleting(false)
      notifySuccess('Note deleted')
      await utils.staffNote.list.invalidate({ staffId: note.staffId })
    },
  })
  const isEdited = note.updatedAt.getTime() - note.createdAt.getTime() > 1000

  if (isEditing) {
    return (
      <Card withBorder padding="md">
        <NoteEditor
          staffId={note.staffId}
          note={note}
          onDone={() => {
            setIsEditing(false)
          }}
        />
      </Card>
    )
  }

  return (
    <Card withBorder padding="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={2} miw={0}>
          <Group gap="xs">
            <Text fw={600} size="sm">
              {note.authorName}
            </Text>
            {note.isPrivate ? (
              <Tooltip label={PRIVATE_HINT}>
                <Badge
                  size="sm"
                  variant="light"
                  color="gray"
                  leftSection={<IconLock size={12} aria-hidden />}
                >
                  Private
                </Badge>
              </Tooltip>
            ) : null}
          </Group>
          <Text size="xs" c="dimmed">
            {format.dateTime(note.createdAt)}
            {isEdited ? ` · edited ${format.dateTime(note.updatedAt)}` : ''}
          </Text>
        </Stack>
        {note.canEdit ? (
          <Group gap={4} wrap="nowrap">
            <Tooltip label="Edit note">
              <ActionIcon
                variant="subtle"
                aria-label="Edit note"
                onClick={() => {
                  setIsEditing(true)
                }}
              >
                <IconPencil size={16} aria-hidden />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Delete note">
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label="Delete note"
                onClick={() => {
                  setIsDeleting(true)
                }}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Tooltip>
          </Group>
        ) : null}
      </Group>
      <Text size="sm" mt="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {note.body}
      </Text>
      <ConfirmDialog
        opened={isDeleting}
        onClose={() => {
          setIsDeleting(false)
          deleteNote.reset()
        }}
        title="Delete this note?"
        message="The note is removed for everyone. This cannot be undone."
        confirmLabel="Delete note"
        confirmColor="red"
        isPending={deleteNote.isPending}
        error={deleteNote.error}
        onConfirm={() => {
          deleteNote.mutate(
            { id: note.id },
            {
              onError: (error) => {
                notifyError('Could not delete the note', error)
              },
            },
          )
        }}
      />
    </Card>
  )
}

type NoteValues = { body: string; isPrivate: boolean }

/** Adds a note, or edits `note` when given. */
function NoteEditor({ staffId, note, onDone }: { staffId: string; note?: StaffNote; onDone?: () => void }) {
  const utils = trpc.useUtils()
  const create = trpc.staffNote.create.useMutation()
  const update = trpc.staffNote.update.useMutation()
  const mutation = note ? update : create
  const form = useServerForm<NoteValues>({
    initialValues: { body: note?.body ?? '', isPrivate: note?.isPrivate ?? false },
    serverError: mutation.error,
    validate: (values) => ({ body: values.body.trim() ? undefined : 'Write the note first' }),
  })

  async function afterSave(message: string) {
    notifySuccess(message)
    await utils.staffNote.list.invalidate({ staffId })
  }

  return (
    <form
      noValidate
      aria-label={note ? 'Edit note' : 'Add a note'}
      onSubmit={form.onSubmit((values) => {
        const body = values.body.trim()
        if (note) {
          update.mutate(
            { id: note.id, body, isPrivate: values.isPrivate },
            {
              onSuccess: () => {
                onDone?.()
                void afterSave('Note updated')
              },
            },
          )
        } else {
          create.mutate(
            { staffId, body, isPrivate: values.isPrivate },
            {
              onSuccess: () => {
                form.reset()
                void afterSave('Note added')
              },
            },
          )
        }
      })}
    >
      <Stack gap="sm">
        <FormAlert title="The note was not saved" message={form.formError} />
        <Textarea
          label={note ? 'Note' : 'New note'}
          placeholder={note ? undefined : 'What should other managers know?'}
          autosize
          minRows={2}
          maxRows={10}
          required
          {...form.text('body')}
        />
        <Group justify="space-between" gap="sm">
          <Switch
            label="Private note"
            description={PRIVATE_HINT}
            checked={form.values.isPrivate}
            error={form.errorOf('isPrivate')}
            onChange={(event) => {
              form.setValue('isPrivate', event.currentTarget.checked)
            }}
          />
          <Group gap="sm">
            {note ? (
              <Button variant="default" onClick={onDone} disabled={mutation.isPending}>
                Cancel
              </Button>
            ) : null}
            <Button type="submit" loading={mutation.isPending}>
              {note ? 'Save note' : 'Add note'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  )
}
