import { Table } from '@mantine/core'

/** The columns every schedule table opens with (the proposed schedule and the loan's position): #, due date, principal, interest and, when the loan charges one, fee. */
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
