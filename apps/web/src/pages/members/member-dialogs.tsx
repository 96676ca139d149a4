import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useState } from 'react'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { FormAlert } from '../../components/form-alert'
import { UnionSelect } from '../../components/union-select'
import { mapServerErrors } from '../../lib/errors'
import { memberName } from '../../lib/member-rules'
import { notifySuccess } from '../../lib/notify'
import { trpc, type MemberProfile } from '../../lib/trpc'
import { useReturnFocus } from '../../hooks/use-return-focus'

type MemberRef = Pick<
  MemberProfile,
  'id' | 'firstName' | 'middleName' | 'lastName' | 'code' | 'unionId' | 'unionName'
>

const REASON_MIN = 3

/** A reason box with the same rule as the server (3–500 characters). */
function ReasonField({
  value,
  onChange,
  error,
  description,
}: {
  value: string
  onChange: (value: string) => void
  error: string | undefined
  description?: string
}) {
  return (
    <Textarea
      label="Reason"
      required
      description={description}
      autosize
      minRows={2}
      maxLength={500}
      value={value}
      error={error}
      onChange={(event) => {
        onChange(event.currentTarget.value)
      }}
    />
  )
}

function reasonProblem(reason: string): string | undefined {
  return reason.trim().length >= REASON_MIN ? undefined : `Give a reason of at least ${REASON_MIN} characters`
}

/**
 * Move a member to another union (admin), with a reason and a second confirmation: the member's loans
 * and credit officer follow the union, which is hard to undo by accident.
 */
