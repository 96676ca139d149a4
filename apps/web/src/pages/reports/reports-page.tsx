import '@mantine/charts/styles.css'
import { BarChart, DonutChart } from '@mantine/charts'
import {
  Anchor,
  Box,
  Button,
  Card,
  Center,
  EmptyState,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core'
import { formatNaira, ratioString, todayIn } from '@mp/domain'
import {
  IconAlertTriangle,
  IconCalendarDue,
  IconCash,
  IconChartBar,
  IconChartPie,
  IconClockHour4,
  IconReceipt,
  IconUsersGroup,
  IconWallet,
} from '@tabler/icons-react'
import { keepPreviousData, skipToken } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useCurrentUser } from '../../auth/current-user'
import { DataTable, type DataTableColumn } from '../../components/data-table'
import { DayInput } from '../../components/day-input'
import { PageHeader } from '../../components/page-header'
import { useListPage } from '../../hooks/use-list-page'
import { units } from '../../lib/loan-form'
import {
  agingBucketColor,
  agingBucketLabel,
  chartNaira,
  compactNaira,
  countText,
  provisionClassDays,
  provisionClassLabel,
  ratioPercent,
} from '../../lib/report-format'
import { isAsOfNotReady } from '../../lib/as-of-run'
import { DEFAULT_PERIOD_CHOICE, periodOf, periodText, type PeriodChoice } from '../../lib/report-period'
import { methodLabel } from '../../lib/repayments'
import { trpc, type RouterInputs, type RouterOutputs } from '../../lib/trpc'
import { useCompanyFormat, type CompanyFormat } from '../../lib/use-company-format'
import { LoanStatusBadge } from '../loans/loan-status-badge'
import { AsOfComputation } from './as-of-computation'
import {
  FigureCard,
  FilterBar,
  InfoNote,
  InvalidChoice,
  KpiExplain,
  loanColumn,
  money,
  NO_WRAP,
  OfficerPerformanceTable,
  PeriodNote,
  PeriodPicker,
  RatioWithExplain,
  ReportView,
  UnionOfficerFilters,
  type UnionOfficerFilter,
} from './report-parts'

type Portfolio = RouterOutputs['report']['portfolio']
type PortfolioRow = NonNullable<Portfolio['rows']>['items'][number]
type PortfolioInput = RouterInputs['report']['portfolio']
type PortfolioSort = NonNullable<PortfolioInput['sort']>
type Disbursements = RouterOutputs['report']['disbursements']
type DisbursementRow = Disbursements['rows']['items'][number]
type FlowInput = RouterInputs['report']['repaymentsByMethod']
type ByMethod = RouterOutputs['report']['repaymentsByMethod']

type Tab = 'portfolio' | 'par' | 'aging' | 'officers' | 'disbursements' | 'repayments'

const TABS: readonly { value: Tab; label: string; icon: ReactNode }[] = [
  { value: 'portfolio', label: 'Portfolio', icon: <IconWallet size={16} aria-hidden /> },
  { value: 'par', label: 'Portfolio at risk', icon: <IconAlertTriangle size={16} aria-hidden /> },
  { value: 'aging', label: 'Aging', icon: <IconClockHour4 size={16} aria-hidden /> },
  { value: 'officers', label: 'Officer performance', icon: <IconUsersGroup size={16} aria-hidden /> },
  { value: 'disbursements', label: 'Disbursements', icon: <IconCash size={16} aria-hidden /> },
  { value: 'repayments', label: 'Repayments by method', icon: <IconReceipt size={16} aria-hidden /> },
]

function isTab(value: string | null): value is Tab {
  return TABS.some((tab) => tab.value === value)
}

/** As-of date ('' = today), union and officer: shared by the Portfolio, PAR and Aging tabs. */
type PortfolioFilters = { asOf: string } & UnionOfficerFilter
/** Union and officer for the Disbursements and Repayments tabs (the period is shared by three tabs). */
type FlowFilters = UnionOfficerFilter

