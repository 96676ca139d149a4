import { useMediaQuery } from '@mantine/hooks'
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Center,
  EmptyState,
  Group,
  List,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { formatNaira, isIsoDate, todayIn } from '@mp/domain'
import {
  IconAlertCircle,
  IconAlertTriangle,
  IconCircleCheck,
  IconClipboardList,
  IconFileTypePdf,
  IconPrinter,
} from '@tabler/icons-react'
import { useRef, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { ConfirmDialog } from '../components/confirm-dialog'
import { ExportMenu } from '../components/export-menu'
import { PageHeader } from '../components/page-header'
import { QueryView } from '../components/states'
import { UnionSelect } from '../components/union-select'
import {
  EMPTY_ENTRY,
  MAX_REFERENCE_LENGTH,
  failedRowOf,
  fillDueAmounts,
  gridIndexOfFailedRow,
  planSheetPost,
  rowProblem,
  sheetSignature,
  sheetTotals,
  submissionFor,
  withAmount,
  withAmountText,
  type SheetEntries,
  type SheetEntry,
  type Submission,
} from '../lib/collection-sheet'
import { parseTypedDay } from '../lib/day-input'
import { messageOf, reasonOf } from '../lib/errors'
import { notifyError, notifySuccess } from '../lib/notify'
import { PRINT_CSS } from '../lib/print'
import {
  REPAYMENT_METHOD_OPTIONS,
  isRepaymentMethod,
  methodLabel,
  receiptUrl,
  type RepaymentMethod,
} from '../lib/repayments'
import { httpStatusOf, trpc, type RouterOutputs } from '../lib/trpc'
import { useCompanyFormat, type CompanyFormat } from '../lib/use-company-format'

type Sheet = RouterOutputs['collectionSheet']['get']
type SheetRowData = Sheet['rows'][number]
type PostSummary = RouterOutputs['collectionSheet']['post']

/** A failed post: the message, and the grid row it names (if it names one). */
type Failure = { message: string; loanId: string | null; isOutcomeUnknown: boolean }

/**
 * A union meeting's payments (docs/product.md §5): every member's due amount, what each paid typed in, the whole
 * sheet posted at once — all or nothing, under one idempotency key so it can never post twice.
 */
export function CollectionSheetPage() {
  const format = useCompanyFormat()
  const today = todayIn(format.timeZone)
  // Union and date live in the address, so a sheet can be bookmarked or opened from a union's page.
  const [params, setParams] = useSearchParams()
  const unionId = params.get('union')
  const dateParam = params.get('date')
  const date = dateParam !== null && isIsoDate(dateParam) ? dateParam : today

  function choose(next: { union?: string | null; date?: string }) {
    setParams(
      (current) => {
        const updated = new URLSearchParams(current)
        if (next.union !== undefined) {
          if (next.union === null) updated.delete('union')
          else updated.set('union', next.union)
        }
        if (next.date !== undefined) updated.set('date', next.date)
        return updated
      },
      { replace: true },
    )
  }

  return (
    <Stack gap="lg" data-print-area>
      <style>{PRINT_CSS}</style>
      <PageHeader
        title="Collection sheet"
        description="What each member of a union owes at the meeting; enter what each paid and post the sheet once."
        actions={
          <>
            <ExportMenu
              name="collectionSheet"
              input={{ unionId: unionId ?? undefined, date }}
              disabled={unionId === null}
            />
            <Button
              variant="default"
              leftSection={<IconPrinter size={18} aria-hidden />}
              onClick={() => {
                window.print()
              }}
              disabled={unionId === null}
              data-print-hidden
            >
              Print
            </Button>
          </>
        }
      />
      <Card withBorder padding="md" data-print-hidden>
        <Group gap="sm" align="flex-start">
          <UnionSelect
            label="Union"
            placeholder="Choose a union"
            required
            value={unionId}
            onChange={(value) => {
              choose({ union: value })
            }}
            w={{ base: '100%', sm: 280 }}
          />
          <DateInput
            label="Date"
            required
            placeholder={format.dateFormat}
            valueFormat={format.dateFormat}
            dateParser={(text) => parseTypedDay(text, format.dateFormat)}
            value={date}
            maxDate={today}
            onChange={(next) => {
              if (next !== null) choose({ date: next.slice(0, 10) })
            }}
            error={date > today ? 'The date cannot be in the future' : undefined}
            autoComplete="off"
            w={{ base: '100%', sm: 180 }}
          />
        </Group>
      </Card>
      {unionId === null ? (
        <Card withBorder padding="md">
          <Center py="xl">
            <EmptyState
              icon={<IconClipboardList aria-hidden />}
              withIndicatorBackground
              title="Choose a union"
              description="Its members with running loans and what each owes on the date appear here."
            />
          </Center>
        </Card>
      ) : (
        // A new union or date is a new sheet: nothing typed carries over, and it gets a new key.
        <SheetLoader key={`${unionId}:${date}`} unionId={unionId} date={date} />
      )}
    </Stack>
  )
}

function SheetLoader({ unionId, date }: { unionId: string; date: string }) {
  const sheet = trpc.collectionSheet.get.useQuery({ unionId, date })
  return (
    <QueryView
      query={sheet}
      errorTitle="Could not load the collection sheet"
      loading={
        <Card withBorder padding="md">
          <Stack gap="sm" aria-busy>
            <Skeleton height={20} width="40%" />
            <Skeleton height={240} />
          </Stack>
        </Card>
      }
    >
      {(data) => <SheetGrid sheet={data} isFetching={sheet.isFetching} />}
    </QueryView>
  )
}

function SheetGrid({ sheet, isFetching }: { sheet: Sheet; isFetching: boolean }) {
  // Mantine's `sm` breakpoint (48em): below it the grid drops the columns the meeting does not need.
  const isPhone = useMediaQuery('(max-width: 47.99em)')
  const format = useCompanyFormat()
  const utils = trpc.useUtils()
  const post = trpc.collectionSheet.post.useMutation()
  const [entries, setEntries] = useState<SheetEntries>({})
  const [method, setMethod] = useState<RepaymentMethod>('CASH')
  // The key of the last submission and what it carried: reused while the same sheet is sent again. A ref,
  // not state, so a second click landing before the next render still sees the first click's key.
  const submission = useRef<Submission | null>(null)
  const isPosting = useRef(false)
  const [failure, setFailure] = useState<Failure | null>(null)
  const [blocker, setBlocker] = useState<string | null>(null)
  const [isConfirming, setConfirming] = useState(false)
  const [summary, setSummary] = useState<PostSummary | null>(null)

  const rows = sheet.rows
  const totals = sheetTotals(rows, entries)
  const plan = planSheetPost(rows, entries)
  const isFuture = sheet.date > sheet.today

  function edit(loanId: string, change: (entry: SheetEntry | undefined) => SheetEntry) {
    setEntries((current) => ({ ...current, [loanId]: change(current[loanId]) }))
    setBlocker(null)
    if (failure?.loanId === loanId) setFailure(null)
  }

  function refresh() {
    void utils.collectionSheet.get.invalidate({ unionId: sheet.union.id, date: sheet.date })
  }

  function openConfirm() {
    if (!plan.ok) {
      setBlocker('Some amounts cannot be posted as typed. Correct the highlighted rows first.')
      return
    }
    if (plan.rows.length === 0) {
      setBlocker('Enter the amount at least one member paid.')
      return
    }
    setBlocker(null)
    post.reset()
    setConfirming(true)
  }

  function postSheet() {
    if (!plan.ok || plan.rows.length === 0 || isPosting.current) return
    const payload = { unionId: sheet.union.id, date: sheet.date, method, rows: plan.rows }
    const current = submissionFor(submission.current, sheetSignature(payload))
    submission.current = current
    isPosting.current = true
    const { gridIndexes } = plan
    post.mutate(
      { ...payload, idempotencyKey: current.key },
      {
        onSettled: () => {
          isPosting.current = false
        },
        onSuccess: (result) => {
          setConfirming(false)
          setSummary(result)
          setEntries({})
          setFailure(null)
          // The next sheet is a new submission with a new key.
          submission.current = null
          notifySuccess(
            result.isReplay
              ? `This sheet had already been posted (${result.paymentCount} payments, ${formatNaira(result.total)}); nothing was posted twice.`
              : `${result.paymentCount} payment${result.paymentCount === 1 ? '' : 's'} posted, ${formatNaira(result.total)} in all.`,
            'Collection sheet posted',
          )
          refresh()
          void utils.repayment.invalidate()
          void utils.loan.invalidate()
        },
        onError: (error) => {
          setConfirming(false)
          const status = httpStatusOf(error)
          // No answer (or a server fault): the sheet may or may not have gone through. Sending the same
          // sheet again is safe, since it carries the same key.
          const isOutcomeUnknown = status === undefined || (status >= 500 && status !== 503)
          const gridIndex = gridIndexOfFailedRow(gridIndexes, failedRowOf(error))
          const loanId = gridIndex === undefined ? null : (rows[gridIndex]?.loanId ?? null)
          setFailure({ message: messageOf(error), loanId, isOutcomeUnknown })
          if (reasonOf(error) === 'IDEMPOTENCY_KEY_REUSED') submission.current = null
          notifyError(
            isOutcomeUnknown ? 'The sheet may not have been posted' : 'The sheet was not posted',
            error,
          )
          // Shows a sheet that did get through under "already posted".
          refresh()
          if (loanId !== null) {
            requestAnimationFrame(() => {
              document.getElementById(amountInputId(loanId))?.scrollIntoView({ block: 'center' })
            })
          }
        },
      },
    )
  }

  // The sheet this person has just posted is in the green summary, not in the "already posted"
  // warning: that warning is for sheets posted before (by anyone), shown once the summary is dismissed.
  const earlierSheets = sheet.postedSheets.filter((posted) => posted.id !== summary?.sheetId)

  return (
    <Stack gap="lg">
      {summary ? (
        <PostedSummary
          summary={summary}
          onClose={() => {
            setSummary(null)
          }}
        />
      ) : null}
      {earlierSheets.length > 0 ? (
        <AlreadyPosted sheet={sheet} posted={earlierSheets} format={format} />
      ) : null}
      <Card withBorder padding="md">
        <Stack gap="md">
          <Group justify="space-between" align="flex-end" gap="sm">
            <div>
              <Text fw={600}>
                {sheet.union.name} · {format.date(sheet.date)}
              </Text>
              <Text size="sm" c="dimmed">
                {rows.length === 0
                  ? 'No running loans'
                  : `${rows.length} loan${rows.length === 1 ? '' : 's'} · ${formatNaira(sheet.totalDue)} due now, arrears included`}
              </Text>
            </div>
            {rows.length > 0 ? (
              <Group gap="sm" data-print-hidden>
                <Button
                  variant="default"
                  onClick={() => {
                    setEntries((current) => fillDueAmounts(rows, current))
                    setBlocker(null)
                  }}
                  disabled={sheet.totalDue === 0}
                >
                  Fill due amounts
                </Button>
                <Button
                  variant="subtle"
                  color="gray"
                  onClick={() => {
                    setEntries({})
                    setBlocker(null)
                  }}
                  disabled={Object.keys(entries).length === 0}
                >
                  Clear amounts
                </Button>
              </Group>
            ) : null}
          </Group>

          {failure ? (
            <Alert
              color={failure.isOutcomeUnknown ? 'yellow' : 'red'}
              icon={<IconAlertCircle aria-hidden />}
              title={failure.isOutcomeUnknown ? 'Not sure the sheet was posted' : 'The sheet was not posted'}
              role="alert"
              withCloseButton
              closeButtonLabel="Dismiss"
              onClose={() => {
                setFailure(null)
              }}
            >
              {failure.message}{' '}
              {failure.isOutcomeUnknown
                ? 'Check "Already posted" above; if the sheet is not there, post it again unchanged — the same sheet is never posted twice.'
                : 'Nothing was posted. Correct the row and post the sheet again.'}
            </Alert>
          ) : null}

          {rows.length === 0 ? (
            <Center py="xl">
              <EmptyState
                icon={<IconClipboardList aria-hidden />}
                withIndicatorBackground
                title="No running loans in this union"
                description="Members appear here once a loan of theirs is disbursed."
              />
            </Center>
          ) : (
            // On a phone the sheet keeps what the officer types at the meeting: member, due, amount.
            <Table.ScrollContainer minWidth={isPhone ? 0 : 900}>
              <Table verticalSpacing="xs" aria-label="Collection sheet" aria-busy={isFetching}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={36}>#</Table.Th>
                    <Table.Th>Member</Table.Th>
                    <Table.Th visibleFrom="sm">Loan</Table.Th>
                    <Table.Th ta="right" visibleFrom="sm">
                      Due now
                    </Table.Th>
                    <Table.Th ta="right" visibleFrom="sm">
                      Days past due
                    </Table.Th>
                    <Table.Th miw={isPhone ? 150 : 200}>Amount paid (₦)</Table.Th>
                    <Table.Th miw={160} visibleFrom="sm">
                      Reference
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row, index) => (
                    <SheetRow
                      key={row.loanId}
                      index={index}
                      row={row}
                      entry={entries[row.loanId]}
                      format={format}
                      isFailed={failure?.loanId === row.loanId}
                      onAmount={(text) => {
                        edit(row.loanId, (entry) => withAmountText(entry, text))
                      }}
                      onFillDue={() => {
                        edit(row.loanId, (entry) => withAmount(entry, row.dueNow))
                      }}
                      onReference={(reference) => {
                        edit(row.loanId, (entry) => ({ ...(entry ?? EMPTY_ENTRY), reference }))
                      }}
                    />
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr>
                    <Table.Th colSpan={isPhone ? 2 : 3} scope="row">
                      Total
                    </Table.Th>
                    <Table.Td ta="right" fw={700} style={{ whiteSpace: 'nowrap' }} visibleFrom="sm">
                      {formatNaira(totals.due)}
                    </Table.Td>
                    <Table.Td visibleFrom="sm" />
                    <Table.Td fw={700} style={{ whiteSpace: 'nowrap' }}>
                      {formatNaira(totals.entered)}
                    </Table.Td>
                    <Table.Td visibleFrom="sm" />
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Table.ScrollContainer>
          )}

          {rows.length > 0 ? (
            <Stack gap="sm" data-print-hidden>
              <Text size="sm" aria-live="polite">
                Entered{' '}
                <Text span fw={700}>
                  {formatNaira(totals.entered)}
                </Text>{' '}
                from {totals.count} member{totals.count === 1 ? '' : 's'}, against {formatNaira(totals.due)}{' '}
                due
                {totals.invalidCount > 0
                  ? ` · ${totals.invalidCount} amount${totals.invalidCount === 1 ? '' : 's'} to correct`
                  : ''}
              </Text>
              {blocker ? (
                <Alert color="red" icon={<IconAlertCircle aria-hidden />} role="alert">
                  {blocker}
                </Alert>
              ) : null}
              {isFuture ? (
                <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />}>
                  A sheet cannot be posted for a future date (today is {format.date(sheet.today)}).
                </Alert>
              ) : null}
              <Group justify="flex-end" align="flex-end" gap="sm">
                <Select
                  label="Payment method"
                  data={REPAYMENT_METHOD_OPTIONS}
                  value={method}
                  onChange={(value) => {
                    if (isRepaymentMethod(value)) setMethod(value)
                  }}
                  allowDeselect={false}
                  w={{ base: '100%', sm: 200 }}
                />
                <Button onClick={openConfirm} disabled={isFuture} loading={post.isPending}>
                  Post sheet
                </Button>
              </Group>
            </Stack>
          ) : null}
        </Stack>
      </Card>

      <ConfirmDialog
        opened={isConfirming}
        onClose={() => {
          if (!post.isPending) setConfirming(false)
        }}
        title="Post this collection sheet?"
        message={
          plan.ok ? (
            <Stack gap="xs">
              <Text size="sm">
                {plan.rows.length} payment{plan.rows.length === 1 ? '' : 's'} totalling{' '}
                <Text span fw={700}>
                  {formatNaira(plan.total)}
                </Text>{' '}
                for {sheet.union.name} on {format.date(sheet.date)}, paid by{' '}
                {methodLabel(method).toLowerCase()}.
              </Text>
              <List size="sm" spacing={2} mah={200} style={{ overflowY: 'auto' }}>
                {plan.rows.map((postRow, index) => {
                  const row = rows[plan.gridIndexes[index] ?? -1]
                  return (
                    <List.Item key={postRow.loanId}>
                      {row ? `${row.memberName} (${row.loanNumber})` : postRow.loanId}:{' '}
                      {formatNaira(postRow.amount)}
                    </List.Item>
                  )
                })}
              </List>
              <Text size="sm" c="dimmed">
                The payments are posted together: if one cannot be accepted, none is.
              </Text>
              {sheet.postedSheets.length > 0 ? (
                <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />}>
                  This union already has {sheet.postedSheets.length} sheet
                  {sheet.postedSheets.length === 1 ? '' : 's'} posted for this date. Post only payments that
                  are not on {sheet.postedSheets.length === 1 ? 'it' : 'them'}.
                </Alert>
              ) : null}
            </Stack>
          ) : (
            'Correct the highlighted rows first.'
          )
        }
        confirmLabel="Post sheet"
        onConfirm={postSheet}
        isPending={post.isPending}
        isConfirmDisabled={!plan.ok}
      />
    </Stack>
  )
}

