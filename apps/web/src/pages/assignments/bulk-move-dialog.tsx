import { Button, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useState } from 'react'
import { FormAlert } from '../../components/form-alert'
import { UnionSelect } from '../../components/union-select'
import { mapServerErrors } from '../../lib/errors'
import { memberName } from '../../lib/member-rules'
import { notifySuccess } from '../../lib/notify'
import { trpc, type MemberRow } from '../../lib/trpc'

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
  const [toUnionId, setToUnionId] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<{ union?: string | undefined; reason?: string | undefined }>({})
  const [isConfirming, setIsConfirming] = useState(false)
  const target = trpc.union.get.useQuery({ id: toUnionId ?? '' }, { enabled: toUnionId !== null })
  const server = mapServerErrors(bulkMove.error, ['toUnionId', 'reason', 'memberIds'])
  const count = members.length
  const who = count === 1 && members[0] ? memberName(members[0]) : `${count} members`
  const unionLabel = target.data
    ? `${target.data.name} (officer ${target.data.creditOfficerName})`
    : 'the new union'

  return (
    <Modal
      opened
      onClose={onClose}
      title={isConfirming ? 'Are you sure?' : `Move ${who} to another union`}
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {isConfirming ? (
        <Stack gap="md">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <IconAlertTriangle color="var(--mantine-color-orange-6)" aria-hidden style={{ flexShrink: 0 }} />
            <Text size="sm">
              Are you sure? <strong>{who}</strong> and their loans will move to <strong>{unionLabel}</strong>.
            </Text>
          </Group>
          <FormAlert title="Nobody was moved" message={server.formError} />
          <Group justify="flex-end" gap="sm">
            <Button
              variant="default"
              onClick={() => {
                setIsConfirming(false)
              }}
              disabled={bulkMove.isPending}
            >
              Back
            </Button>
            <Button
              color="orange"
              loading={bulkMove.isPending}
              data-autofocus
              onClick={() => {
                if (!toUnionId) return
                bulkMove.mutate(
                  { memberIds: members.map((member) => member.id), toUnionId, reason: reason.trim() },
                  {
                    onSuccess: () => {
                      notifySuccess(`${who} moved to ${target.data?.name ?? 'the new union'}`)
                      void utils.member.invalidate()
                      void utils.union.invalidate()
                      void utils.assignment.invalidate()
                      onDone()
                      onClose()
                    },
                  },
                )
              }}
            >
              {count === 1 ? 'Yes, move member' : 'Yes, move members'}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault()
            const found = {
              union: toUnionId ? undefined : 'Choose the union to move them to',
              reason: reason.trim().length >= 3 ? undefined : 'Give a reason of at least 3 characters',
            }
            setErrors(found)
            if (found.union || found.reason) return
            bulkMove.reset()
            setIsConfirming(true)
          }}
        >
          <Stack gap="md">
            <List size="sm" spacing={2} mah={160} style={{ overflowY: 'auto' }}>
              {members.map((member) => (
                <List.Item key={member.id}>
                  {memberName(member)} ({member.code}), {member.unionName}
                </List.Item>
              ))}
            </List>
            <UnionSelect
              label="New union"
              required
              value={toUnionId}
              onChange={(value) => {
                setToUnionId(value)
                setErrors((current) => ({ ...current, union: undefined }))
              }}
              error={errors.union ?? server.fieldErrors.toUnionId}
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
