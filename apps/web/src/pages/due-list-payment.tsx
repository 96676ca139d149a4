import { Button } from '@mantine/core'
import { IconReceipt } from '@tabler/icons-react'
import { useState } from 'react'
import { trpc } from '../lib/trpc'
import { RecordRepaymentDialog } from './loans/record-repayment-dialog'

/**
 * "Record payment" on a due-list row (issue 15): the loan page's own repayment dialog, opened on the
 * list and set to what is due now. The loan is read first, so the dialog shows today's due and payoff
 * exactly as the loan page would; posting refreshes the list.
 */
export function DuePaymentButton({ loanId, loanNumber }: { loanId: string; loanNumber: string }) {
  const [isOpen, setIsOpen] = useState(false)
  return (
    <>
      <Button
        size="compact-sm"
        variant="light"
        leftSection={<IconReceipt size={14} aria-hidden />}
        aria-label={`Record payment on ${loanNumber}`}
        onClick={() => {
          setIsOpen(true)
        }}
      >
        Record payment
      </Button>
      {isOpen ? (
        <DuePaymentDialog
          loanId={loanId}
          onClose={() => {
            setIsOpen(false)
          }}
        />
      ) : null}
    </>
  )
}

function DuePaymentDialog({ loanId, onClose }: { loanId: string; onClose: () => void }) {
  const loan = trpc.loan.get.useQuery({ id: loanId })
  const position = loan.data?.position
  return (
    <RecordRepaymentDialog
      loanId={loanId}
      opened={loan.data !== undefined}
      onClose={onClose}
      dueNow={position?.dueNow ?? 0}
      payoffAmount={position?.payoffAmount ?? 0}
    />
  )
}
