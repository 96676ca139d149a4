import { Table } from '@mantine/core'
import { formatNaira } from '@mp/domain'

/**
 * The columns every schedule table opens with (the proposed schedule and the loan's position): #, due
 * date, principal, interest and, when the loan charges one, fee.
 */
export function ScheduleHeadCells({ hasFee }: { hasFee: boolean }) {
  return (
    <>
      <Table.Th>#</Table.Th>
      <Table.Th>Due date</Table.Th>
      <Table.Th ta="right">Principal</Table.Th>
      <Table.Th ta="right">Interest</Table.Th>
      {hasFee ? <Table.Th ta="right">Fee</Table.Th> : null}
    </>
  )
}

/** The totals row's cells under those columns: "Total" across # and due date, then the sums. */
export function ScheduleTotalCells({
  principal,
  interest,
  fee,
  hasFee,
}: {
  principal: number
  interest: number
  fee: number
  hasFee: boolean
}) {
  return (
    <>
      <Table.Th colSpan={2} scope="row">
        Total
      </Table.Th>
      <Table.Td ta="right">{formatNaira(principal)}</Table.Td>
      <Table.Td ta="right">{formatNaira(interest)}</Table.Td>
      {hasFee ? <Table.Td ta="right">{formatNaira(fee)}</Table.Td> : null}
    </>
  )
}
