import { Alert, Button, Card, Group, MultiSelect, Stack, Title } from '@mantine/core'
import { todayIn } from '@mp/domain'
import { IconAlertCircle, IconCamera } from '@tabler/icons-react'
import { keepPreviousData, skipToken } from '@tanstack/react-query'
import { useState } from 'react'
import { useCurrentUser } from '../../auth/current-user'
import { ExportMenu } from '../../components/export-menu'
import { PageHeader } from '../../components/page-header'
import { QueryView } from '../../components/states'
import { isAsOfNotReady } from '../../lib/as-of-run'
import { AsOfComputation } from './as-of-computation'
import { DEFAULT_PERIOD_CHOICE, periodOf, type PeriodChoice } from '../../lib/report-period'
import { trpc, type RouterInputs } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import { OfficerPerformanceTable, PeriodNote, PeriodPicker, ReportSkeleton } from './report-parts'
import { SaveSnapshotDialog, type SnapshotDraft, newDraft } from './save-snapshot-dialog'
import { DeleteSavedReportDialog, type SavedReportRow, SavedReports, SnapshotDialog } from './saved-reports'

type PerformanceInput = RouterInputs['report']['officerPerformance']
/**
 * /supervisor-reports (admins and supervisors, docs/product.md §7): the team's figures per credit officer for a
 * period, saved as snapshots that keep the figures as they were, listed and reopened later.
 */
export function SupervisorReportsPage() {
  const me = useCurrentUser()
  const format = useCompanyFormat()
  const today = todayIn(format.timeZone)
  const [choice, setChoice] = useState<PeriodChoice>(DEFAULT_PERIOD_CHOICE)
  const [officerIds, setOfficerIds] = useState<string[]>([])
  const [draft, setDraft] = useState<SnapshotDraft | null>(null)
  // The snapshot shown stays set while its dialog closes, so the dialog does not blank as it fades.
  const [opened, setOpened] = useState<{ id: string; isOpen: boolean } | null>(null)
  const [deleting, setDeleting] = useState<SavedReportRow | null>(null)

  const officers = trpc.union.officers.useQuery()
  const period = periodOf(choice, today)
  const input: PerformanceInput | null = period.ok
    ? {
        from: period.value.from,
        to: period.value.to,
        officerIds: officerIds.length > 0 ? officerIds : undefined,
      }
    : null
  const team = trpc.report.officerPerformance.useQuery(input ?? skipToken, {
    placeholderData: keepPreviousData,
  })

  const allOfficers = me.role === 'ADMIN' ? 'All credit officers' : 'All officers in your team'

  return (
    <Stack gap="lg">
      <PageHeader
        title="Supervisor reports"
        description="How each credit officer in the team is performing, with snapshots kept as they were."
      />
      <Card withBorder padding="md" component="section" aria-labelledby="team-view-title">
        <Group justify="space-between" align="flex-start" mb="sm" gap="sm">
          <Title id="team-view-title" order={2} size="h4">
            Team view
          </Title>
          <Group gap="sm">
            <Button
              leftSection={<IconCamera size={18} aria-hidden />}
              disabled={!period.ok}
              onClick={() => {
                if (period.ok) setDraft(newDraft(choice.preset, period.value, format))
              }}
            >
              Save snapshot
            </Button>
            <ExportMenu name="officerPerformance" input={input ?? undefined} disabled={input === null} />
          </Group>
        </Group>
        <Group gap="sm" align="flex-end" mb="md">
          <PeriodPicker value={choice} onChange={setChoice} today={today} period={period} />
          <MultiSelect
            label="Credit officers"
            placeholder={officerIds.length === 0 ? allOfficers : undefined}
            data={(officers.data ?? []).map((officer) => ({ value: officer.id, label: officer.name }))}
            value={officerIds}
            onChange={setOfficerIds}
            searchable
            clearable
            clearButtonProps={{ 'aria-label': 'Clear' }}
            nothingFoundMessage={officers.isLoading ? 'Loading officers…' : 'No credit officer found'}
            error={officers.error ? 'Could not load credit officers' : undefined}
            flex="1 1 260px"
            maw={{ base: '100%', sm: 520 }}
          />
        </Group>
        {input === null ? (
          <Alert color="yellow" variant="light" icon={<IconAlertCircle aria-hidden />}>
            {period.ok ? 'Choose the period.' : period.error}
          </Alert>
        ) : team.data === undefined && isAsOfNotReady(team.error) && input.to !== undefined ? (
          <AsOfComputation
            asOf={input.to}
            format={format}
            what="Running loans, outstanding principal and PAR30"
          />
        ) : (
          <QueryView
            query={team}
            errorTitle="Could not load the team's performance"
            loading={<ReportSkeleton />}
          >
            {(data) => (
              <Stack gap="sm">
                <PeriodNote period={data.period} format={format} />
                <OfficerPerformanceTable data={data} isFetching={team.isFetching} />
              </Stack>
            )}
          </QueryView>
        )}
      </Card>

      <SavedReports
        format={format}
        onOpen={(id) => {
          setOpened({ id, isOpen: true })
        }}
        onDelete={setDeleting}
      />

      {draft && period.ok ? (
        <SaveSnapshotDialog
          draft={draft}
          onDraftChange={setDraft}
          period={period.value}
          officerIds={officerIds}
          officerCount={officerIds.length === 0 ? null : officerIds.length}
          format={format}
          onClose={() => {
            setDraft(null)
          }}
        />
      ) : null}
      <SnapshotDialog
        id={opened?.id ?? null}
        isOpen={opened?.isOpen ?? false}
        format={format}
        onClose={() => {
          setOpened((current) => (current ? { ...current, isOpen: false } : null))
        }}
      />
      <DeleteSavedReportDialog
        report={deleting}
        onClose={() => {
          setDeleting(null)
        }}
        onDeleted={(id) => {
          if (opened?.id === id) setOpened(null)
        }}
      />
    </Stack>
  )
}
