import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  Popover,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core'
import { todayIn } from '@mp/domain'
import {
  IconAlertTriangle,
  IconArrowRight,
  IconChartBar,
  IconInfoCircle,
  IconPlus,
  IconUserPlus,
} from '@tabler/icons-react'
import { keepPreviousData } from '@tanstack/react-query'
import { lazy, Suspense, useId, useState } from 'react'
import { Link } from 'react-router'
import { useCurrentUser } from '../auth/current-user'
import { DateRangeFilter, OPEN_RANGE, type DateRange } from '../components/date-range-filter'
import { DocumentTitle } from '../components/document-title'
import { QueryView } from '../components/states'
import {
  hasNoLoans,
  isPeriodChoice,
  kpiInputText,
  kpiLink,
  kpiTiming,
  kpiValueText,
  PERIOD_CHOICES,
  periodInput,
  type Dashboard,
  type Kpi,
  type PeriodChoice,
} from '../lib/dashboard'
import { roleLabel } from '../lib/roles'
import { trpc, type StaffRole } from '../lib/trpc'
import { DEFAULT_TIME_ZONE, useCompanyFormat } from '../lib/use-company-format'
import { backupAttentionMessage } from '../lib/backup-schedule'

// The charts library is the largest dependency of the app: loaded only when a dashboard draws charts.
const DashboardCharts = lazy(() => import('./dashboard-charts'))

const SCOPE: Record<StaffRole, string> = {
  ADMIN: 'Figures for the whole company',
  SUPERVISOR: 'Figures for your team',
  CREDIT_OFFICER: 'Figures for your unions',
}

type TrpcUtils = ReturnType<typeof trpc.useUtils>

/** The period the dashboard opens on. */
const FIRST_PERIOD: PeriodChoice = 'thisMonth'

/**
 * What the dashboard asks for as it opens (the first period's figures, an admin's backup state) and the
 * tour's state (it starts on the dashboard on a first sign-in): sent by sign-in the moment it succeeds,
 * so the answers travel while the shell draws (docs/benchmarks.md "Web app: page weight and load time").
 * The same inputs as the page's own queries, so the page finds them in the cache.
 */
export function prefetchDashboard(utils: TrpcUtils, role: StaffRole) {
  const timeZone = utils.settings.public.getData()?.timezone ?? DEFAULT_TIME_ZONE
  const period = periodInput(FIRST_PERIOD, todayIn(timeZone), OPEN_RANGE)
  if (period.ok) void utils.report.dashboard.prefetch(period.value)
  if (role === 'ADMIN') void utils.backupSchedule.get.prefetch()
  void utils.tour.state.prefetch()
}

/**
 * The role's dashboard (docs/product.md §7): KPIs for a chosen period, each explained and linked to the list behind
 * it, and three charts. The server scopes every figure (admin: all; supervisor: team; officer: own unions).
 */
export function DashboardPage() {
  const user = useCurrentUser()
  const format = useCompanyFormat()
  const [choice, setChoice] = useState<PeriodChoice>(FIRST_PERIOD)
  const [custom, setCustom] = useState<DateRange>(OPEN_RANGE)
  const period = periodInput(choice, todayIn(format.timeZone), custom)
  const dashboard = trpc.report.dashboard.useQuery(period.ok ? period.value : {}, {
    enabled: period.ok,
    // A new period keeps the last figures on screen (dimmed) until its own arrive.
    placeholderData: keepPreviousData,
  })

  return (
    <Stack gap="lg">
      <DocumentTitle page="Dashboard" />
      <Group justify="space-between" align="flex-end" gap="md">
        <div>
          <Title order={1}>Welcome, {user.firstName}</Title>
          <Group gap="xs" mt={4}>
            <Badge variant="light">{roleLabel(user.role)}</Badge>
            <Text c="dimmed" size="sm">
              {SCOPE[user.role]}
            </Text>
          </Group>
        </div>
        <Group gap="sm" align="flex-start" w={{ base: '100%', sm: 'auto' }}>
          <Select
            label="Period"
            data={PERIOD_CHOICES.map((option) => ({ ...option }))}
            value={choice}
            onChange={(value) => {
              if (isPeriodChoice(value)) setChoice(value)
            }}
            allowDeselect={false}
            w={{ base: '100%', sm: 170 }}
          />
          {choice === 'custom' ? (
            <DateRangeFilter label="Custom range" value={custom} onChange={setCustom} />
          ) : null}
        </Group>
      </Group>
      {user.role === 'ADMIN' ? <BackupNotice /> : null}
      {period.ok ? null : (
        <Text size="sm" c="dimmed" role="status">
          {period.error}
        </Text>
      )}
      <QueryView query={dashboard} errorTitle="Could not load the dashboard" loading={<DashboardSkeleton />}>
        {(data) => <DashboardBody data={data} isRefreshing={dashboard.isPlaceholderData} />}
      </QueryView>
    </Stack>
  )
}

