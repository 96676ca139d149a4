import { Button, Card, Group, Select, Stack, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconSearch, IconUserPlus } from '@tabler/icons-react'
import { keepPreviousData } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router'
import { useCurrentUser } from '../../auth/current-user'
import { DataTable, type SortState } from '../../components/data-table'
import { ExportMenu } from '../../components/export-menu'
import { OfficerSelect } from '../../components/officer-select'
import { PageHeader } from '../../components/page-header'
import { UnionSelect } from '../../components/union-select'
import { trpc, type MemberSort } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import { memberColumns } from './member-columns'

type VerifiedFilter = 'all' | 'verified' | 'unverified'

const DEFAULT_PAGE_SIZE = 20

export function MembersPage() {
  const me = useCurrentUser()
  const format = useCompanyFormat()
  const [search, setSearch] = useState('')
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300)
  const [unionId, setUnionId] = useState<string | null>(null)
  const [officerId, setOfficerId] = useState<string | null>(null)
  const [verified, setVerified] = useState<VerifiedFilter>('all')
  const [sort, setSort] = useState<SortState<MemberSort>>({ key: 'name', direction: 'asc' })
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(DEFAULT_PAGE_SIZE)

  const listInput = {
    search: debouncedSearch || undefined,
    unionId: unionId ?? undefined,
    creditOfficerId: officerId ?? undefined,
    isVerified: verified === 'all' ? undefined : verified === 'verified',
    sort: sort.key,
    direction: sort.direction,
    page,
    pageSize,
  }
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
        <Group gap="sm" align="flex-end" mb="md">
          <TextInput
            label="Search"
            placeholder="Name, code, phone, BVN or NIN"
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(event) => {
              setSearch(event.currentTarget.value)
              setPage(1)
            }}
            flex="1 1 220px"
          />
          <UnionSelect
            label="Union"
            placeholder="Any union"
            clearable
            value={unionId}
            onChange={(value) => {
              setUnionId(value)
              setPage(1)
            }}
            w={{ base: '100%', sm: 220 }}
          />
          {me.role === 'CREDIT_OFFICER' ? null : (
            <OfficerSelect
              label="Credit officer"
              placeholder="Any officer"
              clearable
              value={officerId}
              onChange={(value) => {
                setOfficerId(value)
                setPage(1)
              }}
              w={{ base: '100%', sm: 220 }}
            />
          )}
          <Select
            label="Verification"
            data={[
              { value: 'all', label: 'Everyone' },
              { value: 'verified', label: 'Verified' },
              { value: 'unverified', label: 'Not verified' },
            ]}
            value={verified}
            onChange={(value) => {
              setVerified(value ?? 'all')
              setPage(1)
            }}
            allowDeselect={false}
            w={{ base: '100%', sm: 150 }}
          />
        </Group>
        <DataTable
          label="Members"
          columns={memberColumns(format, { withUnion: true })}
          rows={list.data?.items}
          rowKey={(member) => member.id}
          error={list.error}
          isFetching={list.isFetching}
          onRetry={() => void list.refetch()}
          errorTitle="Could not load members"
          empty={
            isFiltered
              ? { title: 'No members match', description: 'Try another search or clear the filters.' }
              : { title: 'No members yet', description: 'Register the first member with “Register member”.' }
          }
          sort={sort}
          onSortChange={(next) => {
            setSort(next)
            setPage(1)
          }}
          pagination={{
            page,
            pageSize,
            total: list.data?.total ?? 0,
            onPageChange: setPage,
            onPageSizeChange: (next) => {
              setPageSize(next)
              setPage(1)
            },
          }}
          minWidth={760}
        />
      </Card>
    </Stack>
  )
}
