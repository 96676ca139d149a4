import { Alert, Button, Group, List, Select, Stack, Text } from '@mantine/core'
import { formatNaira } from '@mp/domain'
import { IconAlertCircle, IconAlertTriangle } from '@tabler/icons-react'
import { ConfirmDialog } from '../../components/confirm-dialog'
import type { SheetPlan, SheetTotals } from '../../lib/collection-sheet'
import {
  REPAYMENT_METHOD_OPTIONS,
  isRepaymentMethod,
  methodLabel,
  type RepaymentMethod,
} from '../../lib/repayments'
import type { CompanyFormat } from '../../lib/use-company-format'
import type { Sheet } from './sheet-types'

/** Under the grid: what has been typed, why it cannot be posted yet, the payment method and the button. */
export function PostBar({
  sheet,
  totals,
  blocker,
  format,
  method,
  onMethod,
  onPost,
  isPending,
}: {
  sheet: Sheet
  totals: SheetTotals
  blocker: string | null
  format: CompanyFormat
  method: RepaymentMethod
  onMethod: (method: RepaymentMethod) => void
  onPost: () => void
  isPending: boolean
}) {
  const isFuture = sheet.date > sheet.today
  return (
    <Stack gap="sm" data-print-hidden>
      <Text size="sm" aria-live="polite">
        Entered{' '}
        <Text span fw={700}>
          {formatNaira(totals.entered)}
        </Text>{' '}
        from {totals.count} member{totals.count === 1 ? '' : 's'}, against {formatNaira(totals.due)} due
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
            if (isRepaymentMethod(value)) onMethod(value)
          }}
          allowDeselect={false}
          w={{ base: '100%', sm: 200 }}
        />
        <Button onClick={onPost} disabled={isFuture} loading={isPending}>
          Post sheet
        </Button>
      </Group>
    </Stack>
  )
}

/** "Post this sheet?": every payment about to be posted, and a warning if the meeting was posted before. */
export function PostConfirm({
  opened,
  sheet,
  plan,
  method,
  format,
  isPending,
  onClose,
  onConfirm,
}: {
  opened: boolean
  sheet: Sheet
  plan: SheetPlan
  method: RepaymentMethod
  format: CompanyFormat
  isPending: boolean
  onClose: () => void
  onConfirm: () => void
}) {
  const postedCount = sheet.postedSheets.length
  return (
    <ConfirmDialog
      opened={opened}
      onClose={onClose}
      title="Post this collection sheet?"
      message={
        plan.ok ? (
          <Stack gap="xs">
            <Text size="sm">
              {plan.rows.length} payment{plan.rows.length === 1 ? '' : 's'} totalling{' '}
              <Text span fw={700}>
                {formatNaira(plan.total)}
              </Text>{' '}
              for {sheet.union.name} on {format.date(sheet.date)}, paid by {methodLabel(method).toLowerCase()}
              .
            </Text>
            <List size="sm" spacing={2} mah={200} style={{ overflowY: 'auto' }}>
              {plan.rows.map((postRow, index) => {
                const row = sheet.rows[plan.gridIndexes[index] ?? -1]
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
            {postedCount > 0 ? (
              <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />}>
                This union already has {postedCount} sheet
                {postedCount === 1 ? '' : 's'} posted for this date. Post only payments that are not on{' '}
                {postedCount === 1 ? 'it' : 'them'}.
              </Alert>
            ) : null}
          </Stack>
        ) : (
          'Correct the highlighted rows first.'
        )
      }
      confirmLabel="Post sheet"
      onConfirm={onConfirm}
      isPending={isPending}
      isConfirmDisabled={!plan.ok}
    />
  )
}
