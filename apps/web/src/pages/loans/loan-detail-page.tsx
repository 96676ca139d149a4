import { Alert, Anchor, Button, Card, Group, SimpleGrid, Stack, Tabs, Text } from '@mantine/core'
import { formatNaira } from '@mp/domain'
import {
  IconBan,
  IconCash,
  IconCheck,
  IconFileTypePdf,
  IconPencil,
  IconRefresh,
  IconReceipt,
  IconSend,
  IconX,
} from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { Link, useParams, useSearchParams } from 'react-router'
import { useCurrentUser } from '../../auth/current-user'
import { DocumentsSection } from '../../components/documents-section'
import { FigureHint } from '../../components/figure-hint'
import { PageHeader } from '../../components/page-header'
import { DetailPage } from '../../components/detail-page'
import { lendingPermissions } from '../../lib/lending-permissions'
import { aprOf, rateWithApr, statementPdfUrl, units } from '../../lib/loan-form'
import { daysLateText } from '../../lib/loan-status'
import { notifyError, notifySuccess } from '../../lib/notify'
import { trpc } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import {
  ApproveDialog,
  DisburseDialog,
  RejectDialog,
  ReverseRepaymentDialog,
  WithdrawDialog,
  WriteOffDialog,
} from './loan-action-dialogs'
import { ApprovalNote } from './approval-note'
import type { LoanDetail, LoanRepayment } from './loan-data'
import { GuarantorsTab, PaymentsTab, ScheduleTab, TimelineTab } from './loan-detail-tabs'
import { LoanStatusBadge } from './loan-status-badge'
import { LoanChangeDialog } from './loan-change-dialog'
import { ChangesTab } from './loan-changes-tab'
import { PendingChangeBanner } from './pending-change-banner'
import { RecordRepaymentDialog } from './record-repayment-dialog'

const TABS = ['schedule', 'payments', 'changes', 'documents', 'guarantors', 'timeline'] as const
type Tab = (typeof TABS)[number]

function isTab(value: string | null): value is Tab {
  return TABS.some((tab) => tab === value)
}

/** /loans/:id: the loan, where it stands, its schedule, payments, documents and history, and what to do next. */
export function LoanDetailPage() {
  const { id = '' } = useParams()
  const loan = trpc.loan.get.useQuery({ id })
  return (
    <DetailPage
      back={{ to: '/loans', label: 'All loans' }}
      query={loan}
      errorTitle="Could not load this loan"
      skeletons={[120, 320]}
    >
      {(data) => <LoanView loan={data} />}
    </DetailPage>
  )
}

type Dialog = 'approve' | 'reject' | 'withdraw' | 'disburse' | 'writeOff' | 'repayment' | 'change' | null

