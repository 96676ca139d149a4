import { Text, Textarea } from '@mantine/core'
import { useState } from 'react'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { ReasonField, reasonProblem } from '../../components/reason-field'
import { mapServerErrors } from '../../lib/errors'
import { memberName } from '../../lib/member-rules'
import { notifySuccess } from '../../lib/notify'
import { trpc, type MemberProfile } from '../../lib/trpc'
import { useReturnFocus } from '../../hooks/use-return-focus'
import { MoveToUnionDialog } from './move-to-union-dialog'

type MemberRef = Pick<
  MemberProfile,
  'id' | 'firstName' | 'middleName' | 'lastName' | 'code' | 'unionId' | 'unionName'
>

/**
 * Move a member to another union (admin), with a reason and a second confirmation: the member's loans
 * and credit officer follow the union, which is hard to undo by accident.
 */
export function MoveMemberDialog({ member, onClose }: { member: MemberRef; onClose: () => void }) {
  useReturnFocus()
  const utils = trpc.useUtils()
  const move = trpc.member.move.useMutation()
  const name = memberName(member)
  return (
    <MoveToUnionDialog
      who={name}
      intro={
        <Text size="sm">
          {name} ({member.code}) is in {member.unionName}. Their loans and credit officer follow them to the
          new union.
        </Text>
      }
      unionMissing="Choose the union to move the member to"
      excludeUnionId={member.unionId}
      reasonDescription="Kept in the member's move history"
      confirmDetails={(reason) => (
        <Text size="sm" c="dimmed">
          From {member.unionName}. Reason: {reason}
        </Text>
      )}
      failureTitle="The member was not moved"
      confirmLabel="Yes, move member"
      mutation={move}
      onMove={({ toUnionId, reason }) => {
        move.mutate(
          { memberId: member.id, toUnionId, reason },
          {
            onSuccess: (moved) => {
              notifySuccess(`${name} moved to ${moved.unionName}`)
              void utils.member.invalidate()
              void utils.union.invalidate()
              void utils.assignment.invalidate()
              onClose()
            },
          },
        )
      }}
      onClose={onClose}
    />
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
