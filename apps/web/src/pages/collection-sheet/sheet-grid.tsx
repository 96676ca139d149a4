import { Button, Card, Center, EmptyState, Group, Stack, Text } from '@mantine/core'
import { useMediaQuery } from '@mantine/hooks'
import { formatNaira } from '@mp/domain'
import { IconClipboardList } from '@tabler/icons-react'
import { useState } from 'react'
import {
  fillDueAmounts,
  planSheetPost,
  sheetTotals,
  type SheetEntries,
  type SheetEntry,
} from '../../lib/collection-sheet'
import type { RepaymentMethod } from '../../lib/repayments'
import { useCompanyFormat } from '../../lib/use-company-format'
import { AlreadyPosted, PostedSummary, PostFailure } from './sheet-alerts'
import { PostBar, PostConfirm } from './sheet-posting'
import { SheetTable } from './sheet-table'
import type { Sheet } from './sheet-types'
import { useSheetPost } from './use-sheet-post'

/** One union's sheet for one date: the amounts typed in, checked as typed, and posted at once. */
export function SheetGrid({ sheet, isFetching }: { sheet: Sheet; isFetching: boolean }) {
  // Mantine's `sm` breakpoint (48em): below it the grid drops the columns the meeting does not need.
  const isPhone = useMediaQuery('(max-width: 47.99em)')
  const format = useCompanyFormat()
  const [entries, setEntries] = useState<SheetEntries>({})
  const [method, setMethod] = useState<RepaymentMethod>('CASH')
  const [blocker, setBlocker] = useState<string | null>(null)
  const posting = useSheetPost({
    sheet,
    onPosted: () => {
      setEntries({})
    },
  })

  const rows = sheet.rows
  const totals = sheetTotals(rows, entries)
  const plan = planSheetPost(rows, entries)

  function edit(loanId: string, change: (entry: SheetEntry | undefined) => SheetEntry) {
    setEntries((current) => ({ ...current, [loanId]: change(current[loanId]) }))
    setBlocker(null)
    posting.clearFailureOf(loanId)
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
    posting.openConfirm()
  }

  // The sheet this person has just posted is in the green summary, not in the "already posted"
  // warning: that warning is for sheets posted before (by anyone), shown once the summary is dismissed.
  const earlierSheets = sheet.postedSheets.filter((posted) => posted.id !== posting.summary?.sheetId)

  return (
    <Stack gap="lg">
      {posting.summary ? <PostedSummary summary={posting.summary} onClose={posting.dismissSummary} /> : null}
      {earlierSheets.length > 0 ? (
        <AlreadyPosted sheet={sheet} posted={earlierSheets} format={format} />
      ) : null}
      <Card withBorder padding="md">
        <Stack gap="md">
          <Group justify="space-between" align="flex-end" gap="sm">
            <div>
              <Text fw={600}>
                {sheet.union.name} · {format.date(sheet.date)}
                {sheet.isNextMeeting ? ' · next meeting' : ''}
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

          {posting.failure ? (
            <PostFailure failure={posting.failure} onClose={posting.dismissFailure} />
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
            <SheetTable
              rows={rows}
              entries={entries}
              totals={totals}
              format={format}
              isPhone={isPhone}
              isFetching={isFetching}
              failedLoanId={posting.failure?.loanId ?? null}
              onEdit={edit}
            />
          )}

          {rows.length > 0 ? (
            <PostBar
              sheet={sheet}
              totals={totals}
              blocker={blocker}
              format={format}
              method={method}
              onMethod={setMethod}
              onPost={openConfirm}
              isPending={posting.isPending}
            />
          ) : null}
        </Stack>
      </Card>

      <PostConfirm
        opened={posting.isConfirming}
        sheet={sheet}
        plan={plan}
        method={method}
        format={format}
        isPending={posting.isPending}
        onClose={posting.closeConfirm}
        onConfirm={() => {
          if (plan.ok) posting.postSheet(plan, method)
        }}
      />
    </Stack>
  )
}
