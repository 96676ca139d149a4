// Bulk approval on the loans list (docs/product.md §4): supervisors and admins tick pending loans, confirm
// the count and the total principal, and read what happened to each loan. The server decides every loan
// on its own (maker-checker included) and caps one request; this only asks and reports.
import { Alert, Button, Checkbox, CloseButton, Group, List, Text } from '@mantine/core'
import { formatNaira } from '@mp/domain'
import { IconCheck } from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { useReturnFocus } from '../../hooks/use-return-focus'
import type { Selection } from '../../hooks/use-selection'
import { trpc, type RouterOutputs } from '../../lib/trpc'
import type { LoanRow } from './loan-data'

type BulkResult = RouterOutputs['loan']['bulkApprove']

/** `1` → '1 loan', `3` → '3 loans'. */
const loansText = (count: number) => `${String(count)} ${count === 1 ? 'loan' : 'loans'}`

/** What the result summary shows: how many were approved, and each refused loan with the server's reason. */
type BulkOutcome = {
  approved: number
  refused: { id: string; loanNumber: string; memberName: string; message: string }[]
}

function outcomeOf(result: BulkResult, rows: readonly LoanRow[]): BulkOutcome {
  const byId = new Map(rows.map((row) => [row.id, row]))
  return {
    approved: result.approved,
    refused: result.results.flatMap((loan) =>
      loan.isApproved
        ? []
        : [
            {
              id: loan.id,
              loanNumber: byId.get(loan.id)?.loanNumber ?? loan.id,
              memberName: byId.get(loan.id)?.memberName ?? '',
              message: loan.message ?? 'Not approved',
            },
          ],
    ),
  }
}

/**
 * The bar above the pending-approval list: how many loans are ticked, a "select all on this page" box for
 * phones (on wider screens it heads the tick-box column), and "Approve N loans" with its confirmation.
 * The outcome stays on screen until closed, since refused loans need reading.
 */
export function BulkApproveBar({
  selection,
  rows,
  isPhone,
}: {
  selection: Selection<LoanRow>
  /** The loans on this page. */
  rows: readonly LoanRow[] | undefined
  isPhone: boolean
}) {
  const [isConfirming, setIsConfirming] = useState(false)
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null)
  const pageState = selection.pageState(rows)
  const count = selection.count
  return (
    <>
      {outcome ? (
        <BulkOutcomeAlert
          outcome={outcome}
          onClose={() => {
            setOutcome(null)
          }}
        />
      ) : null}
      <Group justify="space-between" mb="sm" mih={36} gap="sm">
        {isPhone ? (
          <Checkbox
            label="Select all on this page"
            checked={pageState.checked}
            indeterminate={pageState.indeterminate}
            disabled={!rows?.length}
            onChange={() => {
              selection.toggleAll(rows ?? [])
            }}
          />
        ) : null}
        <Text size="sm" c="dimmed" aria-live="polite">
          {count === 0 ? 'Tick loans to approve several at once.' : `${loansText(count)} selected`}
        </Text>
        {count > 0 ? (
          <Group gap="xs">
            <Button variant="subtle" size="sm" onClick={selection.clear}>
              Clear selection
            </Button>
            <Button
              size="sm"
              color="green"
              leftSection={<IconCheck size={16} aria-hidden />}
              onClick={() => {
                setIsConfirming(true)
              }}
            >
              Approve {loansText(count)}
            </Button>
          </Group>
        ) : null}
      </Group>
      {isConfirming ? (
        <BulkApproveDialog
          loans={selection.rows}
          onClose={() => {
            setIsConfirming(false)
          }}
          onDone={(result) => {
            setOutcome(outcomeOf(result, selection.rows))
            selection.clear()
            setIsConfirming(false)
          }}
        />
      ) : null}
    </>
  )
}

function BulkApproveDialog({
  loans,
  onClose,
  onDone,
}: {
  loans: readonly LoanRow[]
  onClose: () => void
  onDone: (result: BulkResult) => void
}) {
  useReturnFocus()
  const utils = trpc.useUtils()
  const approve = trpc.loan.bulkApprove.useMutation()
  const principal = loans.reduce((sum, loan) => sum + loan.principal, 0)
  const countText = loansText(loans.length)
  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={`Approve ${countText}?`}
      message={
        <Text size="sm">
          Approve {countText} with a total principal of <strong>{formatNaira(principal)}</strong>. Each loan
          is decided on its own: one that cannot be approved (you submitted it, say) is listed with the reason
          and the others still go through.
        </Text>
      }
      confirmLabel={`Approve ${countText}`}
      confirmColor="green"
      isPending={approve.isPending}
      error={approve.error}
      onConfirm={() => {
        approve.mutate(
          { ids: loans.map((loan) => loan.id) },
          {
            onSuccess: (result) => {
              void utils.loan.invalidate()
              void utils.repayment.invalidate()
              onDone(result)
            },
          },
        )
      }}
    />
  )
}

function BulkOutcomeAlert({ outcome, onClose }: { outcome: BulkOutcome; onClose: () => void }) {
  const isAllApproved = outcome.refused.length === 0
  // The button that opened the confirmation is gone once nothing is ticked: the keyboard focus goes here.
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    ref.current?.focus()
  }, [outcome])
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      role="status"
      color={isAllApproved ? 'green' : 'yellow'}
      mb="sm"
      title={
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <span>
            Approved {loansText(outcome.approved)}
            {isAllApproved ? '' : `; ${loansText(outcome.refused.length)} not approved`}
          </span>
          <CloseButton aria-label="Close the approval summary" onClick={onClose} size="sm" />
        </Group>
      }
      styles={{ label: { flex: 1 } }}
    >
      {isAllApproved ? null : (
        <List size="sm" spacing={4} aria-label="Loans not approved">
          {outcome.refused.map((loan) => (
            <List.Item key={loan.id}>
              <Text span ff="monospace" fw={600} size="sm">
                {loan.loanNumber}
              </Text>
              {loan.memberName ? ` (${loan.memberName})` : ''}: {loan.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  )
}
