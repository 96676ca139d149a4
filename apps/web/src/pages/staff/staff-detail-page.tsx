import {
  Anchor,
  Badge,
  Button,
  Card,
  DataList,
  Grid,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core'
import { Link, useParams } from 'react-router'
import { DataTable, type DataTableColumn } from '../../components/data-table'
import { PageHeader } from '../../components/page-header'
import { DetailPage } from '../../components/detail-page'
import { QueryView } from '../../components/states'
import { LoginResult } from '../../components/login-result'
import { StaffNotes } from '../../components/staff-notes'
import { humanize } from '../../lib/audit-diff'
import { fullName } from '../../lib/roles'
import { trpc, type RouterOutputs, type StaffMember } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import { describeUserAgent } from '../../lib/user-agent'
import { StaffActionsMenu, useStaffActions } from './staff-actions'
import { RoleBadge, StaffStatusBadges } from './staff-status'
import { formatPhone } from '../../lib/format'

type Activity = RouterOutputs['staff']['activity']
type RecentLogin = Activity['recentLogins'][number]

export function StaffDetailPage() {
  const { id = '' } = useParams()
  const staff = trpc.staff.get.useQuery({ id })

  return (
    <DetailPage
      back={{ to: '/staff', label: 'All staff' }}
      query={staff}
      errorTitle="Could not load this member of staff"
      skeletons={[180]}
    >
      {(member) => <StaffDetail staff={member} />}
    </DetailPage>
  )
}

function StaffDetail({ staff }: { staff: StaffMember }) {
  const format = useCompanyFormat()
  const actions = useStaffActions()
  const name = fullName(staff)

  return (
    <Stack gap="lg">
      <PageHeader
        title={name}
        description={staff.email}
        actions={<StaffActionsMenu staff={staff} onAction={actions.open} />}
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder padding="lg" h="100%">
            <Title order={2} size="h4" mb="md">
              Profile
            </Title>
            <DataList labelWidth={170}>
              <DataList.Item>
                <DataList.ItemLabel>Role</DataList.ItemLabel>
                <DataList.ItemValue>
                  <RoleBadge role={staff.role} />
                </DataList.ItemValue>
              </DataList.Item>
              <DataList.Item>
                <DataList.ItemLabel>Status</DataList.ItemLabel>
                <DataList.ItemValue>
                  <StaffStatusBadges staff={staff} />
                </DataList.ItemValue>
              </DataList.Item>
              <DataList.Item>
                <DataList.ItemLabel>Email</DataList.ItemLabel>
                <DataList.ItemValue>{staff.email}</DataList.ItemValue>
              </DataList.Item>
              <DataList.Item>
                <DataList.ItemLabel>Phone</DataList.ItemLabel>
                <DataList.ItemValue>{formatPhone(staff.phone)}</DataList.ItemValue>
              </DataList.Item>
              {staff.role === 'CREDIT_OFFICER' ? (
                <DataList.Item>
                  <DataList.ItemLabel>Supervisor</DataList.ItemLabel>
                  <DataList.ItemValue>
                    {staff.supervisorId && staff.supervisorName ? (
                      <Anchor component={Link} to={`/staff/${staff.supervisorId}`}>
                        {staff.supervisorName}
                      </Anchor>
                    ) : (
                      'None'
                    )}
                  </DataList.ItemValue>
                </DataList.Item>
              ) : null}
              <DataList.Item>
                <DataList.ItemLabel>Added</DataList.ItemLabel>
                <DataList.ItemValue>{format.date(staff.createdAt)}</DataList.ItemValue>
              </DataList.Item>
            </DataList>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <ActivityCard staffId={staff.id} />
        </Grid.Col>
      </Grid>
      <RecentLogins staffId={staff.id} />
      <Card withBorder padding="lg">
        <StaffNotes staffId={staff.id} staffName={name} />
      </Card>
      {actions.dialog}
    </Stack>
  )
}

function ActivityCard({ staffId }: { staffId: string }) {
  const activity = trpc.staff.activity.useQuery({ id: staffId })
  const format = useCompanyFormat()
  return (
    <Card withBorder padding="lg" h="100%">
      <Title order={2} size="h4" mb="md">
        Activity
      </Title>
      <QueryView query={activity} errorTitle="Could not load activity" loading={<Skeleton height={160} />}>
        {(data) => (
          <Stack gap="md">
            <DataList labelWidth={170}>
              <DataList.Item>
                <DataList.ItemLabel>Sign-ins</DataList.ItemLabel>
                <DataList.ItemValue>{data.loginCount}</DataList.ItemValue>
              </DataList.Item>
              <DataList.Item>
                <DataList.ItemLabel>Last sign-in</DataList.ItemLabel>
                <DataList.ItemValue>
                  {data.lastLoginAt ? format.dateTime(data.lastLoginAt) : 'Never'}
                </DataList.ItemValue>
              </DataList.Item>
              <DataList.Item>
                <DataList.ItemLabel>Last active</DataList.ItemLabel>
                <DataList.ItemValue>{format.dateTime(data.lastActivityAt)}</DataList.ItemValue>
              </DataList.Item>
              <DataList.Item>
                <DataList.ItemLabel>Failed sign-ins (30 days)</DataList.ItemLabel>
                <DataList.ItemValue>
                  <Text span c={data.failedLoginsLast30Days > 0 ? 'red' : undefined} fw={500}>
                    {data.failedLoginsLast30Days}
                  </Text>
                </DataList.ItemValue>
              </DataList.Item>
              <DataList.Item>
                <DataList.ItemLabel>Signed in on</DataList.ItemLabel>
                <DataList.ItemValue>
                  {data.activeSessions === 1 ? '1 device' : `${data.activeSessions} devices`}
                </DataList.ItemValue>
              </DataList.Item>
            </DataList>
            <div>
              <Text size="sm" fw={600} mb={4}>
                Actions in the last 30 days
              </Text>
              {data.actionsLast30Days.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Nothing recorded.
                </Text>
              ) : (
                <Table withRowBorders={false} verticalSpacing={4} aria-label="Actions in the last 30 days">
                  <Table.Tbody>
                    {data.actionsLast30Days.map((row) => (
                      <Table.Tr key={row.action}>
                        <Table.Td>{humanize(row.action)}</Table.Td>
                        <Table.Td ta="right">
                          <Badge variant="light" color="gray">
                            {row.count}
                          </Badge>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </div>
          </Stack>
        )}
      </QueryView>
    </Card>
  )
}

function RecentLogins({ staffId }: { staffId: string }) {
  const activity = trpc.staff.activity.useQuery({ id: staffId })
  const format = useCompanyFormat()
  const columns: DataTableColumn<RecentLogin>[] = [
    { key: 'when', header: 'When', render: (row) => format.dateTime(row.createdAt) },
    {
      key: 'result',
      header: 'Result',
      render: (row) => <LoginResult isSuccess={row.isSuccess} failureReason={row.failureReason} />,
    },
    { key: 'ip', header: 'IP address', render: (row) => row.ip ?? '—' },
    {
      key: 'device',
      header: 'Device',
      render: (row) => <span title={row.userAgent ?? undefined}>{describeUserAgent(row.userAgent)}</span>,
    },
  ]
  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" mb="md">
        <Title order={2} size="h4">
          Recent sign-ins
        </Title>
        <Button component={Link} to={`/login-history?user=${staffId}`} variant="subtle" size="xs">
          Full login history
        </Button>
      </Group>
      <DataTable
        label="Recent sign-ins"
        columns={columns}
        rows={activity.data?.recentLogins}
        rowKey={(row) => `${row.createdAt.toISOString()}-${row.ip ?? ''}-${String(row.isSuccess)}`}
        error={activity.error}
        isFetching={activity.isFetching}
        onRetry={() => void activity.refetch()}
        empty={{ title: 'No sign-ins yet' }}
        minWidth={560}
      />
    </Card>
  )
}