export function MoveMemberDialog({ member, onClose }: { member: MemberRef; onClose: () => void }) {
  useReturnFocus()
  const utils = trpc.useUtils()
  const move = trpc.member.move.useMutation()
  const [toUnionId, setToUnionId] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<{ union?: string | undefined; reason?: string | undefined }>({})
  const [isConfirming, setIsConfirming] = useState(false)
  const target = trpc.union.get.useQuery({ id: toUnionId ?? '' }, { enabled: toUnionId !== null })
  const server = mapServerErrors(move.error, ['toUnionId', 'reason'])
  const name = memberName(member)

  function next() {
    const found = {
      union: toUnionId ? undefined : 'Choose the union to move the member to',
      reason: reasonProblem(reason),
    }
    setErrors(found)
    if (found.union || found.reason) return
    move.reset()
    setIsConfirming(true)
  }

  function confirm() {
    if (!toUnionId) return
    move.mutate(
      { memberId: member.id, toUnionId, reason: reason.trim() },
      {
        onSuccess: (moved) => {
          notifySuccess(`${name} moved to ${moved.unionName}`)
          void utils.member.invalidate()
          void utils.union.invalidate()
          void utils.assignment.invalidate()
          onClose()
        },
        onError: (error) => {
          // A field problem is fixed on the first step.
          const { fieldErrors } = mapServerErrors(error, ['toUnionId', 'reason'])
          if (fieldErrors.toUnionId ?? fieldErrors.reason) setIsConfirming(false)
        },
      },
    )
  }

  const unionLabel = target.data
    ? `${target.data.name} (officer ${target.data.creditOfficerName})`
    : 'the new union'

  return (
    <Modal
      opened
      onClose={onClose}
      title={isConfirming ? 'Are you sure?' : `Move ${name} to another union`}
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {isConfirming ? (
        <Stack gap="md">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <IconAlertTriangle color="var(--mantine-color-orange-6)" aria-hidden style={{ flexShrink: 0 }} />
            <Text size="sm">
              Are you sure? <strong>{name}</strong> and their loans will move to <strong>{unionLabel}</strong>
              .
            </Text>
          </Group>
          <Text size="sm" c="dimmed">
            From {member.unionName}. Reason: {reason.trim()}
          </Text>
          <FormAlert title="The member was not moved" message={server.formError} />
          <Group justify="flex-end" gap="sm">
            <Button
              variant="default"
              onClick={() => {
                setIsConfirming(false)
              }}
              disabled={move.isPending}
            >
              Back
            </Button>
            <Button color="orange" loading={move.isPending} onClick={confirm} data-autofocus>
              Yes, move member
            </Button>
          </Group>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault()
            next()
          }}
        >
          <Stack gap="md">
            <Text size="sm">
              {name} ({member.code}) is in {member.unionName}. Their loans and credit officer follow them to
              the new union.
            </Text>
            <UnionSelect
              label="New union"
              required
              value={toUnionId}
              onChange={(value) => {
                setToUnionId(value)
                setErrors((current) => ({ ...current, union: undefined }))
              }}
              excludeId={member.unionId}
              error={errors.union ?? server.fieldErrors.toUnionId}
            />
            <ReasonField
              value={reason}
              onChange={(value) => {
                setReason(value)
                setErrors((current) => ({ ...current, reason: undefined }))
              }}
              error={errors.reason ?? server.fieldErrors.reason}
              description="Kept in the member's move history"
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit">Continue</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  )
}

/** Mark a member verified or not (admin, supervisor), with an optional note for the audit trail. */
export function VerifyMemberDialog({
  member,
  onClose,
}: {
  member: MemberRef & { isVerified: boolean }
  onClose: () => void
}) {
  useReturnFocus()
  const utils = trpc.useUtils()
  const setVerified = trpc.member.setVerified.useMutation()
  const [note, setNote] = useState('')
  const isVerifying = !member.isVerified
  const name = memberName(member)
  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={isVerifying ? `Verify ${name}` : `Remove verification of ${name}`}
      message={
        isVerifying
          ? 'Confirm that you checked their identity (BVN or NIN and documents) against the originals.'
          : `${name} will show as not verified until someone verifies them again.`
      }
      confirmLabel={isVerifying ? 'Mark as verified' : 'Mark as not verified'}
      confirmColor={isVerifying ? undefined : 'orange'}
      isPending={setVerified.isPending}
      error={setVerified.error}
      onConfirm={() => {
        setVerified.mutate(
          { id: member.id, isVerified: isVerifying, note: note.trim() || undefined },
          {
            onSuccess: () => {
              notifySuccess(isVerifying ? `${name} is verified` : `${name} is no longer verified`)
              void utils.member.invalidate()
              onClose()
            },
          },
        )
      }}
    >
      <Textarea
        label="Note"
        description="Optional: what you checked, kept in the audit log"
        autosize
        minRows={2}
        maxLength={500}
        value={note}
        onChange={(event) => {
          setNote(event.currentTarget.value)
        }}
      />
    </ConfirmDialog>
  )
}

/** Delete a member (admin, supervisor) with a reason; refused by the server while they have live loans. */
export function DeleteMemberDialog({
  member,
  onClose,
  onDeleted,
}: {
  member: MemberRef
  onClose: () => void
  onDeleted: () => void
}) {
  useReturnFocus()
  const utils = trpc.useUtils()
  const remove = trpc.member.delete.useMutation()
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string | undefined>()
  const server = mapServerErrors(remove.error, ['reason'])
  const name = memberName(member)
  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={`Delete ${name}?`}
      message={`${name} (${member.code}) and their guarantors will be removed from ${member.unionName}. The audit log keeps a record.`}
      confirmLabel="Delete member"
      confirmColor="red"
      isPending={remove.isPending}
      error={server.formError}
      onConfirm={() => {
        const problem = reasonProblem(reason)
        setReasonError(problem)
        if (problem) return
        remove.mutate(
          { id: member.id, reason: reason.trim() },
          {
            onSuccess: () => {
              notifySuccess(`${name} was deleted`)
              void utils.member.invalidate()
              void utils.union.invalidate()
              onClose()
              onDeleted()
            },
          },
        )
      }}
    >
      <ReasonField
        value={reason}
        onChange={(value) => {
          setReason(value)
          setReasonError(undefined)
        }}
        error={reasonError ?? server.fieldErrors.reason}
      />
    </ConfirmDialog>
  )
}