function LoanView({ loan }: { loan: LoanDetail }) {
  const me = useCurrentUser()
  const permissions = lendingPermissions(me.role)
  const [searchParams, setSearchParams] = useSearchParams()
  const requestedTab = searchParams.get('tab')
  const tab: Tab = isTab(requestedTab) ? requestedTab : 'schedule'
  // `?action=pay` (the command palette's "Record payment on LN…") opens the payment dialog at once.
  const [dialog, setDialog] = useState<Dialog>(() =>
    searchParams.get('action') === 'pay' && loan.actions.includes('RECORD_REPAYMENT') ? 'repayment' : null,
  )
  const [reversing, setReversing] = useState<LoanRepayment | null>(null)
  const close = () => {
    setDialog(null)
    if (searchParams.has('action')) {
      setSearchParams(
        (next) => {
          next.delete('action')
          return next
        },
        { replace: true },
      )
    }
  }
  const activeRepayments = loan.repayments.filter((repayment) => repayment.reversal === null).length

  return (
    <Stack gap="lg">
      <PageHeader
        title={loan.loanNumber}
        description={
          <Group gap="xs" component="span">
            <LoanStatusBadge status={loan.status} daysPastDue={loan.position?.daysPastDue ?? 0} size="lg" />
            <Text span>
              <Anchor component={Link} to={`/members/${loan.member.id}`}>
                {loan.member.name}
              </Anchor>{' '}
              <Text span c="dimmed" ff="monospace" size="sm">
                ({loan.member.code})
              </Text>
            </Text>
            <Text span c="dimmed">
              ·{' '}
              <Anchor component={Link} to={`/unions/${loan.union.id}`}>
                {loan.union.name}
              </Anchor>{' '}
              · {loan.officer.name} · {loan.loanType.name}
            </Text>
          </Group>
        }
      />
      {/* Only a disbursed loan can be changed (docs/lending.md "Rescheduling"); before, nothing to ask for. */}
      {loan.position ? <PendingChangeBanner loanId={loan.id} /> : null}
      <ActionsBar
        loan={loan}
        onOpen={(next) => {
          setDialog(next)
        }}
      />
      <ApprovalNote note={loan.approvalNote} />
      <TopUpLine loan={loan} />
      <Summary loan={loan} />
      <Card withBorder padding="md">
        <Tabs
          value={tab}
          keepMounted={false}
          onChange={(value) => {
            if (!isTab(value)) return
            setSearchParams(
              (current) => {
                const next = new URLSearchParams(current)
                if (value === 'schedule') next.delete('tab')
                else next.set('tab', value)
                return next
              },
              { replace: true },
            )
          }}
        >
          <Tabs.List mb="md">
            <Tabs.Tab value="schedule">Schedule</Tabs.Tab>
            <Tabs.Tab value="payments">
              Payments{activeRepayments > 0 ? ` (${activeRepayments})` : ''}
            </Tabs.Tab>
            {loan.position ? <Tabs.Tab value="changes">Changes</Tabs.Tab> : null}
            <Tabs.Tab value="documents">Documents</Tabs.Tab>
            <Tabs.Tab value="guarantors">
              Guarantors{loan.guarantors.length > 0 ? ` (${loan.guarantors.length})` : ''}
            </Tabs.Tab>
            <Tabs.Tab value="timeline">Timeline</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="schedule">
            <ScheduleTab loan={loan} />
          </Tabs.Panel>
          <Tabs.Panel value="payments">
            <PaymentsTab
              loan={loan}
              canReverse={loan.actions.includes('REVERSE_REPAYMENT')}
              onReverse={setReversing}
            />
          </Tabs.Panel>
          <Tabs.Panel value="changes">
            <ChangesTab loanId={loan.id} />
          </Tabs.Panel>
          <Tabs.Panel value="documents">
            <DocumentsSection
              ownerType="LOAN"
              ownerId={loan.id}
              ownerName={loan.loanNumber}
              canVerify={permissions.canVerifyDocuments}
              withCard={false}
            />
          </Tabs.Panel>
          <Tabs.Panel value="guarantors">
            <GuarantorsTab loan={loan} />
          </Tabs.Panel>
          <Tabs.Panel value="timeline">
            <TimelineTab loan={loan} />
          </Tabs.Panel>
        </Tabs>
      </Card>

      {dialog === 'approve' ? <ApproveDialog loan={loan} onClose={close} /> : null}
      {dialog === 'reject' ? <RejectDialog loan={loan} onClose={close} /> : null}
      {dialog === 'withdraw' ? <WithdrawDialog loan={loan} onClose={close} /> : null}
      {dialog === 'disburse' ? <DisburseDialog loan={loan} onClose={close} /> : null}
      {dialog === 'writeOff' ? <WriteOffDialog loan={loan} onClose={close} /> : null}
      {dialog === 'change' ? <LoanChangeDialog loan={loan} onClose={close} /> : null}
      <RecordRepaymentDialog
        loanId={loan.id}
        opened={dialog === 'repayment'}
        onClose={close}
        dueNow={loan.position?.dueNow ?? 0}
        payoffAmount={loan.position?.payoffAmount ?? 0}
      />
      {reversing ? (
        <ReverseRepaymentDialog
          loan={loan}
          repayment={reversing}
          onClose={() => {
            setReversing(null)
          }}
        />
      ) : null}
    </Stack>
  )
}

