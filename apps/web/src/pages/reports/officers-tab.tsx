// Reports → Officer performance.
import { Card, Stack } from '@mantine/core'
import { keepPreviousData, skipToken } from '@tanstack/react-query'
import { isAsOfNotReady } from '../../lib/as-of-run'
import { periodOf, type PeriodChoice } from '../../lib/report-period'
import { trpc, type RouterInputs } from '../../lib/trpc'
import { type CompanyFormat } from '../../lib/use-company-format'
import { AsOfComputation } from './as-of-computation'
import {
  FilterBar,
  InvalidChoice,
  OfficerPerformanceTable,
  PeriodNote,
  PeriodPicker,
  ReportView,
} from './report-parts'

export function OfficersTab({
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
