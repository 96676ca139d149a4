import { Anchor, Badge, Stack, Text } from '@mantine/core'
import { Link } from 'react-router'
import type { DataTableColumn } from '../../components/data-table'
import { formatPhone, memberName } from '../../lib/member-rules'
import type { MemberRow, MemberSort } from '../../lib/trpc'
import type { CompanyFormat } from '../../lib/use-company-format'

export function VerifiedBadge({ isVerified }: { isVerified: boolean }) {
  return isVerified ? (
    <Badge color="green" variant="light">
      Verified
    </Badge>
  ) : (
    <Badge color="gray" variant="light">
      Not verified
    </Badge>
  )
}

/** Columns of a member list; the union and officer columns are left out on a union's own page. */
export function memberColumns(
  format: CompanyFormat,
  { withUnion }: { withUnion: boolean },
): DataTableColumn<MemberRow, MemberSort>[] {
  return [
    {
      key: 'code',
      header: 'Code',
      sortKey: 'code',
      render: (member) => (
        <Text size="sm" ff="monospace">
          {member.code}
        </Text>
      ),
    },
    {
      key: 'name',
      header: 'Name',
      sortKey: 'name',
      card: 'title',
      render: (member) => (
        <Stack gap={0}>
          <Anchor component={Link} to={`/members/${member.id}`} fw={600} size="sm">
            {memberName(member)}
          </Anchor>
          {member.bvnLast4 ? (
            <Text size="xs" c="dimmed">
              BVN ••••{member.bvnLast4}
            </Text>
          ) : null}
        </Stack>
      ),
    },
    {
      key: 'phone',
      header: 'Phone',
      visibleFrom: 'sm',
      card: 'detail',
      render: (member) => (
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatPhone(member.phone)}
        </Text>
      ),
    },
    ...(withUnion
      ? [
          {
            key: 'union',
            header: 'Union',
            render: (member: MemberRow) => (
              <Stack gap={0}>
                <Anchor component={Link} to={`/unions/${member.unionId}`} size="sm">
                  {member.unionName}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {member.creditOfficerName}
                </Text>
              </Stack>
            ),
          },
        ]
      : []),
    {
      key: 'verified',
      header: 'Status',
      card: 'status',
      render: (member) => <VerifiedBadge isVerified={member.isVerified} />,
    },
    {
      key: 'created',
      header: 'Registered',
      sortKey: 'createdAt',
      visibleFrom: 'md',
      render: (member) => format.date(member.createdAt),
    },
  ]
}
