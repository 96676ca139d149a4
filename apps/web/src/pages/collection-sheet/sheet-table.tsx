import { Anchor, Badge, Button, Group, Table, Text, TextInput } from '@mantine/core'
import { formatNaira } from '@mp/domain'
import { Link } from 'react-router'
import {
  EMPTY_ENTRY,
  MAX_REFERENCE_LENGTH,
  rowProblem,
  withAmount,
  withAmountText,
  type SheetEntries,
  type SheetEntry,
  type SheetTotals,
} from '../../lib/collection-sheet'
import type { CompanyFormat } from '../../lib/use-company-format'
import { amountInputId, type SheetRowData } from './sheet-types'

type EditEntry = (loanId: string, change: (entry: SheetEntry | undefined) => SheetEntry) => void

/** The grid: one row per running loan, what is due, and what the member paid typed in. */
export function SheetTable({
  rows,
  entries,
  totals,
  format,
  isPhone,
  isFetching,
  failedLoanId,
  onEdit,
}: {
  rows: readonly SheetRowData[]
  entries: SheetEntries
  totals: SheetTotals
  format: CompanyFormat
  isPhone: boolean
  isFetching: boolean
  failedLoanId: string | null
  onEdit: EditEntry
}) {
  return (
    // On a phone the sheet keeps what the officer types at the meeting: member, due, amount.
    <Table.ScrollContainer minWidth={isPhone ? 0 : 900}>
      <Table verticalSpacing="xs" aria-label="Collection sheet" aria-busy={isFetching}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>#</Table.Th>
            <Table.Th>Member</Table.Th>
            <Table.Th visibleFrom="sm">Loan</Table.Th>
            <Table.Th ta="right" visibleFrom="sm">
              Due now
            </Table.Th>
            <Table.Th ta="right" visibleFrom="sm">
              Days past due
            </Table.Th>
            <Table.Th miw={isPhone ? 150 : 200}>Amount paid (₦)</Table.Th>
            <Table.Th miw={160} visibleFrom="sm">
              Reference
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, index) => (
            <SheetRow
              key={row.loanId}
              index={index}
              row={row}
              entry={entries[row.loanId]}
              format={format}
              isFailed={failedLoanId === row.loanId}
              onAmount={(text) => {
                onEdit(row.loanId, (entry) => withAmountText(entry, text))
              }}
              onFillDue={() => {
                onEdit(row.loanId, (entry) => withAmount(entry, row.dueNow))
              }}
              onReference={(reference) => {
                onEdit(row.loanId, (entry) => ({ ...(entry ?? EMPTY_ENTRY), reference }))
              }}
            />
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th colSpan={isPhone ? 2 : 3} scope="row">
              Total
            </Table.Th>
            <Table.Td ta="right" fw={700} style={{ whiteSpace: 'nowrap' }} visibleFrom="sm">
              {formatNaira(totals.due)}
            </Table.Td>
            <Table.Td visibleFrom="sm" />
            <Table.Td fw={700} style={{ whiteSpace: 'nowrap' }}>
              {formatNaira(totals.entered)}
            </Table.Td>
            <Table.Td visibleFrom="sm" />
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  )
}

function SheetRow({
  index,
  row,
  entry,
  format,
  isFailed,
  onAmount,
  onFillDue,
  onReference,
}: {
  index: number
  row: SheetRowData
  entry: SheetEntry | undefined
  format: CompanyFormat
  isFailed: boolean
  onAmount: (text: string) => void
  onFillDue: () => void
  onReference: (reference: string) => void
}) {
  const problem = rowProblem(row, entry)
  const amountError = isFailed
    ? 'The server refused this row (see the message above)'
    : (problem ?? undefined)
  const hasProblem = amountError !== undefined
  return (
    <Table.Tr
      bg={hasProblem ? 'var(--mantine-color-red-light)' : undefined}
      data-failed={isFailed || undefined}
      style={{ verticalAlign: 'top' }}
    >
      <Table.Td>
        <Text size="sm" c="dimmed">
          {index + 1}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={500}>
          {row.memberName}
        </Text>
        <Text size="xs" c="dimmed">
          {row.memberCode}
        </Text>
        <Text size="xs" hiddenFrom="sm">
          {row.loanNumber} · due <strong>{formatNaira(row.dueNow)}</strong>
          {row.daysPastDue > 0 ? ` · ${String(row.daysPastDue)} days late` : ''}
        </Text>
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <Anchor component={Link} to={`/loans/${row.loanId}`} size="sm">
          {row.loanNumber}
        </Anchor>
        {row.status === 'DEFAULTED' ? (
          <Badge miw="max-content" ml={6} size="xs" color="red" variant="light">
            Defaulted
          </Badge>
        ) : null}
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} visibleFrom="sm">
        <Text size="sm" fw={600}>
          {formatNaira(row.dueNow)}
        </Text>
        {row.overdue > 0 ? (
          <Text size="xs" c="red">
            incl. {formatNaira(row.overdue)} arrears
          </Text>
        ) : null}
        {row.dueNow === 0 && row.nextDueDate ? (
          <Text size="xs" c="dimmed">
            next {formatNaira(row.nextDueAmount)} on {format.date(row.nextDueDate)}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td ta="right" visibleFrom="sm">
        <Text
          size="sm"
          c={row.daysPastDue > 0 ? 'red' : undefined}
          fw={row.daysPastDue > 0 ? 700 : undefined}
        >
          {row.daysPastDue}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap" align="flex-start">
          <TextInput
            id={amountInputId(row.loanId)}
            aria-label={`Amount paid by ${row.memberName}`}
            placeholder="0.00"
            inputMode="decimal"
            autoComplete="off"
            value={entry?.amountText ?? ''}
            onChange={(event) => {
              onAmount(event.currentTarget.value)
            }}
            error={amountError}
            size="sm"
            flex={1}
            miw={120}
          />
          <Button
            variant="light"
            size="sm"
            px="xs"
            onClick={onFillDue}
            disabled={row.dueNow === 0}
            aria-label={`Fill the due amount for ${row.memberName}`}
            data-print-hidden
          >
            Due
          </Button>
        </Group>
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <TextInput
          aria-label={`Reference for ${row.memberName}`}
          placeholder="Optional"
          autoComplete="off"
          maxLength={MAX_REFERENCE_LENGTH}
          value={entry?.reference ?? ''}
          onChange={(event) => {
            onReference(event.currentTarget.value)
          }}
          size="sm"
        />
      </Table.Td>
    </Table.Tr>
  )
}
