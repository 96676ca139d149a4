import { Button, Group, Progress, Stack, Text } from '@mantine/core'
import { skipToken } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { AS_OF_POLL_MS, asOfProgress } from '../../lib/as-of-run'
import { messageOf } from '../../lib/errors'
import { trpc } from '../../lib/trpc'
import type { CompanyFormat } from '../../lib/use-company-format'
import { InfoNote } from './report-parts'

/**
 * The portfolio as of a past date, computed on the server in the background (docs/reports.md): starts the
 * computation (or joins the one already running for that date), shows its progress, and reloads the
 * report when it is done. Nothing heavy happens in a request, so the page stays responsive.
 */
export function AsOfComputation({
  asOf,
  format,
  what,
}: {
  asOf: string
  format: CompanyFormat
  /** What is missing until it is done, e.g. "The loans". */
  what: string
}) {
  const utils = trpc.useUtils()
  const start = trpc.report.asOfStart.useMutation()
  const [runId, setRunId] = useState<string | null>(null)
  const status = trpc.report.asOfStatus.useQuery(runId === null ? skipToken : { id: runId }, {
    refetchInterval: (query) => (query.state.data?.state === 'RUNNING' ? AS_OF_POLL_MS : false),
    staleTime: 0,
  })
  const begin = start.mutate

  useEffect(() => {
    // Starting twice (a remount) is harmless: the server answers the run already computing that date.
    begin(
      { asOf },
      {
        onSuccess: (run) => {
          setRunId(run.id)
        },
      },
    )
  }, [asOf, begin])

  const run = status.data ?? start.data ?? null
  const state = run?.state
  useEffect(() => {
    if (state === 'DONE') {
      void utils.report.portfolio.invalidate()
      void utils.report.officerPerformance.invalidate()
    }
  }, [state, utils])

  const progress = asOfProgress(run)
  const failed = start.error ? messageOf(start.error) : state === 'FAILED' ? progress.label : null
  return (
    <InfoNote>
      <Stack gap="xs">
        <Text size="sm">
          <Text span fw={700}>
            Computing the portfolio as of {format.date(asOf)}.
          </Text>{' '}
          {what} as of that day are worked out from the loans' histories on the server; this page updates when
          they are ready.
        </Text>
        {failed === null ? (
          <>
            <Progress.Root size="lg">
              <Progress.Section
                value={progress.percent ?? 100}
                animated={progress.percent === null || progress.percent < 100}
                withAria={false}
                role="progressbar"
                aria-label="Computation progress"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={progress.percent ?? undefined}
                aria-valuetext={progress.label}
              />
            </Progress.Root>
            <Text size="xs" c="dimmed" aria-live="polite">
              {progress.label}
            </Text>
          </>
        ) : (
          <Group justify="space-between">
            <Text size="sm" c="red">
              {failed}
            </Text>
            <Button
              size="xs"
              variant="default"
              onClick={() => {
                setRunId(null)
                begin(
                  { asOf },
                  {
                    onSuccess: (next) => {
                      setRunId(next.id)
                    },
                  },
                )
              }}
            >
              Try again
            </Button>
          </Group>
        )}
      </Stack>
    </InfoNote>
  )
}
