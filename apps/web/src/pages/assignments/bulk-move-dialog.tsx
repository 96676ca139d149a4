import { List } from '@mantine/core'
import { memberName } from '../../lib/member-rules'
import { notifySuccess } from '../../lib/notify'
import { trpc, type MemberRow } from '../../lib/trpc'
import { MoveToUnionDialog } from '../members/move-to-union-dialog'

/**
 * Move several members to one union (admin), in one server transaction, with a reason and a second
 * confirmation: their loans and credit officer follow the union.
 */
export function BulkMoveDialog({
  members,
  onClose,
  onDone,
}: {
  members: readonly MemberRow[]
  onClose: () => void
  onDone: () => void
}) {
  const utils = trpc.useUtils()
  const bulkMove = trpc.member.bulkMove.useMutation()
  const count = members.length
  const who = count === 1 && members[0] ? memberName(members[0]) : `${count} members`
  return (
    <MoveToUnionDialog
      who={who}
      intro={
        <List size="sm" spacing={2} mah={160} style={{ overflowY: 'auto' }}>
          {members.map((member) => (
            <List.Item key={member.id}>
              {memberName(member)} ({member.code}), {member.unionName}
            </List.Item>
          ))}
        </List>
      }
      unionMissing="Choose the union to move them to"
      failureTitle="Nobody was moved"
      confirmLabel={count === 1 ? 'Yes, move member' : 'Yes, move members'}
      mutation={bulkMove}
      onMove={({ toUnionId, reason, unionName }) => {
        bulkMove.mutate(
          { memberIds: members.map((member) => member.id), toUnionId, reason },
          {
            onSuccess: () => {
              notifySuccess(`${who} moved to ${unionName ?? 'the new union'}`)
              void utils.member.invalidate()
              void utils.union.invalidate()
              void utils.assignment.invalidate()
              onDone()
              onClose()
            },
          },
        )
      }}
      onClose={onClose}
    />
  )
}
