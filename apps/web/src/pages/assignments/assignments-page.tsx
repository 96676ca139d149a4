import { Card, Stack, Tabs, Title } from '@mantine/core'
import { IconArrowsExchange, IconHistory, IconUsers } from '@tabler/icons-react'
import { useSearchParams } from 'react-router'
import { useCurrentUser } from '../../auth/current-user'
import { PagedMemberMoves, PagedUnionAssignments } from '../../components/history-tables'
import { PageHeader } from '../../components/page-header'
import { lendingPermissions } from '../../lib/lending-permissions'
import { MemberMovesTab } from './member-moves-tab'
import { UnionAssignmentsTab } from './union-assignments-tab'

type Tab = 'unions' | 'members' | 'history'

/** /assignments (admin, supervisor): unions to officers, members to unions, and the history of both. */
export function AssignmentsPage() {
  const permissions = lendingPermissions(useCurrentUser().role)
  const [searchParams, setSearchParams] = useSearchParams()
  const requested = searchParams.get('tab')
  const tab: Tab =
    requested === 'history' || (requested === 'members' && permissions.canMoveMembers) ? requested : 'unions'

  return (
    <Stack gap="lg">
      <PageHeader
        title="Assignments"
        description="Move unions between credit officers and members between unions, with a reason. Loans follow."
      />
      <Tabs
        value={tab}
        onChange={(value) => {
          setSearchParams(value && value !== 'unions' ? { tab: value } : {}, { replace: true })
        }}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="unions" leftSection={<IconArrowsExchange size={16} aria-hidden />}>
            Unions
          </Tabs.Tab>
          {permissions.canMoveMembers ? (
            <Tabs.Tab value="members" leftSection={<IconUsers size={16} aria-hidden />}>
              Members
            </Tabs.Tab>
          ) : null}
          <Tabs.Tab value="history" leftSection={<IconHistory size={16} aria-hidden />}>
            History
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="unions" pt="md">
          <UnionAssignmentsTab />
        </Tabs.Panel>
        {permissions.canMoveMembers ? (
          <Tabs.Panel value="members" pt="md">
            <MemberMovesTab />
          </Tabs.Panel>
        ) : null}
        <Tabs.Panel value="history" pt="md">
          <Stack gap="lg">
            <Card withBorder padding="lg" component="section" aria-labelledby="history-unions">
              <Title id="history-unions" order={2} size="h4" mb="md">
                Union reassignments
              </Title>
              <PagedUnionAssignments />
            </Card>
            <Card withBorder padding="lg" component="section" aria-labelledby="history-members">
              <Title id="history-members" order={2} size="h4" mb="md">
                Member moves
              </Title>
              <PagedMemberMoves />
            </Card>
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  )
}
