import { Button, Card, Center, EmptyState, Group, Skeleton, Stack } from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { isIsoDate, todayIn } from '@mp/domain'
import { IconClipboardList, IconPrinter } from '@tabler/icons-react'
import { useSearchParams } from 'react-router'
import { ExportMenu } from '../../components/export-menu'
import { PageHeader } from '../../components/page-header'
import { QueryView } from '../../components/states'
import { UnionSelect } from '../../components/union-select'
import { parseTypedDay } from '../../lib/day-input'
import { PRINT_CSS } from '../../lib/print'
import { trpc } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import { SheetGrid } from './sheet-grid'

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
  // No date asked for: the server opens the sheet on the union's next meeting (today without one).
  const requested = dateParam !== null && isIsoDate(dateParam) ? dateParam : undefined
  const opened = trpc.collectionSheet.get.useQuery(
    { unionId: unionId ?? '', date: requested },
    { enabled: unionId !== null },
  )
  const date = requested ?? opened.data?.date ?? today
  const nextMeeting = opened.data?.nextMeeting ?? null

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
            maxDate={nextMeeting !== null && nextMeeting > today ? nextMeeting : today}
            onChange={(next) => {
              if (next !== null) choose({ date: next.slice(0, 10) })
            }}
            description={
              date === nextMeeting
                ? date > today
                  ? 'Next meeting: print it now, post on the day'
                  : 'Next meeting'
                : undefined
            }
            error={date > today && date !== nextMeeting ? 'The date cannot be in the future' : undefined}
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
        <SheetLoader key={`${unionId}:${requested ?? 'next'}`} unionId={unionId} date={requested} />
      )}
    </Stack>
  )
}

function SheetLoader({ unionId, date }: { unionId: string; date: string | undefined }) {
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
