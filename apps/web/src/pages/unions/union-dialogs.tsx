import { Button, Group, List, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core'
import { ZUnionCreateInput, ZUnionUpdateInput, zReason } from '@mp/api/schemas'
import { useState } from 'react'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { FormAlert } from '../../components/form-alert'
import { OfficerSelect } from '../../components/officer-select'
import { useServerForm } from '../../hooks/use-server-form'
import { mapServerErrors } from '../../lib/errors'
import { MEETING_DAY_OPTIONS } from '../../lib/labels'
import { notifySuccess } from '../../lib/notify'
import { schemaErrors } from '../../lib/schema-errors'
import { schemaProblem } from '../../lib/schema-problem'
import { trpc, type MeetingDay, type UnionRow } from '../../lib/trpc'
import {
  MeetingRuleFields,
  meetingRuleInitial,
  meetingRuleInput,
  type MeetingRuleValues,
} from './meeting-rule-fields'
import { useReturnFocus } from '../../hooks/use-return-focus'

type UnionValues = MeetingRuleValues & {
  name: string
  location: string
  address: string
  meetingDay: string
  creditOfficerId: string
}

const UNION_FIELDS = [
  'name',
  'location',
  'address',
  'meetingDay',
  'meetingFrequency',
  'meetingWeek',
  'meetingDayOfMonth',
  'meetingAnchorDate',
  'creditOfficerId',
] as const

/** What union.update takes (and union.create, with the officer). */
function unionDetails(values: UnionValues) {
  return {
    name: values.name.trim(),
    // An empty text clears the field on the server.
    location: values.location.trim(),
    address: values.address.trim(),
    meetingDay: values.meetingDay === '' ? null : (values.meetingDay as MeetingDay),
    ...meetingRuleInput(values),
  }
}

function createInput(values: UnionValues) {
  return { ...unionDetails(values), creditOfficerId: values.creditOfficerId }
}

/** Create a union (with its credit officer) or edit one's details; the officer changes by reassignment. */
export function UnionFormDialog({
  union,
  onClose,
  onCreated,
}: {
  union?: UnionRow
  onClose: () => void
  onCreated?: (union: { id: string; name: string }) => void
}) {
  useReturnFocus()
  const utils = trpc.useUtils()
  const create = trpc.union.create.useMutation()
  const update = trpc.union.update.useMutation()
  const mutation = union ? update : create
  const form = useServerForm<UnionValues>({
    initialValues: {
      name: union?.name ?? '',
      location: union?.location ?? '',
      address: union?.address ?? '',
      meetingDay: union?.meetingDay ?? '',
      ...meetingRuleInitial(union),
      creditOfficerId: union?.creditOfficerId ?? '',
    },
    serverError: mutation.error,
    reasonFields: { UNION_NAME_TAKEN: 'name' },
    // The server's own rules and messages (@mp/api/schemas); an officer not yet chosen is asked for.
    validate: (values) => {
      if (union)
        return schemaErrors(ZUnionUpdateInput, { id: union.id, ...unionDetails(values) }, UNION_FIELDS)
      const errors = schemaErrors(ZUnionCreateInput, createInput(values), UNION_FIELDS)
      return values.creditOfficerId ? errors : { ...errors, creditOfficerId: 'Choose the credit officer' }
    },
  })

  function save(values: UnionValues) {
    const details = unionDetails(values)
    const onSuccess = (saved: { id: string; name: string }) => {
      notifySuccess(union ? `${saved.name} was updated` : `${saved.name} was created`)
      void utils.union.invalidate()
      if (!union) onCreated?.(saved)
      onClose()
    }
    if (union) update.mutate({ id: union.id, ...details }, { onSuccess })
    else create.mutate(createInput(values), { onSuccess })
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={union ? `Edit ${union.name}` : 'New union'}
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form noValidate aria-label={union ? 'Edit union' : 'New union'} onSubmit={form.onSubmit(save)}>
        <Stack gap="md">
          <FormAlert
            title={union ? 'The union was not saved' : 'The union was not created'}
            message={form.formError}
          />
          <TextInput label="Union name" required data-autofocus autoComplete="off" {...form.text('name')} />
          <TextInput label="Location" placeholder="Town or market" {...form.text('location')} />
          <Textarea label="Address" autosize minRows={2} {...form.text('address')} />
          <Select
            label="Meeting day"
            placeholder="No fixed day"
            data={MEETING_DAY_OPTIONS}
            value={form.values.meetingDay || null}
            onChange={(value) => {
              form.setValue('meetingDay', value ?? '')
            }}
            error={form.errorOf('meetingDay')}
            clearable
          />
          <MeetingRuleFields values={form.values} setValue={form.setValue} errorOf={form.errorOf} />
          {union ? (
            <Text size="sm" c="dimmed">
              Credit officer: {union.creditOfficerName}. Use “Reassign” to give the union to another officer.
            </Text>
          ) : (
            <OfficerSelect
              label="Credit officer"
              required
              value={form.values.creditOfficerId || null}
              onChange={(value) => {
                form.setValue('creditOfficerId', value ?? '')
              }}
              error={form.errorOf('creditOfficerId')}
              description="The officer who looks after this union and its members"
            />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={mutation.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {union ? 'Save changes' : 'Create union'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

/** Delete an empty union (admin). The server refuses, with its reason, while it has members. */
export function DeleteUnionDialog({
  union,
  onClose,
  onDeleted,
}: {
  union: Pick<UnionRow, 'id' | 'name' | 'memberCount'>
  onClose: () => void
  onDeleted?: () => void
}) {
  useReturnFocus()
  const utils = trpc.useUtils()
  const remove = trpc.union.delete.useMutation()
  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={`Delete ${union.name}?`}
      message={
        union.memberCount > 0
          ? `${union.name} still has ${union.memberCount} member${union.memberCount === 1 ? '' : 's'}. Move them to another union first; a union can only be deleted when it is empty.`
          : `${union.name} will be removed. Its assignment history stays in the audit log.`
      }
      confirmLabel="Delete union"
      confirmColor="red"
      isPending={remove.isPending}
      error={remove.error}
      onConfirm={() => {
        remove.mutate(
          { id: union.id },
          {
            onSuccess: () => {
              notifySuccess(`${union.name} was deleted`)
              void utils.union.invalidate()
              onClose()
              onDeleted?.()
            },
          },
        )
      }}
    />
  )
}

type ReassignTarget = Pick<UnionRow, 'id' | 'name' | 'creditOfficerId' | 'creditOfficerName'>

/**
 * Give one union (any manager) or several (admin, in one transaction) to another credit officer, with
 * a reason kept in the history. The members and their loans follow the union.
 */
export function ReassignUnionsDialog({
  unions,
  onClose,
  onDone,
}: {
  unions: readonly ReassignTarget[]
  onClose: () => void
  onDone?: () => void
}) {
  useReturnFocus()
  const utils = trpc.useUtils()
  const single = trpc.assignment.reassignUnion.useMutation()
  const bulk = trpc.assignment.bulkReassignUnions.useMutation()
  const [officerId, setOfficerId] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<{ officer?: string; reason?: string }>({})
  const only = unions.length === 1 ? unions[0] : undefined
  const mutation = only ? single : bulk
  const officers = trpc.union.officers.useQuery()
  const officerName = officers.data?.find((officer) => officer.id === officerId)?.name
  const server = mapServerErrors(mutation.error, ['toOfficerId', 'reason'])

  function confirm() {
    // The server's rule for a reason, in its words (@mp/api/schemas).
    const next = {
      officer: officerId ? undefined : 'Choose the new credit officer',
      reason: schemaProblem(zReason(), reason),
    }
    setErrors(next)
    if (!officerId || next.reason) return
    const onSuccess = (count: number) => {
      notifySuccess(
        only
          ? `${only.name} now belongs to ${officerName ?? 'the new officer'}`
          : `${count} union${count === 1 ? '' : 's'} reassigned to ${officerName ?? 'the new officer'}`,
      )
      void utils.union.invalidate()
      void utils.assignment.invalidate()
      void utils.member.invalidate()
      onDone?.()
      onClose()
    }
    if (only) {
      single.mutate(
        { unionId: only.id, toOfficerId: officerId, reason: reason.trim() },
        {
          onSuccess: () => {
            onSuccess(1)
          },
        },
      )
    } else {
      bulk.mutate(
        { unionIds: unions.map((union) => union.id), toOfficerId: officerId, reason: reason.trim() },
        {
          onSuccess: (result) => {
            onSuccess(result.reassigned)
          },
        },
      )
    }
  }

  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={only ? `Reassign ${only.name}` : `Reassign ${unions.length} unions`}
      message={
        <Stack gap="xs">
          {only ? (
            <Text size="sm">
              {only.name} is looked after by {only.creditOfficerName}. Its members and their loans move with
              it to the new officer.
            </Text>
          ) : (
            <>
              <Text size="sm">
                These unions, their members and their loans move to the new officer together:
              </Text>
              <List size="sm" spacing={2} mah={160} style={{ overflowY: 'auto' }}>
                {unions.map((union) => (
                  <List.Item key={union.id}>
                    {union.name} ({union.creditOfficerName})
                  </List.Item>
                ))}
              </List>
            </>
          )}
        </Stack>
      }
      confirmLabel={only ? 'Reassign union' : `Reassign ${unions.length} unions`}
      isPending={mutation.isPending}
      error={server.formError}
      onConfirm={confirm}
    >
      <OfficerSelect
        label="New credit officer"
        required
        value={officerId}
        onChange={(value) => {
          setOfficerId(value)
          setErrors((current) => ({ ...current, officer: undefined }))
        }}
        excludeId={only?.creditOfficerId}
        error={errors.officer ?? server.fieldErrors.toOfficerId}
      />
      <Textarea
        label="Reason"
        required
        autosize
        minRows={2}
        maxLength={500}
        value={reason}
        onChange={(event) => {
          setReason(event.currentTarget.value)
          setErrors((current) => ({ ...current, reason: undefined }))
        }}
        error={errors.reason ?? server.fieldErrors.reason}
      />
    </ConfirmDialog>
  )
}
