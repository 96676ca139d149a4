import { Button, Card, Select, Stack } from '@mantine/core'
import { IconUserPlus } from '@tabler/icons-react'
import { keepPreviousData } from '@tanstack/react-query'
import { Link } from 'react-router'
import { DataTable } from '../../components/data-table'
import { ExportMenu } from '../../components/export-menu'
import { OfficerFilter, UnionFilter } from '../../components/portfolio-filters'
import { ListFilters } from '../../components/list-filters'
import { PageHeader } from '../../components/page-header'
import { SearchInput } from '../../components/search-input'
import { useListPage } from '../../hooks/use-list-page'
import { countActiveFilters } from '../../lib/list-page'
import { trpc, type MemberSort } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import { memberColumns } from './member-columns'

type VerifiedFilter = 'all' | 'verified' | 'unverified'
type MemberFilters = { unionId: string | null; officerId: string | null; verified: VerifiedFilter }

export function MembersPage() {
  const format = useCompanyFormat()
  const listPage = useListPage<MemberSort, MemberFilters>({
    defaultSort: { key: 'name', direction: 'asc' },
    filters: { unionId: null, officerId: null, verified: 'all' },
  })
  const { debouncedSearch } = listPage
  const { unionId, officerId, verified } = listPage.filters

  const listInput = listPage.cursorInput({
    search: debouncedSearch || undefined,
    unionId: unionId ?? undefined,
    creditOfficerId: officerId ?? undefined,
    isVerified: verified === 'all' ? undefined : verified === 'verified',
  })
  const list = trpc.member.list.useQuery(listInput, { placeholderData: keepPreviousData })
  const isFiltered = debouncedSearch !== '' || unionId !== null || officerId !== null || verified !== 'all'

  return (
    <Stack gap="lg">
      <PageHeader
        title="Members"
        description="Register members, check their identity documents and see their loans."
        actions={
          <>
            <ExportMenu name="members" input={listInput} />
            <Button component={Link} to="/members/new" leftSection={<IconUserPlus size={18} aria-hidden />}>
              Register member
            </Button>
          </>
        }
      />
      <Card withBorder padding="md">
        <ListFilters
          activeCount={countActiveFilters([unionId, officerId, verified !== 'all'])}
          search={
            <SearchInput
              placeholder="Name, code, phone, BVN or NIN"
              value={listPage.search}
              onChange={listPage.setSearch}
            />
          }
        >
          <UnionFilter value={unionId} onChange={listPage.onFilter('unionId')} />
          <OfficerFilter value={officerId} onChange={listPage.onFilter('officerId')} />
          <Select
            label="Verification"
            data={[
              { value: 'all', label: 'Everyone' },
              { value: 'verified', label: 'Verified' },
              { value: 'unverified', label: 'Not verified' },
            ]}
            value={verified}
            onChange={(value) => {
              listPage.setFilter('verified', value ?? 'all')
            }}
            allowDeselect={false}
            w={{ base: '100%', sm: 150 }}
          />
        </ListFilters>
        <DataTable
          label="Members"
          columns={memberColumns(format, { withUnion: true })}
          rowKey={(member) => member.id}
          errorTitle="Could not load members"
          empty={
            isFiltered
              ? { title: 'No members match', description: 'Try another search or clear the filters.' }
              : { title: 'No members yet', description: 'Register the first member with “Register member”.' }
          }
          {...listPage.cursorTableProps(list)}
          minWidth={760}
        />
      </Card>
    </Stack>
  )
}
