// The tick boxes and the bar above the table that the two bulk tabs (move members, reassign unions) share.
import { Button, Checkbox, Group, Text } from '@mantine/core'
import { IconArrowsExchange } from '@tabler/icons-react'
import type { DataTableColumn } from '../../components/data-table'
import type { Selection } from '../../hooks/use-selection'

/** A first column of tick boxes: one per row, and one in the header for every row on this page. */
export function selectColumn<TRow extends { id: string }>(
  selection: Selection<TRow>,
  rows: readonly TRow[] | undefined,
  labels: { all: string; row: (row: TRow) => string },
): DataTableColumn<TRow> {
  const pageState = selection.pageState(rows)
  return {
    key: 'select',
    card: 'status',
    header: (
      <Checkbox
        aria-label={labels.all}
        checked={pageState.checked}
        indeterminate={pageState.indeterminate}
        onChange={() => {
          selection.toggleAll(rows ?? [])
        }}
      />
    ),
    render: (row) => (
      <Checkbox
        aria-label={labels.row(row)}
        checked={selection.isSelected(row.id)}
        onChange={() => {
          selection.toggle(row)
        }}
      />
    ),
  }
}

/** How many rows are ticked, with "Clear selection" and the bulk action once there are some. */
export function SelectionBar({
  count,
  hint,
  actionLabel,
  onClear,
  onAction,
}: {
  count: number
  /** Shown while nothing is ticked. */
  hint: string
  /** E.g. "Move selected"; the count follows in brackets. */
  actionLabel: string
  onClear: () => void
  onAction: () => void
}) {
  return (
    <Group justify="space-between" mb="sm" mih={36}>
      <Text size="sm" c="dimmed" aria-live="polite">
        {count === 0 ? hint : `${count} selected`}
      </Text>
      {count > 0 ? (
        <Group gap="xs">
          <Button variant="subtle" size="sm" onClick={onClear}>
            Clear selection
          </Button>
          <Button size="sm" leftSection={<IconArrowsExchange size={16} aria-hidden />} onClick={onAction}>
            {actionLabel} ({count})
          </Button>
        </Group>
      ) : null}
    </Group>
  )
}

/** The last column: one button a row, doing the tab's action for that row alone. */
export function rowActionColumn<TRow>(action: {
  label: string
  ariaLabel: (row: TRow) => string
  onAction: (row: TRow) => void
}): DataTableColumn<TRow> {
  return {
    key: 'actions',
    header: 'Actions',
    align: 'right',
    render: (row) => (
      <Button
        size="xs"
        variant="subtle"
        aria-label={action.ariaLabel(row)}
        onClick={() => {
          action.onAction(row)
        }}
      >
        {action.label}
      </Button>
    ),
  }
}