/** Only what the server says this user may do now (`actions`), plus the printable statement. */
function ActionsBar({ loan, onOpen }: { loan: LoanDetail; onOpen: (dialog: Exclude<Dialog, null>) => void }) {
  const utils = trpc.useUtils()
  const submit = trpc.loan.submit.useMutation()
  const can = (action: LoanDetail['actions'][number]) => loan.actions.includes(action)
  return (
    <Group gap="sm" role="toolbar" aria-label="Loan actions">
      {can('RECORD_REPAYMENT') ? (
        <Button
          leftSection={<IconReceipt size={16} aria-hidden />}
          onClick={() => {
            onOpen('repayment')
          }}
        >
          Record repayment
        </Button>
      ) : null}
      {can('SUBMIT') ? (
        <Button
          leftSection={<IconSend size={16} aria-hidden />}
          loading={submit.isPending}
          onClick={() => {
            submit.mutate(
              { id: loan.id },
              {
                onSuccess: () => {
                  void utils.loan.invalidate()
                  notifySuccess(`${loan.loanNumber} is submitted for approval`)
                },
                onError: (error) => {
                  notifyError(`${loan.loanNumber} was not submitted`, error)
                },
              },
            )
          }}
        >
          Submit for approval
        </Button>
      ) : null}
      {can('APPROVE') ? (
        <Button
          color="green"
          leftSection={<IconCheck size={16} aria-hidden />}
          onClick={() => {
            onOpen('approve')
          }}
        >
          Approve
        </Button>
      ) : null}
      {can('REJECT') ? (
        <Button
          color="red"
          variant="light"
          leftSection={<IconX size={16} aria-hidden />}
          onClick={() => {
            onOpen('reject')
          }}
        >
          Reject
        </Button>
      ) : null}
      {can('DISBURSE') ? (
        <Button
          leftSection={<IconCash size={16} aria-hidden />}
          onClick={() => {
            onOpen('disburse')
          }}
        >
          Disburse
        </Button>
      ) : null}
      {can('EDIT') ? (
        <Button
          component={Link}
          to={`/loans/${loan.id}/edit`}
          variant="default"
          leftSection={<IconPencil size={16} aria-hidden />}
        >
          Edit
        </Button>
      ) : null}
      {can('RECORD_REPAYMENT') ? (
        <Button
          variant="default"
          onClick={() => {
            onOpen('change')
          }}
        >
          Reschedule / restructure / waive
        </Button>
      ) : null}
      {can('WITHDRAW') ? (
        <Button
          variant="default"
          onClick={() => {
            onOpen('withdraw')
          }}
        >
          Withdraw
        </Button>
      ) : null}
      {can('WRITE_OFF') ? (
        <Button
          color="red"
          variant="light"
          leftSection={<IconBan size={16} aria-hidden />}
          onClick={() => {
            onOpen('writeOff')
          }}
        >
          Write off
        </Button>
      ) : null}
      <Button
        component="a"
        href={statementPdfUrl(loan.id)}
        target="_blank"
        rel="noopener"
        variant="default"
        leftSection={<IconFileTypePdf size={16} aria-hidden />}
      >
        Statement
      </Button>
    </Group>
  )
}

/**
 * A top-up and the loan it paid off link to each other (docs/lending.md "Top-ups"): the new loan names the
 * loan it pays off, with the payoff and what the member received once disbursed; the old loan names the
 * top-up that paid it off, the day and the amount.
 */
function TopUpLine({ loan }: { loan: LoanDetail }) {
  const format = useCompanyFormat()
  const { topUp, paidOffBy } = loan
  if (!topUp && !paidOffBy) return null
  return (
    <Alert color="blue" icon={<IconRefresh aria-hidden />} role="note" aria-label="Top-up">
      <Stack gap={4}>
        {topUp ? (
          <Text size="sm">
            Top-up: pays off{' '}
            <Anchor component={Link} to={`/loans/${topUp.loanId}`} size="sm">
              {topUp.loanNumber}
            </Anchor>{' '}
            {topUp.payoff === null || topUp.cashToMember === null
              ? 'from the principal on the disbursement day (the payoff is quoted that day)'
              : `(${formatNaira(topUp.payoff)}); member receives ${formatNaira(topUp.cashToMember)}${loan.processingFee > 0 ? ` after the ${formatNaira(loan.processingFee)} processing fee` : ''}`}
          </Text>
        ) : null}
        {paidOffBy ? (
          <Text size="sm">
            Paid off by top-up{' '}
            <Anchor component={Link} to={`/loans/${paidOffBy.loanId}`} size="sm">
              {paidOffBy.loanNumber}
            </Anchor>{' '}
            on {format.date(paidOffBy.date)} ({formatNaira(paidOffBy.amount)})
          </Text>
        ) : null}
      </Stack>
    </Alert>
  )
}

