import { Alert, Anchor, Group, List, Stack, Table, Text } from '@mantine/core'
import { formatNaira } from '@mp/domain'
import { IconAlertCircle, IconAlertTriangle, IconCircleCheck, IconFileTypePdf } from '@tabler/icons-react'
import { receiptUrl } from '../../lib/repayments'
import type { CompanyFormat } from '../../lib/use-company-format'
import type { PostSummary, Sheet } from './sheet-types'
import type { Failure } from './use-sheet-post'

/** Sheets already posted for this union and date, so the same meeting is not posted twice by accident. */
export function AlreadyPosted({
  sheet,
  posted: postedSheets,
  format,
}: {
  sheet: Sheet
  posted: Sheet['postedSheets']
  format: CompanyFormat
}) {
  const count = postedSheets.length
  return (
    <Alert
      color="yellow"
      icon={<IconAlertTriangle aria-hidden />}
      title={`Already posted: ${count} sheet${count === 1 ? '' : 's'} for ${sheet.union.name} on ${format.date(sheet.date)}`}
    >
      <List size="sm" spacing={2}>
        {postedSheets.map((posted) => (
          <List.Item key={posted.id}>
            {formatNaira(posted.total)} in {posted.paymentCount} payment{posted.paymentCount === 1 ? '' : 's'}
            , posted by {posted.postedBy ?? 'a former member of staff'} at {format.dateTime(posted.postedAt)}
          </List.Item>
        ))}
      </List>
      <Text size="sm" mt="xs">
        The amounts below already reflect these payments. Post again only for payments not on them.
      </Text>
    </Alert>
  )
}

/** The sheet just posted, with a receipt for each payment. */
export function PostedSummary({ summary, onClose }: { summary: PostSummary; onClose: () => void }) {
  return (
    <Alert
      color="green"
      icon={<IconCircleCheck aria-hidden />}
      title={
        summary.isReplay ? 'This sheet had already been posted; nothing was posted twice' : 'Sheet posted'
      }
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={onClose}
    >
      <Stack gap="xs">
        <Text size="sm">
          {summary.paymentCount} payment{summary.paymentCount === 1 ? '' : 's'},{' '}
          <Text span fw={700}>
            {formatNaira(summary.total)}
          </Text>{' '}
          in all. Receipts:
        </Text>
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing={4} aria-label="Receipts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Receipt</Table.Th>
                <Table.Th>Member</Table.Th>
                <Table.Th>Loan</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {summary.receipts.map((receipt) => (
                <Table.Tr key={receipt.repaymentId}>
                  <Table.Td>
                    <Anchor
                      href={receiptUrl(receipt.repaymentId)}
                      target="_blank"
                      rel="noopener"
                      size="sm"
                      aria-label={`Receipt ${receipt.receiptNumber} for ${receipt.memberName} (PDF)`}
                    >
                      <Group gap={4} wrap="nowrap">
                        <IconFileTypePdf size={16} aria-hidden />
                        {receipt.receiptNumber}
                      </Group>
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{receipt.memberName}</Table.Td>
                  <Table.Td>{receipt.loanNumber}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {formatNaira(receipt.amount)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Alert>
  )
}

/** A post that failed, or whose outcome is unknown (no answer): what to do next. */
export function PostFailure({ failure, onClose }: { failure: Failure; onClose: () => void }) {
  return (
    <Alert
      color={failure.isOutcomeUnknown ? 'yellow' : 'red'}
      icon={<IconAlertCircle aria-hidden />}
      title={failure.isOutcomeUnknown ? 'Not sure the sheet was posted' : 'The sheet was not posted'}
      role="alert"
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={onClose}
    >
      {failure.message}{' '}
      {failure.isOutcomeUnknown
        ? 'Check "Already posted" above; if the sheet is not there, post it again unchanged — the same sheet is never posted twice.'
        : 'Nothing was posted. Correct the row and post the sheet again.'}
    </Alert>
  )
}
