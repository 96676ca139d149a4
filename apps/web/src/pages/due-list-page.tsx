import {
  Anchor,
  Box,
  Button,
  Card,
  Center,
  EmptyState,
  Group,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core'
import { formatNaira, todayIn } from '@mp/domain'
import { IconCalendarCheck, IconPrinter } from '@tabler/icons-react'
import { keepPreviousData } from '@tanstack/react-query'
import { Link } from 'react-router'
import { CursorPager, type DataTableCursorPagination } from '../components/data-table'
import { DayInput } from '../components/day-input'
import { ExportMenu } from '../components/export-menu'
import { OfficerFilter, UnionFilter } from '../components/portfolio-filters'
import { ListFilters } from '../components/list-filters'
import { PageHeader } from '../components/page-header'
import { ErrorState } from '../components/states'
import { useIsPhone } from '../hooks/use-is-phone'
import { useListPage } from '../hooks/use-list-page'
import { countActiveFilters } from '../lib/list-page'
import { defaultRange, dueRangeOf, type DueRangeChoice, type DueRangeMode } from '../lib/due-list'
import { formatPhone } from '../lib/format'
import { PRINT_CSS } from '../lib/print'
import { trpc, type RouterOutputs } from '../lib/trpc'
import { useCompanyFormat, type CompanyFormat } from '../lib/use-company-format'
import { DuePaymentButton } from './due-list-payment'

type DueList = RouterOutputs['loan']['dueList']
type DueSummary = RouterOutputs['loan']['dueListSummary']
type DueItem = DueList['items'][number]

type DueFilters = {
  choice: DueRangeChoice
  unionId: string | null
  officerId: string | null
  isOverdueIncluded: boolean
}

/** Loans per page: a union's meeting fits on one; a whole branch pages with Next. */
const DUE_PAGE_SIZE = 50

const MODES: { value: DueRangeMode; label: string }[] = [
  { value: 'today', label: 'Today' },
  { value: 'day', label: 'A day' },
  { value: 'range', label: 'A range' },
]

/** With a union chosen, the first choice is the union's next meeting (today when it has none). */
const MEETING_MODES = MODES.map((mode) =>
  mode.value === 'today' ? { value: mode.value, label: 'Next meeting' } : mode,
)

function isMode(value: string): value is DueRangeMode {
  return MODES.some((mode) => mode.value === value)
}

/**
 * Instalments due on a day or in a range, per loan, with arrears (docs/product.md §10). Every due loan is listed,
 * page by page (Next/Previous); the totals cover all of them. Printable for the field.
 */
export function DueListPage() {
  const format = useCompanyFormat()
  const today = todayIn(format.timeZone)
  const listPage = useListPage<never, DueFilters>({
    defaultPageSize: DUE_PAGE_SIZE,
    isPageSizeFixed: true,
    filters: {
      choice: { mode: 'today', day: '', from: '', to: '' },
      unionId: null,
      officerId: null,
      isOverdueIncluded: true,
    },
  })
  const { choice, unionId, officerId, isOverdueIncluded } = listPage.filters
  const range = dueRangeOf(choice, today)
  const setChoice = (next: Partial<DueRangeChoice>) => {
    listPage.setFilter('choice', { ...choice, ...next })
  }

  // "Today" for one union is its next meeting: the server picks it when no dates are sent.
  const isNextMeeting = choice.mode === 'today' && unionId !== null
  const filters = {
    from: range.ok && !isNextMeeting ? range.value.from : undefined,
    to: range.ok && !isNextMeeting ? range.value.to : undefined,
    unionId: unionId ?? undefined,
    officerId: officerId ?? undefined,
    includeOverdue: isOverdueIncluded,
  }
  const list = trpc.loan.dueList.useQuery(listPage.cursorInput(filters), {
    enabled: range.ok,
    placeholderData: keepPreviousData,
  })
  // The count and totals over every due loan, once per choice of days and filters (not per page).
  const summary = trpc.loan.dueListSummary.useQuery(filters, {
    enabled: range.ok,
    placeholderData: keepPreviousData,
  })
  const union = trpc.union.get.useQuery({ id: unionId ?? '' }, { enabled: unionId !== null })

  function chooseMode(mode: DueRangeMode) {
    if (mode === 'day' && choice.day === '') setChoice({ mode, day: today })
    else if (mode === 'range' && (choice.from === '' || choice.to === '')) {
      setChoice({ mode, ...defaultRange(today) })
    } else setChoice({ mode })
  }

  return (
    <Stack gap="lg" data-print-area>
      <style>{PRINT_CSS}</style>
      <PageHeader
        title="Due list"
        description="Instalments due today, on a day or over a range, with arrears."
        actions={
          <>
            <ExportMenu name="dueList" input={filters} disabled={!range.ok} />
            <Button
              variant="default"
              leftSection={<IconPrinter size={18} aria-hidden />}
              onClick={() => {
                window.print()
              }}
              disabled={!list.data}
              data-print-hidden
            >
              Print
            </Button>
          </>
        }
      />
      <Card withBorder padding="md" data-print-hidden>
        <ListFilters
          mb={0}
          activeCount={countActiveFilters([unionId, officerId, !isOverdueIncluded])}
          search={
            <Stack gap={4}>
              <Text size="sm" fw={500} id="due-list-period">
                Period
              </Text>
              <SegmentedControl
                role="radiogroup"
                aria-labelledby="due-list-period"
                data={unionId === null ? MODES : MEETING_MODES}
                value={choice.mode}
                onChange={(value) => {
                  if (isMode(value)) chooseMode(value)
                }}
              />
              {isNextMeeting && list.data ? (
                <Text size="xs" c="dimmed" data-testid="due-list-day">
                  {format.date(list.data.from)}
                  {list.data.nextMeeting === list.data.from ? ' · next meeting' : ' · today (no meeting day)'}
                </Text>
              ) : null}
            </Stack>
          }
        >
          {choice.mode === 'day' ? (
            <DayInput
              label="Day"
              required
              value={choice.day}
              onChange={(day) => {
                setChoice({ day })
              }}
              error={range.ok ? undefined : range.error}
            />
          ) : null}
          {choice.mode === 'range' ? (
            <>
              <DayInput
                label="From"
                required
                value={choice.from}
                onChange={(from) => {
                  setChoice({ from })
                }}
              />
              <DayInput
                label="To"
                required
                value={choice.to}
                onChange={(to) => {
                  setChoice({ to })
                }}
                error={range.ok ? undefined : range.error}
              />
            </>
          ) : null}
          <UnionFilter value={unionId} onChange={listPage.onFilter('unionId')} />
          <OfficerFilter value={officerId} onChange={listPage.onFilter('officerId')} w={200} />
          <Switch
            label="Include overdue"
            description="Loans in arrears with nothing due in the period"
            checked={isOverdueIncluded}
            onChange={(event) => {
              listPage.setFilter('isOverdueIncluded', event.currentTarget.checked)
            }}
          />
        </ListFilters>
      </Card>
      <Card withBorder padding="md">
        {!range.ok ? (
          <Center py="xl">
            <EmptyState
              icon={<IconCalendarCheck aria-hidden />}
              withIndicatorBackground
              title="Choose the days"
              description={range.error}
            />
          </Center>
        ) : list.data ? (
          <DueListTable
            data={list.data}
            summary={summary.data}
            pagination={listPage.cursorTableProps(list).cursorPagination}
            format={format}
            unionName={unionId === null ? null : (union.data?.name ?? null)}
            isFetching={list.isFetching}
          />
        ) : list.error ? (
          <ErrorState
            title="Could not load the due list"
            error={list.error}
            isRetrying={list.isFetching}
            onRetry={() => void list.refetch()}
          />
        ) : (
          <Stack gap="sm" aria-busy>
            <Skeleton height={20} width="40%" />
            <Skeleton height={160} />
          </Stack>
        )}
      </Card>
    </Stack>
  )
}

function DueListTable({
  data,
  summary,
  pagination,
  format,
  unionName,
  isFetching,
}: {
  data: DueList
  summary: DueSummary | undefined
  pagination: DataTableCursorPagination
  format: CompanyFormat
  unionName: string | null
  isFetching: boolean
}) {
  const period =
    data.from === data.to ? format.date(data.from) : `${format.date(data.from)} to ${format.date(data.to)}`
  const count = summary?.count ?? data.total
  const loans = (n: number) => `${n.toLocaleString('en-NG')} loan${n === 1 ? '' : 's'}`
  const isPhone = useIsPhone()
  return (
    <Stack gap="sm">
      <div>
        <Text fw={600}>
          Due {period}
          {unionName ? ` · ${unionName}` : ''}
        </Text>
        <Text size="sm" c="dimmed" aria-live="polite">
          {data.items.length === 0 ? 'No loans' : loans(count)} · arrears and days past due as of{' '}
          {format.date(data.today)}
        </Text>
      </div>
      {data.items.length === 0 ? (
        <Center py="xl">
          <EmptyState
            icon={<IconCalendarCheck aria-hidden />}
            withIndicatorBackground
            title="Nothing due"
            description="No running loan has an instalment due in this period. Try other days or filters."
          />
        </Center>
      ) : isPhone ? (
        <DueCards items={data.items} />
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing="xs" aria-label="Due list" aria-busy={isFetching}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Member</Table.Th>
                <Table.Th>Union</Table.Th>
                <Table.Th>Loan</Table.Th>
                <Table.Th>Instalments due</Table.Th>
                <Table.Th ta="right">Due in period</Table.Th>
                <Table.Th ta="right">Arrears before</Table.Th>
                <Table.Th ta="right">Due now</Table.Th>
                <Table.Th ta="right">Days past due</Table.Th>
                <Table.Th data-print-hidden>
                  <VisuallyHidden>Payment</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((item) => (
                <DueRow key={item.loanId} item={item} format={format} />
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr fw={700}>
                <Table.Th colSpan={4} scope="row">
                  Total, all {loans(count)}
                </Table.Th>
                <Table.Td ta="right">{summary ? formatNaira(summary.totals.dueInRange) : '…'}</Table.Td>
                <Table.Td ta="right">{summary ? formatNaira(summary.totals.overdueBefore) : '…'}</Table.Td>
                <Table.Td ta="right">{summary ? formatNaira(summary.totals.dueNow) : '…'}</Table.Td>
                <Table.Td />
                <Table.Td />
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </Table.ScrollContainer>
      )}
      <div data-print-hidden>
        <CursorPager pagination={pagination} />
      </div>
    </Stack>
  )
}

/** The due list on a phone: per loan, who and what is due now, arrears and lateness below. */
function DueCards({ items }: { items: DueItem[] }) {
  return (
    <Stack gap="sm" role="list" aria-label="Due list">
      {items.map((item) => (
        <Paper key={item.loanId} withBorder p="sm" role="listitem">
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Box miw={0}>
              <Text size="sm" fw={600}>
                {item.memberName}
              </Text>
              <Text size="xs" c="dimmed">
                {item.memberCode} · {item.unionName}
              </Text>
            </Box>
            <Anchor component={Link} to={`/loans/${item.loanId}`} size="sm" style={{ flexShrink: 0 }}>
              {item.loanNumber}
            </Anchor>
          </Group>
          <Group justify="space-between" gap="xs" mt="xs" wrap="nowrap">
            <Text size="xs" c="dimmed">
              Due now
            </Text>
            <Text fz="lg" fw={700} data-card="figure" style={{ whiteSpace: 'nowrap' }}>
              {formatNaira(item.dueNow)}
            </Text>
          </Group>
          <Group justify="flex-end" mt="xs" data-print-hidden>
            <DuePaymentButton loanId={item.loanId} loanNumber={item.loanNumber} />
          </Group>
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text size="xs" c={item.overdueBefore > 0 ? 'red' : 'dimmed'}>
              Arrears before {formatNaira(item.overdueBefore)}
            </Text>
            <Text
              size="xs"
              c={item.daysPastDue > 0 ? 'red' : 'dimmed'}
              fw={item.daysPastDue > 0 ? 700 : undefined}
              data-card="status"
            >
              {item.daysPastDue > 0 ? `${String(item.daysPastDue)} days late` : 'On time'}
            </Text>
          </Group>
          {item.memberPhone ? (
            <Anchor
              href={`tel:${item.memberPhone}`}
              size="sm"
              aria-label={`${formatPhone(item.memberPhone)}, call ${item.memberName}`}
            >
              {formatPhone(item.memberPhone)}
            </Anchor>
          ) : null}
        </Paper>
      ))}
    </Stack>
  )
}

function DueRow({ item, format }: { item: DueItem; format: CompanyFormat }) {
  const money = { style: { whiteSpace: 'nowrap' as const } }
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={500}>
          {item.memberName}
        </Text>
        <Text size="xs" c="dimmed">
          {item.memberCode}
          {item.memberPhone ? (
            <>
              {' · '}
              <Anchor
                href={`tel:${item.memberPhone}`}
                size="xs"
                aria-label={`${formatPhone(item.memberPhone)}, call ${item.memberName}`}
              >
                {formatPhone(item.memberPhone)}
              </Anchor>
            </>
          ) : null}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{item.unionName}</Text>
        <Text size="xs" c="dimmed">
          {item.officerName}
        </Text>
      </Table.Td>
      <Table.Td>
        <Anchor component={Link} to={`/loans/${item.loanId}`} size="sm">
          {item.loanNumber}
        </Anchor>
      </Table.Td>
      <Table.Td>
        {item.installments.length === 0 ? (
          <Text size="sm" c="dimmed">
            None (arrears only)
          </Text>
        ) : (
          <Stack gap={0}>
            {item.installments.map((installment) => (
              <Text key={installment.sequence} size="sm">
                #{installment.sequence} ·{' '}
                <span style={{ whiteSpace: 'nowrap' }}>{format.date(installment.dueDate)}</span> ·{' '}
                <span style={{ whiteSpace: 'nowrap' }}>{formatNaira(installment.outstanding)}</span>
              </Text>
            ))}
          </Stack>
        )}
      </Table.Td>
      <Table.Td ta="right" {...money}>
        {formatNaira(item.dueInRange)}
      </Table.Td>
      <Table.Td ta="right" {...money} c={item.overdueBefore > 0 ? 'red' : undefined}>
        {formatNaira(item.overdueBefore)}
      </Table.Td>
      <Table.Td ta="right" fw={600} {...money}>
        {formatNaira(item.dueNow)}
      </Table.Td>
      <Table.Td
        ta="right"
        c={item.daysPastDue > 0 ? 'red' : undefined}
        fw={item.daysPastDue > 0 ? 700 : undefined}
      >
        {item.daysPastDue}
      </Table.Td>
      <Table.Td data-print-hidden>
        <DuePaymentButton loanId={item.loanId} loanNumber={item.loanNumber} />
      </Table.Td>
    </Table.Tr>
  )
}
