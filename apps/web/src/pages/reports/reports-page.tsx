import '@mantine/charts/styles.layer.css'
import { Button, Card, Stack, Tabs } from '@mantine/core'
import { todayIn } from '@mp/domain'
import {
  IconAlertTriangle,
  IconCalendarDue,
  IconCash,
  IconClockHour4,
  IconReceipt,
  IconReceiptOff,
  IconUsersGroup,
  IconWallet,
} from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useCurrentUser } from '../../auth/current-user'
import { DayInput } from '../../components/day-input'
import { PageHeader } from '../../components/page-header'
import { DEFAULT_PERIOD_CHOICE, periodOf, type PeriodChoice } from '../../lib/report-period'
import { useCompanyFormat } from '../../lib/use-company-format'
import { FilterBar, PeriodPicker, UnionOfficerFilters, type UnionOfficerFilter } from './report-parts'
import { AgingTab } from './aging-tab'
import { DisbursementsTab } from './disbursements-tab'
import { OfficersTab } from './officers-tab'
import { ParTab } from './par-tab'
import { PortfolioTab } from './portfolio-tab'
import { RepaymentsByMethodTab } from './repayments-by-method-tab'
import { WaiversTab } from './waivers-tab'
import type { FlowInput, PortfolioInput } from './report-types'

type Tab = 'portfolio' | 'par' | 'aging' | 'officers' | 'disbursements' | 'repayments' | 'waivers'

const TABS: readonly { value: Tab; label: string; icon: ReactNode }[] = [
  { value: 'portfolio', label: 'Portfolio', icon: <IconWallet size={16} aria-hidden /> },
  { value: 'par', label: 'Portfolio at risk', icon: <IconAlertTriangle size={16} aria-hidden /> },
  { value: 'aging', label: 'Aging', icon: <IconClockHour4 size={16} aria-hidden /> },
  { value: 'officers', label: 'Officer performance', icon: <IconUsersGroup size={16} aria-hidden /> },
  { value: 'disbursements', label: 'Disbursements', icon: <IconCash size={16} aria-hidden /> },
  { value: 'repayments', label: 'Repayments by method', icon: <IconReceipt size={16} aria-hidden /> },
  { value: 'waivers', label: 'Waivers', icon: <IconReceiptOff size={16} aria-hidden /> },
]

function isTab(value: string | null): value is Tab {
  return TABS.some((tab) => tab.value === value)
}

/** As-of date ('' = today), union and officer: shared by the Portfolio, PAR and Aging tabs. */
type PortfolioFilters = { asOf: string } & UnionOfficerFilter
/** Union and officer for the Disbursements, Repayments and Waivers tabs (the period is shared by three tabs). */
type FlowFilters = UnionOfficerFilter

/**
 * /reports (docs/product.md §7): portfolio as of a date, PAR, aging, officer performance, disbursements and
 * repayments by method (each exportable with exactly the input shown) and waivers. Filters live on the page, so
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

  const flowFields = (
    <>
      <PeriodPicker value={periodChoice} onChange={setPeriodChoice} today={today} period={period} />
      <UnionOfficerFilters
        value={flowFilters}
        onChange={(change) => {
          setFlowFilters((current) => ({ ...current, ...change }))
        }}
        withOfficer={isManager}
      />
    </>
  )
  const flowBar = (name: 'disbursements' | 'repaymentsByMethod' | 'waivers') => (
    <FilterBar exportName={name} exportInput={flowInput}>
      {flowFields}
    </FilterBar>
  )

  return (
    <Stack gap="lg">
      <PageHeader
        title="Reports"
        description="Portfolio, arrears, officer performance, disbursements, collections and waivers, with exports."
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
        <Tabs.Panel value="waivers" pt="md">
          <Card withBorder padding="md">
            {flowBar('waivers')}
            <WaiversTab
              key={JSON.stringify(flowInput)}
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