/**
 * /reports (docs/product.md §7): portfolio as of a date, PAR, aging, officer performance, disbursements and
 * repayments by method, each exportable with exactly the input shown. Filters live on the page, so
 * moving between tabs keeps them (and reuses the portfolio already loaded).
 */
export function ReportsPage() {
  const me = useCurrentUser()
  const format = useCompanyFormat()
  const today = todayIn(format.timeZone)
  const isManager = me.role !== 'CREDIT_OFFICER'
  const [searchParams, setSearchParams] = useSearchParams()
  const requested = searchParams.get('tab')
  const tab: Tab = isTab(requested) ? requested : 'portfolio'

  const [portfolioFilters, setPortfolioFilters] = useState<PortfolioFilters>({
    asOf: '',
    unionId: null,
    officerId: null,
  })
  const [periodChoice, setPeriodChoice] = useState<PeriodChoice>(DEFAULT_PERIOD_CHOICE)
  const [flowFilters, setFlowFilters] = useState<FlowFilters>({ unionId: null, officerId: null })

  const asOf = portfolioFilters.asOf === '' ? today : portfolioFilters.asOf
  const asOfError = asOf > today ? 'The as-of date cannot be after today' : undefined
  const portfolioInput: PortfolioInput | null = asOfError
    ? null
    : {
        asOf,
        unionId: portfolioFilters.unionId ?? undefined,
        officerId: isManager ? (portfolioFilters.officerId ?? undefined) : undefined,
      }
  const period = periodOf(periodChoice, today)
  const flowInput: FlowInput | null = period.ok
    ? {
        from: period.value.from,
        to: period.value.to,
        unionId: flowFilters.unionId ?? undefined,
        officerId: isManager ? (flowFilters.officerId ?? undefined) : undefined,
      }
    : null

  const portfolioBar = (name: 'portfolio' | 'par' | 'aging') => (
    <FilterBar exportName={name} exportInput={portfolioInput}>
      <DayInput
        label="As of"
        description="Portfolio as of a past date"
        required
        value={asOf}
        onChange={(next) => {
          setPortfolioFilters((current) => ({ ...current, asOf: next }))
        }}
        error={asOfError}
      />
      <UnionOfficerFilters
        value={portfolioFilters}
        onChange={(change) => {
          setPortfolioFilters((current) => ({ ...current, ...change }))
        }}
        withOfficer={isManager}
      />
    </FilterBar>
  )

  const flowBar = (name: 'disbursements' | 'repaymentsByMethod') => (
    <FilterBar exportName={name} exportInput={flowInput}>
      <PeriodPicker value={periodChoice} onChange={setPeriodChoice} today={today} period={period} />
      <UnionOfficerFilters
        value={flowFilters}
        onChange={(change) => {
          setFlowFilters((current) => ({ ...current, ...change }))
        }}
        withOfficer={isManager}
      />
    </FilterBar>
  )

  return (
    <Stack gap="lg">
      <PageHeader
        title="Reports"
        description="Portfolio, arrears, officer performance, disbursements and collections, with exports."
        actions={
          <Button
            component={Link}
            to="/due-list"
            variant="default"
            leftSection={<IconCalendarDue size={18} aria-hidden />}
          >
            Due list
          </Button>
        }
      />
      <Tabs
        value={tab}
        onChange={(value) => {
          setSearchParams(value && value !== 'portfolio' ? { tab: value } : {}, { replace: true })
        }}
        keepMounted={false}
      >
        <Tabs.List>
          {TABS.map((item) => (
            <Tabs.Tab key={item.value} value={item.value} leftSection={item.icon}>
              {item.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="portfolio" pt="md">
          <Card withBorder padding="md">
            {portfolioBar('portfolio')}
            <PortfolioTab
              key={JSON.stringify(portfolioInput)}
              input={portfolioInput}
              format={format}
              isManager={isManager}
            />
          </Card>
        </Tabs.Panel>
        <Tabs.Panel value="par" pt="md">
          <Card withBorder padding="md">
            {portfolioBar('par')}
            <ParTab input={portfolioInput} format={format} />
          </Card>
        </Tabs.Panel>
        <Tabs.Panel value="aging" pt="md">
          <Card withBorder padding="md">
            {portfolioBar('aging')}
            <AgingTab input={portfolioInput} format={format} />
          </Card>
        </Tabs.Panel>
        <Tabs.Panel value="officers" pt="md">
          <OfficersTab choice={periodChoice} onChoiceChange={setPeriodChoice} today={today} format={format} />
        </Tabs.Panel>
        <Tabs.Panel value="disbursements" pt="md">
          <Card withBorder padding="md">
            {flowBar('disbursements')}
            <DisbursementsTab
              key={JSON.stringify(flowInput)}
              input={flowInput}
              error={period.ok ? null : period.error}
              format={format}
              isManager={isManager}
            />
          </Card>
        </Tabs.Panel>
        <Tabs.Panel value="repayments" pt="md">
          <Card withBorder padding="md">
            {flowBar('repaymentsByMethod')}
            <RepaymentsByMethodTab
              input={flowInput}
              error={period.ok ? null : period.error}
              format={format}
            />
          </Card>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  )
}

function usePortfolio(input: PortfolioInput | null) {
  return trpc.report.portfolio.useQuery(input ?? skipToken, { placeholderData: keepPreviousData })
}

/**
 * A portfolio report, or — for a past date not computed yet — its computation with a progress bar (the
 * server works it out in the background, then the report loads).
 */
function PortfolioView({
  query,
  asOf,
  format,
  errorTitle,
  cards,
  children,
}: {
  query: ReturnType<typeof usePortfolio>
  asOf: string
  format: CompanyFormat
  errorTitle: string
  cards?: number
  children: (data: Portfolio) => ReactNode
}) {
  if (query.data === undefined && isAsOfNotReady(query.error))
    return <AsOfComputation asOf={asOf} format={format} what="The figures" />
  return (
    <ReportView query={query} errorTitle={errorTitle} cards={cards}>
      {children}
    </ReportView>
  )
}

// ---- Portfolio ---------------------------------------------------------------------------------------

function PortfolioTab({
  input,
  format,
  isManager,
}: {
  input: PortfolioInput | null
  format: CompanyFormat
  isManager: boolean
}) {
  const listPage = useListPage<PortfolioSort>({ defaultSort: { key: 'loanNumber', direction: 'asc' } })
  const query = usePortfolio(input === null ? null : listPage.input(input))
  if (input === null) return <InvalidChoice message="Choose an as-of date no later than today." />
  return (
    <PortfolioView
      query={query}
      asOf={input.asOf ?? ''}
      format={format}
      errorTitle="Could not load the portfolio"
      cards={4}
    >
      {(data) => (
        <Stack gap="md">
          <AsOfNote asOf={data.asOf} source={data.source} format={format} />
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
            <FigureCard
              label="Running loans"
              value={countText(data.totals.loans)}
              detail="Active or defaulted"
            />
            <FigureCard
              label="Outstanding principal"
              value={formatNaira(data.totals.outstandingPrincipal)}
              detail="The portfolio"
            />
            <FigureCard
              label="Outstanding"
              value={formatNaira(data.totals.outstanding)}
              detail="Principal, interest, fees and penalties"
            />
            <FigureCard
              label="Overdue"
              value={formatNaira(data.totals.overdue)}
              detail={`Of which principal ${formatNaira(data.totals.overduePrincipal)}`}
            />
            <FigureCard label="Penalties accrued" value={formatNaira(data.totals.penaltiesAccrued)} />
          </SimpleGrid>
          {data.rows === null ? (
            <AsOfComputation asOf={data.asOf} format={format} what="The loans" />
          ) : (
            <DataTable
              label="Portfolio"
              columns={portfolioColumns({ withOfficer: isManager })}
              rows={data.rows.items}
              rowKey={(row) => row.loanId}
              isFetching={query.isFetching}
              empty={{
                title: 'No loans on this date',
                description:
                  'No loan in your scope had been disbursed by then. Try a later date or other filters.',
              }}
              {...listPage.tableProps(data.rows.total)}
              minWidth={1300}
            />
          )}
        </Stack>
      )}
    </PortfolioView>
  )
}

function AsOfNote({
  asOf,
  source,
  format,
}: {
  asOf: string
  source: Portfolio['source']
  format: CompanyFormat
}) {
  return (
    <InfoNote>
      <Text span fw={700}>
        Portfolio at the end of {format.date(asOf)}.
      </Text>{' '}
      Balances, days past due and statuses as they stood that day: repayments dated later are left out,
      reversals made later had not happened yet, and loans disbursed later are not listed. Totals, PAR and
      aging count running loans (active or defaulted) only.
      {source === 'SNAPSHOT' ? ' Figures from the close of that day (the books as they stood then).' : ''}
    </InfoNote>
  )
}

function portfolioColumns({
  withOfficer,
}: {
  withOfficer: boolean
}): DataTableColumn<PortfolioRow, PortfolioSort>[] {
  const columns: (DataTableColumn<PortfolioRow, PortfolioSort> | null)[] = [
    { ...loanColumn<PortfolioRow>(), sortKey: 'loanNumber' },
    {
      key: 'member',
      header: 'Member',
      sortKey: 'memberName',
      render: (row) => (
        <Stack gap={0}>
          <Anchor component={Link} to={`/members/${row.memberId}`} size="sm">
            {row.memberName}
          </Anchor>
          <Text size="xs" c="dimmed" ff="monospace">
            {row.memberCode}
          </Text>
        </Stack>
      ),
    },
    { key: 'union', header: 'Union', render: (row) => row.unionName },
    withOfficer ? { key: 'officer', header: 'Officer', render: (row) => row.officerName } : null,
    {
      key: 'status',
      header: 'Status',
      render: (row) => <LoanStatusBadge status={row.status} daysPastDue={row.daysPastDue} />,
    },
    { key: 'principal', header: 'Principal', align: 'right', render: (row) => money(row.principal) },
    {
      key: 'outstandingPrincipal',
      header: 'Outstanding principal',
      align: 'right',
      sortKey: 'outstandingPrincipal',
      render: (row) => money(row.outstandingPrincipal),
    },
    {
      key: 'outstanding',
      header: 'Outstanding',
      align: 'right',
      render: (row) => money(row.outstanding),
    },
    {
      key: 'overdue',
      header: 'Overdue',
      align: 'right',
      render: (row) => (
        <Text span size="sm" c={row.overdue > 0 ? 'red' : undefined} style={NO_WRAP}>
          {formatNaira(row.overdue)}
        </Text>
      ),
    },
    {
      key: 'daysPastDue',
      header: 'Days past due',
      align: 'right',
      sortKey: 'daysPastDue',
      render: (row) => (
        <Text
          span
          size="sm"
          c={row.daysPastDue > 0 ? 'red' : undefined}
          fw={row.daysPastDue > 0 ? 700 : undefined}
        >
          {row.daysPastDue}
        </Text>
      ),
    },
    {
      key: 'aging',
      header: 'Aging',
      render: (row) => <span style={NO_WRAP}>{agingBucketLabel(row.agingBucket)}</span>,
    },
  ]
  return columns.filter((column) => column !== null)
}

// ---- Portfolio at risk -------------------------------------------------------------------------------

function parMeaning(days: number): string {
  return days <= 1 ? '1 or more days late' : `More than ${String(days)} days late`
}

function ParTab({ input, format }: { input: PortfolioInput | null; format: CompanyFormat }) {
  const query = usePortfolio(input)
  if (input === null) return <InvalidChoice message="Choose an as-of date no later than today." />
  return (
    <PortfolioView
      query={query}
      asOf={input.asOf ?? ''}
      format={format}
      errorTitle="Could not load portfolio at risk"
      cards={2}
    >
      {(data) => (
        <Stack gap="lg">
          <Text size="sm" c="dimmed">
            As of {format.date(data.asOf)}. PAR is balance-weighted: the outstanding principal of loans late
            by more than the days shown ÷ the outstanding principal of all running loans, never a count of
            loans. The last column also counts restructured (rescheduled) loans as at risk, whatever their
            days past due.
          </Text>
          <Table.ScrollContainer minWidth={720}>
            <Table striped verticalSpacing="xs" aria-label="Portfolio at risk" aria-busy={query.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Measure</Table.Th>
                  <Table.Th ta="right">At risk</Table.Th>
                  <Table.Th ta="right">Portfolio</Table.Th>
                  <Table.Th ta="right">PAR</Table.Th>
                  <Table.Th ta="right">PAR, restructured at risk</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.par.map((row) => {
                  const name = `PAR${String(row.days)}`
                  return (
                    <Table.Tr key={row.days}>
                      <Table.Th scope="row">
                        <Text size="sm" fw={700}>
                          {name}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {parMeaning(row.days)}
                        </Text>
                      </Table.Th>
                      <Table.Td ta="right">{money(row.without.inputs[0]?.value ?? 0)}</Table.Td>
                      <Table.Td ta="right">{money(row.without.inputs[1]?.value ?? 0)}</Table.Td>
                      <Table.Td ta="right" fw={700}>
                        <RatioWithExplain kpi={row.without} name={name} />
                      </Table.Td>
                      <Table.Td ta="right">
                        <RatioWithExplain kpi={row.with} name={`${name} with restructured loans at risk`} />
                      </Table.Td>
                    </Table.Tr>
                  )
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <FigureCard
              label="Arrears rate"
              value={
                <Group gap={4} wrap="nowrap" component="span">
                  {ratioPercent(data.arrears.ratio)}
                  <KpiExplain kpi={data.arrears} name="arrears rate" />
                </Group>
              }
              detail={`Overdue principal ${formatNaira(data.arrears.inputs[0]?.value ?? 0)} of ${formatNaira(
                data.arrears.inputs[1]?.value ?? 0,
              )} outstanding. Smaller than PAR: only the late instalments count, not the whole loan.`}
            />
            <FigureCard
              label="Loan-loss provision"
              value={formatNaira(data.provisioning.total)}
              detail="Outstanding principal × the CBN rate of its class, below."
            />
          </SimpleGrid>
          <Stack gap="xs">
            <Title order={2} size="h4">
              Provisioning (CBN classes)
            </Title>
            <Text size="sm" c="dimmed">
              Classes and rates from the CBN prudential guidelines for microfinance banks, by days past due.
            </Text>
            <Table.ScrollContainer minWidth={640}>
              <Table striped verticalSpacing="xs" aria-label="Provisioning">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Class</Table.Th>
                    <Table.Th>Days past due</Table.Th>
                    <Table.Th ta="right">Rate</Table.Th>
                    <Table.Th ta="right">Outstanding principal</Table.Th>
                    <Table.Th ta="right">Provision</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.provisioning.byClass.map((row) => (
                    <Table.Tr key={row.class}>
                      <Table.Th scope="row" fw={500}>
                        {provisionClassLabel(row.class)}
                      </Table.Th>
                      <Table.Td style={NO_WRAP}>{provisionClassDays(row.class)}</Table.Td>
                      <Table.Td ta="right">{ratioPercent(row.rate, 0)}</Table.Td>
                      <Table.Td ta="right">{money(row.balance)}</Table.Td>
                      <Table.Td ta="right">{money(row.provision)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr fw={700}>
                    <Table.Th scope="row" colSpan={3}>
                      Total
                    </Table.Th>
                    <Table.Td ta="right">
                      {money(data.provisioning.byClass.reduce((sum, row) => sum + row.balance, 0))}
                    </Table.Td>
                    <Table.Td ta="right">{money(data.provisioning.total)}</Table.Td>
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        </Stack>
      )}
    </PortfolioView>
  )
}

// ---- Aging -------------------------------------------------------------------------------------------

function AgingTab({ input, format }: { input: PortfolioInput | null; format: CompanyFormat }) {
  const query = usePortfolio(input)
  if (input === null) return <InvalidChoice message="Choose an as-of date no later than today." />
  return (
    <PortfolioView
      query={query}
      asOf={input.asOf ?? ''}
      format={format}
      errorTitle="Could not load the aging report"
    >
      {(data) => {
        const total = data.aging.reduce((sum, row) => sum + row.amount, 0)
        const count = data.aging.reduce((sum, row) => sum + row.count, 0)
        return (
          <Stack gap="lg">
            <Text size="sm" c="dimmed">
              Outstanding principal of running loans as of {format.date(data.asOf)}, by how many days the
              oldest unpaid instalment is late.
            </Text>
            <Table.ScrollContainer minWidth={520}>
              <Table striped verticalSpacing="xs" aria-label="Aging" aria-busy={query.isFetching}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Days past due</Table.Th>
                    <Table.Th ta="right">Loans</Table.Th>
                    <Table.Th ta="right">Outstanding principal</Table.Th>
                    <Table.Th ta="right">Share</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.aging.map((row) => (
                    <Table.Tr key={row.bucket}>
                      <Table.Th scope="row" fw={500}>
                        {agingBucketLabel(row.bucket)}
                      </Table.Th>
                      <Table.Td ta="right">{countText(row.count)}</Table.Td>
                      <Table.Td ta="right">{money(row.amount)}</Table.Td>
                      <Table.Td ta="right">{ratioPercent(ratioString(row.amount, total))}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr fw={700}>
                    <Table.Th scope="row">Total</Table.Th>
                    <Table.Td ta="right">{countText(count)}</Table.Td>
                    <Table.Td ta="right">{money(total)}</Table.Td>
                    <Table.Td ta="right">{total === 0 ? '—' : '100.00%'}</Table.Td>
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Table.ScrollContainer>
            {total === 0 ? (
              <Center py="md">
                <EmptyState
                  icon={<IconChartBar aria-hidden />}
                  withIndicatorBackground
                  title="Nothing outstanding"
                  description="No running loan on this date, so there is nothing to age."
                />
              </Center>
            ) : (
              <Box component="figure" m={0} aria-label="Chart of outstanding principal by days past due">
                <BarChart
                  h={260}
                  data={data.aging.map((row) => ({
                    bucket: agingBucketLabel(row.bucket),
                    amount: row.amount,
                    color: agingBucketColor(row.bucket),
                  }))}
                  dataKey="bucket"
                  series={[{ name: 'amount', label: 'Outstanding principal', color: 'blue.6' }]}
                  valueFormatter={chartNaira}
                  yAxisProps={{ tickFormatter: compactNaira, width: 70 }}
                  tickLine="y"
                />
                <Text component="figcaption" size="xs" c="dimmed" ta="center">
                  Outstanding principal by days past due (figures in the table above)
                </Text>
              </Box>
            )}
          </Stack>
        )
      }}
    </PortfolioView>
  )
}

// ---- Officer performance -----------------------------------------------------------------------------

function OfficersTab({
  choice,
  onChoiceChange,
  today,
  format,
}: {
  choice: PeriodChoice
  onChoiceChange: (next: PeriodChoice) => void
  today: string
  format: CompanyFormat
}) {
  const period = periodOf(choice, today)
  const input: RouterInputs['report']['officerPerformance'] | null = period.ok
    ? { from: period.value.from, to: period.value.to }
    : null
  const query = trpc.report.officerPerformance.useQuery(input ?? skipToken, {
    placeholderData: keepPreviousData,
  })
  return (
    <Card withBorder padding="md">
      <FilterBar exportName="officerPerformance" exportInput={input}>
        <PeriodPicker value={choice} onChange={onChoiceChange} today={today} period={period} />
      </FilterBar>
      {period.ok && query.data === undefined && isAsOfNotReady(query.error) ? (
        <AsOfComputation
          asOf={period.value.to}
          format={format}
          what="Running loans, outstanding principal and PAR30"
        />
      ) : period.ok ? (
        <ReportView query={query} errorTitle="Could not load officer performance">
          {(data) => (
            <Stack gap="sm">
              <PeriodNote period={data.period} format={format} />
              <OfficerPerformanceTable data={data} isFetching={query.isFetching} />
            </Stack>
          )}
        </ReportView>
      ) : (
        <InvalidChoice message={period.error} />
      )}
    </Card>
  )
}

// ---- Disbursements -----------------------------------------------------------------------------------

function DisbursementsTab({
  input,
  error,
  format,
  isManager,
}: {
  input: FlowInput | null
  error: string | null
  format: CompanyFormat
  isManager: boolean
}) {
  const listPage = useListPage()
  const query = trpc.report.disbursements.useQuery(input === null ? skipToken : listPage.input(input), {
    placeholderData: keepPreviousData,
  })
  if (input === null) return <InvalidChoice message={error ?? 'Choose the period.'} />
  return (
    <ReportView query={query} errorTitle="Could not load disbursements" cards={4}>
      {(data) => {
        return (
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              Loans disbursed {periodText({ from: data.from, to: data.to }, format.date)}.
            </Text>
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              <FigureCard label="Loans disbursed" value={countText(data.totals.count)} />
              <FigureCard label="Principal" value={formatNaira(data.totals.principal)} />
              <FigureCard label="Processing fees" value={formatNaira(data.totals.processingFees)} />
              <FigureCard
                label="Net disbursed"
                value={formatNaira(data.totals.netDisbursed)}
                detail="Principal less processing fees"
              />
            </SimpleGrid>
            <DataTable
              label="Disbursements"
              columns={disbursementColumns(format, { withOfficer: isManager })}
              rows={data.rows.items}
              rowKey={(row) => row.loanId}
              isFetching={query.isFetching}
              empty={{
                title: 'No disbursements',
                description: 'No loan was disbursed in this period. Try another period or other filters.',
              }}
              {...listPage.tableProps(data.rows.total)}
              minWidth={1150}
            />
          </Stack>
        )
      }}
    </ReportView>
  )
}

function disbursementColumns(
  format: CompanyFormat,
  { withOfficer }: { withOfficer: boolean },
): DataTableColumn<DisbursementRow>[] {
  const columns: (DataTableColumn<DisbursementRow> | null)[] = [
    {
      key: 'disbursedOn',
      header: 'Disbursed on',
      render: (row) => <span style={NO_WRAP}>{format.date(row.disbursedOn)}</span>,
    },
    loanColumn(),
    {
      key: 'member',
      header: 'Member',
      render: (row) => (
        <Stack gap={0}>
          <Text size="sm">{row.memberName}</Text>
          <Text size="xs" c="dimmed" ff="monospace">
            {row.memberCode}
          </Text>
        </Stack>
      ),
    },
    { key: 'union', header: 'Union', render: (row) => row.unionName },
    withOfficer ? { key: 'officer', header: 'Officer', render: (row) => row.officerName } : null,
    {
      key: 'type',
      header: 'Loan type',
      render: (row) => (
        <Stack gap={0}>
          <Text size="sm">{row.loanTypeName}</Text>
          <Text size="xs" c="dimmed">
            {units(row.termCount, row.termUnit)}
          </Text>
        </Stack>
      ),
    },
    { key: 'principal', header: 'Principal', align: 'right', render: (row) => money(row.principal) },
    { key: 'fee', header: 'Processing fee', align: 'right', render: (row) => money(row.processingFee) },
    {
      key: 'net',
      header: 'Net disbursed',
      align: 'right',
      render: (row) => money(row.principal - row.processingFee),
    },
    { key: 'by', header: 'Disbursed by', render: (row) => row.disbursedBy ?? '—' },
  ]
  return columns.filter((column) => column !== null)
}

// ---- Repayments by method ----------------------------------------------------------------------------

const METHOD_COLORS = ['blue.6', 'teal.6', 'grape.6', 'orange.6', 'cyan.6', 'gray.6'] as const

function RepaymentsByMethodTab({
  input,
  error,
  format,
}: {
  input: FlowInput | null
  error: string | null
  format: CompanyFormat
}) {
  const query = trpc.report.repaymentsByMethod.useQuery(input ?? skipToken, {
    placeholderData: keepPreviousData,
  })
  if (input === null) return <InvalidChoice message={error ?? 'Choose the period.'} />
  return (
    <ReportView query={query} errorTitle="Could not load repayments by method">
      {(data) => <ByMethodReport data={data} format={format} isFetching={query.isFetching} />}
    </ReportView>
  )
}

function ByMethodReport({
  data,
  format,
  isFetching,
}: {
  data: ByMethod
  format: CompanyFormat
  isFetching: boolean
}) {
  const slices = data.rows
    .map((row, index) => ({
      name: methodLabel(row.method),
      value: row.amount,
      color: METHOD_COLORS[index % METHOD_COLORS.length] ?? 'gray.6',
    }))
    .filter((slice) => slice.value > 0)
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Repayments received {periodText({ from: data.from, to: data.to }, format.date)}. Reversed payments are
        not in the amounts or shares; they are counted on their own.
      </Text>
      <Table.ScrollContainer minWidth={720}>
        <Table striped verticalSpacing="xs" aria-label="Repayments by method" aria-busy={isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Method</Table.Th>
              <Table.Th ta="right">Payments</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
              <Table.Th ta="right">Share</Table.Th>
              <Table.Th ta="right">Reversed payments</Table.Th>
              <Table.Th ta="right">Reversed amount</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.rows.map((row) => (
              <Table.Tr key={row.method}>
                <Table.Th scope="row" fw={500}>
                  {methodLabel(row.method)}
                </Table.Th>
                <Table.Td ta="right">{countText(row.count)}</Table.Td>
                <Table.Td ta="right">{money(row.amount)}</Table.Td>
                <Table.Td ta="right">{ratioPercent(row.share)}</Table.Td>
                <Table.Td ta="right">{countText(row.reversedCount)}</Table.Td>
                <Table.Td ta="right" c={row.reversedAmount > 0 ? 'red' : undefined}>
                  {money(row.reversedAmount)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr fw={700}>
              <Table.Th scope="row">Total</Table.Th>
              <Table.Td ta="right">{countText(data.totals.count)}</Table.Td>
              <Table.Td ta="right">{money(data.totals.amount)}</Table.Td>
              <Table.Td ta="right">{data.totals.amount === 0 ? '—' : '100.00%'}</Table.Td>
              <Table.Td ta="right">{countText(data.totals.reversedCount)}</Table.Td>
              <Table.Td ta="right">{money(data.totals.reversedAmount)}</Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
      {slices.length === 0 ? (
        <Center py="md">
          <EmptyState
            icon={<IconChartPie aria-hidden />}
            withIndicatorBackground
            title="No payments"
            description="No repayment was received in this period. Try another period or other filters."
          />
        </Center>
      ) : (
        <Box component="figure" m={0} aria-label="Chart of amounts received by method">
          <Center>
            <DonutChart
              data={slices}
              size={200}
              thickness={28}
              withLabelsLine
              withLabels
              labelsType="percent"
              valueFormatter={chartNaira}
              chartLabel={formatNaira(data.totals.amount)}
            />
          </Center>
          <Group justify="center" gap="md" mt="xs" component="figcaption">
            {slices.map((slice) => (
              <Group key={slice.name} gap={6} wrap="nowrap">
                <Box w={10} h={10} bg={slice.color} style={{ borderRadius: 2 }} aria-hidden />
                <Text size="xs">{slice.name}</Text>
              </Group>
            ))}
          </Group>
        </Box>
      )}
    </Stack>
  )
}
