import { Anchor, Button, Card, Group, Select, Stack, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconSearch, IconUserPlus } from '@tabler/icons-react'
import { keepPreviousData } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router'
import { useCurrentUser } from '../../auth/current-user'
import { DataTable, type DataTableColumn, type SortState } from '../../components/data-table'
import { ExportMenu } from '../../components/export-menu'
import { PageHeader } from '../../components/page-header'
import { fullName, roleLabel, STAFF_ROLES } from '../../lib/roles'
import { trpc, type StaffMember, type StaffRole, type StaffSort } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import { StaffActionsMenu, useStaffActions } from './staff-actions'
import { CreateStaffDialog } from './staff-dialogs'
import { RoleBadge, StaffStatusBadges } from './staff-status'

type StatusFilter = 'all' | 'active' | 'inactive'

const DEFAULT_PAGE_SIZE = 20

export function StaffPage() {
  const me = useCurrentUser()
  const isAdmin = me.role === 'ADMIN'
  const format = useCompanyFormat()
  const [search, setSearch] = useState('')
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300)
  const [role, setRole] = useState<StaffRole | null>(null)
  const [status, setStatus] = useState<StatusFilter>('all')
  const [supervisorId, setSupervisorId] = useState<string | null>(null)
  const [sort, setSort] = useState<SortState<StaffSort>>({ key: 'name', direction: 'asc' })
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(DEFAULT_PAGE_SIZE)
  const [isCreating, setIsCreating] = useState(false)
  const actions = useStaffActions()

  const listInput = {
    search: debouncedSearch || undefined,
    role: role ?? undefined,
    isActive: status === 'all' ? undefined : status === 'active',
    supervisorId: supervisorId ?? undefined,
    sort: sort.key,
    direction: sort.direction,
    page,
    pageSize,
  }
  // Keep the current rows on screen while the next page or filter loads.
  const list = trpc.staff.list.useQuery(listInput, { placeholderData: keepPreviousData })
  const supervisors = trpc.staff.supervisors.useQuery(undefined, { enabled: isAdmin })

  const columns: DataTableColumn<StaffMember, StaffSort>[] = [
    {
      key: 'name',
      header: 'Name',
      sortKey: 'name',
      render: (staff) => (
        <Stack gap={0}>
          <Anchor component={Link} to={`/staff/${staff.id}`} fw={600} size="sm">
            {fullName(staff)}
          </Anchor>
          {/* The email column is hidden on narrow screens; it is shown here instead. */}
          <Text size="xs" c="dimmed" hiddenFrom="md">
            {staff.email}
          </Text>
          {staff.phone ? (
            <Text size="xs" c="dimmed">
              {staff.phone}
            </Text>
          ) : null}
        </Stack>
      ),
    },
    { key: 'email', header: 'Email', sortKey: 'email', visibleFrom: 'md', render: (staff) => staff.email },
    { key: 'role', header: 'Role', sortKey: 'role', render: (staff) => <RoleBadge role={staff.role} /> },
    {
      key: 'supervisor',
      header: 'Supervisor',
      visibleFrom: 'md',
      render: (staff) => staff.supervisorName ?? (staff.role === 'CREDIT_OFFICER' ? 'None' : '—'),
    },
    { key: 'status', header: 'Status', render: (staff) => <StaffStatusBadges staff={staff} /> },
    {
      key: 'lastLogin',
      header: 'Last sign-in',
      sortKey: 'lastLoginAt',
      render: (staff) => (staff.lastLoginAt ? format.dateTime(staff.lastLoginAt) : 'Never'),
    },
    {
      key: 'created',
      header: 'Added',
      sortKey: 'createdAt',
      visibleFrom: 'lg',
      render: (staff) => format.date(staff.createdAt),
    },
    {
      key: 'actions',
      header: 'Actions',
      align: 'right',
      render: (staff) => <StaffActionsMenu staff={staff} onAction={actions.open} />,
    },
  ]

  const isFiltered = debouncedSearch !== '' || role !== null || status !== 'all' || supervisorId !== null

  return (
    <Stack gap="lg">
      <PageHeader
        title="Staff & roles"
        description={
          isAdmin
            ? 'Staff accounts, roles, supervisors and activation.'
            : 'You and the credit officers in your team.'
        }
        actions={
          <>
            <ExportMenu name="staff" input={listInput} />
            <Button
              leftSection={<IconUserPlus size={18} aria-hidden />}
              onClick={() => {
                setIsCreating(true)
              }}
            >
              Add staff member
            </Button>
          </>
        }
      />
      <Card withBorder padding="md">
        <Group gap="sm" align="flex-end" mb="md">
          <TextInput
            label="Search"
            placeholder="Name, email or phone"
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(event) => {
              setSearch(event.currentTarget.value)
              setPage(1)
            }}
            flex="1 1 220px"
          />
          <Select
            label="Role"
            placeholder="All roles"
            data={STAFF_ROLES.map((value) => ({ value, label: roleLabel(value) }))}
            value={role}
            onChange={(value) => {
              setRole(value)
              setPage(1)
            }}
            clearable
            w={{ base: '100%', sm: 170 }}
          />
          <Select
            label="Status"
            data={[
              { value: 'all', label: 'Everyone' },
              { value: 'active', label: 'Active' },
              { value: 'inactive', label: 'Inactive' },
            ]}
            value={status}
            onChange={(value) => {
              setStatus(value ?? 'all')
              setPage(1)
            }}
            allowDeselect={false}
            w={{ base: '100%', sm: 140 }}
          />
          {isAdmin ? (
            <Select
              label="Supervisor"
              placeholder="Any supervisor"
              data={(supervisors.data ?? []).map((supervisor) => ({
                value: supervisor.id,
                label: supervisor.name,
              }))}
              value={supervisorId}
              onChange={(value) => {
                setSupervisorId(value)
                setPage(1)
              }}
              clearable
              searchable
              w={{ base: '100%', sm: 200 }}
            />
          ) : null}
        </Group>
        <DataTable
          label="Staff"
          columns={columns}
          rows={list.data?.items}
          rowKey={(staff) => staff.id}
          error={list.error}
          isFetching={list.isFetching}
          onRetry={() => void list.refetch()}
          errorTitle="Could not load staff"
          empty={
            isFiltered
              ? { title: 'No staff match', description: 'Try another search or clear the filters.' }
              : {
                  title: 'No staff yet',
                  description: 'Add the first member of staff with “Add staff member”.',
                }
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
          minWidth={720}
        />
      </Card>
      {isCreating ? (
        <CreateStaffDialog
          onClose={() => {
            setIsCreating(false)
          }}
        />
      ) : null}
      {actions.dialog}
    </Stack>
  )
}
