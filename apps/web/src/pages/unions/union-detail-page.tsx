import { Button, Card, Grid, Group, Stack, Title } from '@mantine/core'
import { IconArrowsExchange, IconPencil, IconTrash, IconUserPlus } from '@tabler/icons-react'
import { keepPreviousData } from '@tanstack/react-query'
import { Link, useNavigate, useParams } from 'react-router'
import { useCurrentUser } from '../../auth/current-user'
import { DataTable } from '../../components/data-table'
import { PagedMemberMoves, UnionAssignmentsTable } from '../../components/history-tables'
import { PageHeader } from '../../components/page-header'
import { ProfileList } from '../../components/profile-list'
import { DetailPage } from '../../components/detail-page'
import { useListPage } from '../../hooks/use-list-page'
import { lendingPermissions } from '../../lib/lending-permissions'
import { trpc, type MemberSort, type UnionDetail } from '../../lib/trpc'
import { describeMeetingRule } from './meeting-rule-fields'
import { useCompanyFormat } from '../../lib/use-company-format'
import { memberColumns } from '../members/member-columns'
import { useUnionActions } from './union-actions'

export function UnionDetailPage() {
  const { id = '' } = useParams()
  const union = trpc.union.get.useQuery({ id })
  return (
    <DetailPage
      back={{ to: '/unions', label: 'All unions' }}
      query={union}
      errorTitle="Could not load this union"
      skeletons={[180]}
    >
      {(data) => <UnionDetailView union={data} />}
    </DetailPage>
  )
}

function UnionDetailView({ union }: { union: UnionDetail }) {
  const permissions = lendingPermissions(useCurrentUser().role)
  const format = useCompanyFormat()
  const navigate = useNavigate()
  const actions = useUnionActions({
    onDeleted: () => {
      void navigate('/unions')
    },
  })

  return (
    <Stack gap="lg">
      <PageHeader
        title={union.name}
        description={union.location ?? undefined}
        actions={
          <>
            {permissions.canEditUnions ? (
              <Button
                variant="default"
                leftSection={<IconPencil size={16} aria-hidden />}
                onClick={() => {
                  actions.open('edit', union)
                }}
              >
                Edit
              </Button>
            ) : null}
            {permissions.canReassignUnions ? (
              <Button
                variant="default"
                leftSection={<IconArrowsExchange size={16} aria-hidden />}
                onClick={() => {
                  actions.open('reassign', union)
                }}
              >
                Reassign
              </Button>
            ) : null}
            {permissions.canDeleteUnions ? (
              <Button
                variant="light"
                color="red"
                leftSection={<IconTrash size={16} aria-hidden />}
                onClick={() => {
                  actions.open('delete', union)
                }}
              >
                Delete
              </Button>
            ) : null}
          </>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder padding="lg" h="100%" component="section" aria-labelledby="union-profile">
            <Title id="union-profile" order={2} size="h4" mb="md">
              Profile
            </Title>
            <ProfileList
              items={[
                ['Credit officer', union.creditOfficerName],
                ['Meets', describeMeetingRule(union)],
                ['Next meeting', union.nextMeeting ? format.date(union.nextMeeting) : 'No meeting day'],
                ['Location', union.location],
                ['Address', union.address],
                ['Members', union.memberCount],
                ['Loans', union.loanCount],
                ['Created', format.date(union.createdAt)],
              ]}
            />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <UnionMembers unionId={union.id} unionName={union.name} />
        </Grid.Col>
      </Grid>
      <Card withBorder padding="lg" component="section" aria-labelledby="union-assignments">
        <Title id="union-assignments" order={2} size="h4" mb="md">
          Officer assignments
        </Title>
        <UnionAssignmentsTable withUnion={false} rows={union.assignments} />
      </Card>
      <Card withBorder padding="lg" component="section" aria-labelledby="union-moves">
        <Title id="union-moves" order={2} size="h4" mb="md">
          Member moves
        </Title>
        <PagedMemberMoves unionId={union.id} />
      </Card>
      {actions.dialog}
    </Stack>
  )
}

const PAGE_SIZE = 10

function UnionMembers({ unionId, unionName }: { unionId: string; unionName: string }) {
  const format = useCompanyFormat()
  const listPage = useListPage<MemberSort>({
    defaultSort: { key: 'name', direction: 'asc' },
    defaultPageSize: PAGE_SIZE,
    isPageSizeFixed: true,
  })
  const members = trpc.member.list.useQuery(listPage.cursorInput({ unionId }), {
    placeholderData: keepPreviousData,
  })
  return (
    <Card withBorder padding="lg" h="100%" component="section" aria-labelledby="union-members">
      <Group justify="space-between" mb="md">
        <Title id="union-members" order={2} size="h4">
          Members
        </Title>
        <Button
          component={Link}
          to={`/members/new?union=${unionId}`}
          variant="light"
          size="sm"
          leftSection={<IconUserPlus size={16} aria-hidden />}
        >
          Register member
        </Button>
      </Group>
      <DataTable
        label={`Members of ${unionName}`}
        columns={memberColumns(format, { withUnion: false })}
        rowKey={(member) => member.id}
        {...listPage.cursorTableProps(members)}
        errorTitle="Could not load the members"
        empty={{ title: 'No members yet', description: 'Register the first member of this union.' }}
        minWidth={520}
      />
    </Card>
  )
}
