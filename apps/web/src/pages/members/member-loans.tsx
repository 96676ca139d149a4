import { Anchor, Button, EmptyState, Group, Skeleton, Table, Text } from '@mantine/core'
import { formatNaira } from '@mp/domain'
import { IconCash, IconPlus } from '@tabler/icons-react'
import { Link } from 'react-router'
import { QueryView } from '../../components/states'
import { trpc } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import { LoanStatusBadge } from '../loans/loan-status-badge'

/** A member's loans, newest first, with a shortcut to a new application for them. */
export function MemberLoans({ memberId, memberName }: { memberId: string; memberName: string }) {
  const format = useCompanyFormat()
  const loans = trpc.loan.list.useQuery({ memberId, pageSize: 50, sort: 'createdAt', direction: 'desc' })
  return (
    <QueryView
      query={loans}
      loading={<Skeleton height={120} />}
      errorTitle="Could not load the member's loans"
    >
      {(page) => (
        <>
          {page.items.length === 0 ? (
            <EmptyState
              icon={<IconCash aria-hidden />}
              withIndicatorBackground
              title="No loans yet"
              description={`${memberName}'s applications, schedules and repayments will show here.`}
            />
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table striped aria-label={`Loans of ${memberName}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Loan</Table.Th>
                    <Table.Th>Type</Table.Th>
                    <Table.Th ta="right">Principal</Table.Th>
                    <Table.Th>Start</Table.Th>
                    <Table.Th>Status</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((loan) => (
                    <Table.Tr key={loan.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/loans/${loan.id}`}>
                          {loan.loanNumber}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{loan.loanTypeName}</Table.Td>
                      <Table.Td ta="right">{formatNaira(loan.principal)}</Table.Td>
                      <Table.Td>{format.date(loan.startDate)}</Table.Td>
                      <Table.Td>
                        <LoanStatusBadge status={loan.status} daysPastDue={loan.daysPastDue} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Group mt="md" justify="space-between">
            <Text size="sm" c="dimmed">
              {page.total === 1 ? '1 loan' : `${String(page.total)} loans`}
            </Text>
            <Button
              component={Link}
              to={`/loans/new?member=${memberId}`}
              leftSection={<IconPlus size={16} aria-hidden />}
              variant="light"
            >
              New loan for {memberName}
            </Button>
          </Group>
        </>
      )}
    </QueryView>
  )
}