function amountInputId(loanId: string): string {
  return `sheet-amount-${loanId}`
}

function SheetRow({
  index,
  row,
  entry,
  format,
  isFailed,
  onAmount,
  onFillDue,
  onReference,
}: {
  index: number
  row: SheetRowData
  entry: SheetEntry | undefined
  format: CompanyFormat
  isFailed: boolean
  onAmount: (text: string) => void
  onFillDue: () => void
  onReference: (reference: string) => void
}) {
  const problem = rowProblem(row, entry)
  const amountError = isFailed
    ? 'The server refused this row (see the message above)'
    : (problem ?? undefined)
  const hasProblem = amountError !== undefined
  return (
    <Table.Tr
      bg={hasProblem ? 'var(--mantine-color-red-light)' : undefined}
      data-failed={isFailed || undefined}
      style={{ verticalAlign: 'top' }}
    >
      <Table.Td>
        <Text size="sm" c="dimmed">
          {index + 1}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={500}>
          {row.memberName}
        </Text>
        <Text size="xs" c="dimmed">
          {row.memberCode}
        </Text>
        <Text size="xs" hiddenFrom="sm">
          {row.loanNumber} · due <strong>{formatNaira(row.dueNow)}</strong>
          {row.daysPastDue > 0 ? ` · ${String(row.daysPastDue)} days late` : ''}
        </Text>
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <Anchor component={Link} to={`/loans/${row.loanId}`} size="sm">
          {row.loanNumber}
        </Anchor>
        {row.status === 'DEFAULTED' ? (
          <Badge miw="max-content" ml={6} size="xs" color="red" variant="light">
            Defaulted
          </Badge>
        ) : null}
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} visibleFrom="sm">
        <Text size="sm" fw={600}>
          {formatNaira(row.dueNow)}
        </Text>
        {row.overdue > 0 ? (
          <Text size="xs" c="red">
            incl. {formatNaira(row.overdue)} arrears
          </Text>
        ) : null}
        {row.dueNow === 0 && row.nextDueDate ? (
          <Text size="xs" c="dimmed">
            next {formatNaira(row.nextDueAmount)} on {format.date(row.nextDueDate)}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td ta="right" visibleFrom="sm">
        <Text
          size="sm"
          c={row.daysPastDue > 0 ? 'red' : undefined}
          fw={row.daysPastDue > 0 ? 700 : undefined}
        >
          {row.daysPastDue}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap" align="flex-start">
          <TextInput
            id={amountInputId(row.loanId)}
            aria-label={`Amount paid by ${row.memberName}`}
            placeholder="0.00"
            inputMode="decimal"
            autoComplete="off"
            value={entry?.amountText ?? ''}
            onChange={(event) => {
              onAmount(event.currentTarget.value)
            }}
            error={amountError}
            size="sm"
            flex={1}
            miw={120}
          />
          <Button
            variant="light"
            size="sm"
            px="xs"
            onClick={onFillDue}
            disabled={row.dueNow === 0}
            aria-label={`Fill the due amount for ${row.memberName}`}
            data-print-hidden
          >
            Due
          </Button>
        </Group>
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <TextInput
          aria-label={`Reference for ${row.memberName}`}
          placeholder="Optional"
          autoComplete="off"
          maxLength={MAX_REFERENCE_LENGTH}
          value={entry?.reference ?? ''}
          onChange={(event) => {
            onReference(event.currentTarget.value)
          }}
          size="sm"
        />
      </Table.Td>
    </Table.Tr>
  )
}

/** Sheets already posted for this union and date, so the same meeting is not posted twice by accident. */
function AlreadyPosted({
  sheet,
  posted: postedSheets,
  format,
}: {
  sheet: Sheet
  posted: Sheet['postedSheets']
  format: CompanyFormat
}) {
  const count = postedSheets.length
  return (
    <Alert
      color="yellow"
      icon={<IconAlertTriangle aria-hidden />}
      title={`Already posted: ${count} sheet${count === 1 ? '' : 's'} for ${sheet.union.name} on ${format.date(sheet.date)}`}
    >
      <List size="sm" spacing={2}>
        {postedSheets.map((posted) => (
          <List.Item key={posted.id}>
            {formatNaira(posted.total)} in {posted.paymentCount} payment{posted.paymentCount === 1 ? '' : 's'}
            , posted by {posted.postedBy ?? 'a former member of staff'} at {format.dateTime(posted.postedAt)}
          </List.Item>
        ))}
      </List>
      <Text size="sm" mt="xs">
        The amounts below already reflect these payments. Post again only for payments not on them.
      </Text>
    </Alert>
  )
}

function PostedSummary({ summary, onClose }: { summary: PostSummary; onClose: () => void }) {
  return (
    <Alert
      color="green"
      icon={<IconCircleCheck aria-hidden />}
      title={
        summary.isReplay ? 'This sheet had already been posted; nothing was posted twice' : 'Sheet posted'
      }
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={onClose}
    >
      <Stack gap="xs">
        <Text size="sm">
          {summary.paymentCount} payment{summary.paymentCount === 1 ? '' : 's'},{' '}
          <Text span fw={700}>
            {formatNaira(summary.total)}
          </Text>{' '}
          in all. Receipts:
        </Text>
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing={4} aria-label="Receipts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Receipt</Table.Th>
                <Table.Th>Member</Table.Th>
                <Table.Th>Loan</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {summary.receipts.map((receipt) => (
                <Table.Tr key={receipt.repaymentId}>
                  <Table.Td>
                    <Anchor
                      href={receiptUrl(receipt.repaymentId)}
                      target="_blank"
                      rel="noopener"
                      size="sm"
                      aria-label={`Receipt ${receipt.receiptNumber} for ${receipt.memberName} (PDF)`}
                    >
                      <Group gap={4} wrap="nowrap">
                        <IconFileTypePdf size={16} aria-hidden />
                        {receipt.receiptNumber}
                      </Group>
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{receipt.memberName}</Table.Td>
                  <Table.Td>{receipt.loanNumber}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {formatNaira(receipt.amount)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Alert>
  )
}