function Summary({ loan }: { loan: LoanDetail }) {
  const format = useCompanyFormat()
  const position = loan.position
  const schedule = loan.previewSchedule
  // The contract's cost of credit: the fixed schedule once disbursed, the proposed one before.
  const installments =
    position?.installments.map((row) => ({ total: row.due.principal + row.due.interest + row.due.fee })) ??
    schedule?.installments
  const rate = rateWithApr(
    loan.terms.interest,
    loan.termUnit,
    installments
      ? aprOf({
          principal: loan.principal,
          installments,
          termUnit: loan.termUnit,
          processingFee: loan.processingFee,
        })
      : null,
  )
  const term = `${units(loan.termCount, loan.termUnit)} from ${format.date(loan.startDate)}`

  if (!position) {
    return (
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
        <Figure label="Principal" value={formatNaira(loan.principal)} hint={loan.purpose ?? undefined} />
        <Figure
          label="Processing fee"
          value={formatNaira(loan.processingFee)}
          hint="Collected at disbursement"
        />
        <Figure
          label="Total repayable"
          value={schedule ? formatNaira(schedule.total) : '—'}
          hint={schedule ? `${schedule.installments.length} installments` : undefined}
        />
        <Figure label="Term and rate" value={term} hint={rate} />
        {loan.liveLoanOverrideReason ? (
          <Figure
            label="Second live loan allowed"
            value="Admin override"
            hint={loan.liveLoanOverrideReason}
          />
        ) : null}
        {loan.closedReason ? <Figure label="Closed because" value={loan.closedReason} /> : null}
      </SimpleGrid>
    )
  }

  const due = position.totals.due
  const scheduled = due.principal + due.interest + due.fee
  const isLate = position.daysPastDue > 0
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
      <Figure
        label="Principal"
        value={formatNaira(loan.principal)}
        hint={`${term}${loan.disbursedOn ? ` · disbursed ${format.date(loan.disbursedOn)}` : ''}`}
      />
      <Figure label="Processing fee" value={formatNaira(loan.processingFee)} hint={rate} />
      <Figure
        label="Total repayable"
        value={formatNaira(scheduled)}
        hint={
          position.penaltiesAccrued > 0
            ? `plus ${formatNaira(position.penaltiesAccrued)} penalties`
            : undefined
        }
      />
      <Figure label="Paid" value={formatNaira(position.totals.paid.total)} />
      <Figure
        label="Outstanding (payoff)"
        value={formatNaira(position.payoffAmount)}
        hint={`Principal ${formatNaira(position.outstandingPrincipal)}`}
      />
      <Figure
        label="Due now"
        value={formatNaira(position.dueNow)}
        color={position.dueNow > 0 ? 'orange' : undefined}
      />
      <Figure
        label="Days past due"
        value={String(position.daysPastDue)}
        color={isLate ? 'red' : undefined}
        hint={isLate ? daysLateText(position.daysPastDue) : 'Up to date'}
      />
      <Figure
        label="Next due"
        value={position.nextDueDate ? format.date(position.nextDueDate) : '—'}
        hint={position.nextDueDate ? formatNaira(position.nextDueAmount) : 'Nothing left to fall due'}
      />
      {loan.closedReason ? <Figure label="Closed because" value={loan.closedReason} /> : null}
      {position.creditBalance > 0 ? (
        <Figure
          label="Owed back to the member"
          value={formatNaira(position.creditBalance)}
          hint="Paid above the payoff by backdated payments"
          color="orange"
        />
      ) : null}
    </SimpleGrid>
  )
}

function Figure({
  label,
  value,
  hint,
  color,
}: {
  label: string
  value: ReactNode
  hint?: string | undefined
  color?: string | undefined
}) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="lg" fw={700} c={color}>
        {value}
      </Text>
      <FigureHint hint={hint} />
    </Card>
  )
}
