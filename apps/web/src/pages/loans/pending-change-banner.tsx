import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core'
import { formatNaira } from '@mp/domain'
import { IconHourglass } from '@tabler/icons-react'
import { useState } from 'react'
import { useCurrentUser } from '../../auth/current-user'
import { FormAlert } from '../../components/form-alert'
import { messageOf } from '../../lib/errors'
import { notifySuccess } from '../../lib/notify'
import { trpc } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import { CHANGE_KIND_LABELS } from './loan-change-labels'

/**
 * A change waiting for a decision on this loan, at the top of its page so nobody misses it: what is asked,
 * from when, why, by whom. Supervisors and admins other than the one who asked get Approve and Reject
 * here; the requester sees the maker-checker rule instead (docs/lending.md "Asking for and approving a change"). Hiding the buttons
 * is cosmetic: the server refuses the requester and officers (loanChange.approve / reject).
 */
export function PendingChangeBanner({ loanId }: { loanId: string }) {
  const me = useCurrentUser()
  const format = useCompanyFormat()
  const utils = trpc.useUtils()
  const history = trpc.loanChange.history.useQuery({ loanId })
  const approve = trpc.loanChange.approve.useMutation()
  const reject = trpc.loanChange.reject.useMutation()
  const [note, setNote] = useState('')
  const pending = history.data?.requests.find((r) => r.status === 'PENDING')
  if (pending === undefined) return null
  const isApprover = me.role === 'ADMIN' || me.role === 'SUPERVISOR'
  const askedIt = pending.requestedById === me.id
  const done = (message: string) => () => {
    setNote('')
    void utils.loanChange.invalidate()
    void utils.loan.invalidate()
    notifySuccess(message)
  }
  const decision = { id: pending.id, ...(note.trim() === '' ? {} : { note: note.trim() }) }
  const error = approve.error ?? reject.error
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconHourglass aria-hidden />}
      title="Change waiting for approval"
      role="region"
      aria-label="Change waiting for approval"
    >
      <Stack gap="xs">
        <Text size="sm">
          {CHANGE_KIND_LABELS[pending.kind]} from {format.date(pending.effectiveOn)}, asked by{' '}
          {pending.requestedBy} on {format.dateTime(pending.requestedAt)}
          {pending.amount > 0 ? ` · waives ${formatNaira(pending.amount)}` : ''}
        </Text>
        <Text size="sm" fs="italic">
          “{pending.reason}”
        </Text>
        {askedIt ? (
          <Text size="sm">You asked for this change: another supervisor or an admin approves it.</Text>
        ) : null}
        {isApprover && !askedIt ? (
          <>
            <Textarea
              label="Decision note (optional)"
              autosize
              minRows={1}
              maxLength={500}
              value={note}
              onChange={(e) => {
                setNote(e.currentTarget.value)
              }}
            />
            <Group>
              <Button
                color="green"
                loading={approve.isPending}
                disabled={reject.isPending}
                onClick={() => {
                  approve.mutate(decision, { onSuccess: done('Change approved') })
                }}
              >
                Approve change
              </Button>
              <Button
                variant="default"
                loading={reject.isPending}
                disabled={approve.isPending}
                onClick={() => {
                  reject.mutate(decision, { onSuccess: done('Change rejected') })
                }}
              >
                Reject change
              </Button>
            </Group>
            <FormAlert title="Not possible" message={error ? messageOf(error) : null} />
          </>
        ) : null}
      </Stack>
    </Alert>
  )
}
