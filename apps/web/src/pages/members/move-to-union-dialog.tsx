import { Button, Group, Modal, Stack, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { FormAlert } from '../../components/form-alert'
import { ReasonField, reasonProblem } from '../../components/reason-field'
import { UnionSelect } from '../../components/union-select'
import { mapServerErrors } from '../../lib/errors'
import { trpc } from '../../lib/trpc'

/** The move mutation the dialog drives (member.move or member.bulkMove). */
type MoveMutation = { isPending: boolean; error: unknown; reset: () => void }

type MoveToUnionDialogProps = {
  /** The member's name, or "3 members". */
  who: string
  /** What is being moved, shown on the first step. */
  intro: ReactNode
  /** Shown when no union is chosen. */
  unionMissing: string
  excludeUnionId?: string
  reasonDescription?: string
  /** The second step's details under "Are you sure?". */
  confirmDetails?: (reason: string) => ReactNode
  failureTitle: string
  confirmLabel: string
  mutation: MoveMutation
  onMove: (move: { toUnionId: string; reason: string; unionName: string | undefined }) => void
  onClose: () => void
}

/**
 * Moving members to another union (admin): the union and a reason, then a second confirmation, since
 * their loans and credit officer follow the union and that is hard to undo by accident.
 */
export function MoveToUnionDialog({
  who,
  intro,
  unionMissing,
  excludeUnionId,
  reasonDescription,
  confirmDetails,
  failureTitle,
  confirmLabel,
  mutation,
  onMove,
  onClose,
}: MoveToUnionDialogProps) {
  const [toUnionId, setToUnionId] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<{ union?: string | undefined; reason?: string | undefined }>({})
  const [isConfirming, setIsConfirming] = useState(false)
  const target = trpc.union.get.useQuery({ id: toUnionId ?? '' }, { enabled: toUnionId !== null })
  const server = mapServerErrors(mutation.error, ['toUnionId', 'reason'])
  const unionLabel = target.data
    ? `${target.data.name} (officer ${target.data.creditOfficerName})`
    : 'the new union'

  function next() {
    const found = { union: toUnionId ? undefined : unionMissing, reason: reasonProblem(reason) }
    setErrors(found)
    if (found.union || found.reason) return
    mutation.reset()
    setIsConfirming(true)
  }

  // A field problem from the server is fixed on the first step.
  const hasFieldError = Boolean(server.fieldErrors.toUnionId ?? server.fieldErrors.reason)
  const isOnConfirmStep = isConfirming && !hasFieldError

  return (
    <Modal
      opened
      onClose={onClose}
      title={isOnConfirmStep ? 'Are you sure?' : `Move ${who} to another union`}
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {isOnConfirmStep ? (
        <Stack gap="md">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <IconAlertTriangle color="var(--mantine-color-orange-6)" aria-hidden style={{ flexShrink: 0 }} />
            <Text size="sm">
              Are you sure? <strong>{who}</strong> and their loans will move to <strong>{unionLabel}</strong>.
            </Text>
          </Group>
          {confirmDetails?.(reason.trim())}
          <FormAlert title={failureTitle} message={server.formError} />
          <Group justify="flex-end" gap="sm">
            <Button
              variant="default"
              onClick={() => {
                setIsConfirming(false)
              }}
              disabled={mutation.isPending}
            >
              Back
            </Button>
            <Button
              color="orange"
              loading={mutation.isPending}
              data-autofocus
              onClick={() => {
                if (toUnionId) onMove({ toUnionId, reason: reason.trim(), unionName: target.data?.name })
              }}
            >
              {confirmLabel}
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
            {intro}
            <UnionSelect
              label="New union"
              required
              value={toUnionId}
              onChange={(value) => {
                setToUnionId(value)
                setErrors((current) => ({ ...current, union: undefined }))
              }}
              excludeId={excludeUnionId}
              error={errors.union ?? server.fieldErrors.toUnionId}
            />
            <ReasonField
              value={reason}
              onChange={(value) => {
                setReason(value)
                setErrors((current) => ({ ...current, reason: undefined }))
              }}
              error={errors.reason ?? server.fieldErrors.reason}
              description={reasonDescription}
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