/** Admins only: the last scheduled backup or restore drill failed (docs/backups.md "Schedule"). */
function BackupNotice() {
  const schedule = trpc.backupSchedule.get.useQuery(undefined, { staleTime: 60_000 })
  const reason = schedule.data ? backupAttentionMessage(schedule.data) : null
  if (reason === null) return null
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} aria-hidden />} title="Backups need attention">
      {reason}{' '}
      <Anchor component={Link} to="/settings/backups">
        Open Settings → Backups
      </Anchor>
    </Alert>
  )
}

function DashboardBody({ data, isRefreshing }: { data: Dashboard; isRefreshing: boolean }) {
  const format = useCompanyFormat()
  const isEmpty = hasNoLoans(data)
  return (
    <Stack gap="lg" aria-busy={isRefreshing} style={{ opacity: isRefreshing ? 0.6 : 1 }}>
      <Text size="sm" c="dimmed">
        Period {format.date(data.period.from)} – {format.date(data.period.to)} · balances as of{' '}
        {format.date(data.today)}
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md" data-tour="dashboard-figures">
        {data.kpis.map((kpi) => (
          <KpiCard key={kpi.key} kpi={kpi} />
        ))}
      </SimpleGrid>
      {isEmpty ? (
        <NoLoansYet />
      ) : (
        <Suspense fallback={<Skeleton height={320} radius="md" aria-label="Loading the charts" />}>
          <DashboardCharts data={data} />
        </Suspense>
      )}
    </Stack>
  )
}

function KpiCard({ kpi }: { kpi: Kpi }) {
  const labelId = useId()
  const link = kpiLink(kpi.key)
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={labelId}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        {link ? (
          <Anchor
            component={Link}
            to={link.to}
            id={labelId}
            size="sm"
            fw={600}
            title={`Open ${link.label.toLowerCase()}`}
          >
            {kpi.label}
            <IconArrowRight size={14} aria-hidden style={{ marginLeft: 4, verticalAlign: 'middle' }} />
          </Anchor>
        ) : (
          <Text id={labelId} size="sm" fw={600}>
            {kpi.label}
          </Text>
        )}
        <KpiExplain kpi={kpi} />
      </Group>
      <Text fz={26} fw={700} mt={4} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {kpiValueText(kpi)}
      </Text>
      <Text size="xs" c="dimmed" mt={2}>
        {kpiTiming(kpi.key)}
      </Text>
    </Card>
  )
}

/** "Explain this number": the definition and the figures it was computed from. */
function KpiExplain({ kpi }: { kpi: Kpi }) {
  const [isOpen, setOpen] = useState(false)
  return (
    <Popover opened={isOpen} onChange={setOpen} width={320} position="bottom-end" withArrow shadow="md">
      <Popover.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={`Explain ${kpi.label}`}
          onClick={() => {
            setOpen((current) => !current)
          }}
          // Focus stays on this button while the explanation shows, so Escape closes it from here.
          onKeyDown={(event) => {
            if (event.key === 'Escape') setOpen(false)
          }}
        >
          <IconInfoCircle size={18} aria-hidden />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            {kpi.label}
          </Text>
          <Text size="sm">{kpi.definition}</Text>
          {kpi.inputs.length > 0 ? (
            <Table fz="sm" withRowBorders={false} verticalSpacing={2} horizontalSpacing={0}>
              <Table.Tbody>
                {kpi.inputs.map((input) => (
                  <Table.Tr key={input.label}>
                    <Table.Td c="dimmed">{input.label}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {kpiInputText(input)}
                    </Table.Td>
                  </Table.Tr>
                ))}
                {kpi.unit === 'RATIO' ? (
                  <Table.Tr>
                    <Table.Td fw={600}>Result</Table.Td>
                    <Table.Td ta="right" fw={600}>
                      {kpiValueText(kpi)}
                    </Table.Td>
                  </Table.Tr>
                ) : null}
              </Table.Tbody>
            </Table>
          ) : null}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  )
}

function NoLoansYet() {
  return (
    <Card withBorder padding="xl">
      <EmptyState
        icon={<IconChartBar aria-hidden />}
        withIndicatorBackground
        title="No loans yet"
        description="Disbursements, collections, arrears and the status of every loan appear here once loans are recorded."
      >
        <EmptyState.Actions>
          <Button
            component={Link}
            to="/members/new"
            variant="default"
            leftSection={<IconUserPlus size={18} aria-hidden />}
          >
            Register a member
          </Button>
          <Button component={Link} to="/loans/new" leftSection={<IconPlus size={18} aria-hidden />}>
            New loan
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Card>
  )
}

function DashboardSkeleton() {
  return (
    <Stack gap="lg" aria-busy aria-label="Loading the dashboard">
      <Skeleton height={16} width={280} />
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
        {Array.from({ length: 9 }, (_, index) => (
          <Card key={index} withBorder padding="md">
            <Skeleton height={14} width="60%" />
            <Skeleton height={28} width="80%" mt="sm" />
            <Skeleton height={10} width="30%" mt="sm" />
          </Card>
        ))}
      </SimpleGrid>
      <Skeleton height={320} radius="md" />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Skeleton height={280} radius="md" />
        <Skeleton height={280} radius="md" />
      </SimpleGrid>
    </Stack>
  )
}
