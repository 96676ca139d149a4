import { Anchor, Button, Card, Select, Stack, Text } from '@mantine/core'
import { IconUserPlus } from '@tabler/icons-react'
import { keepPreviousData } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router'
import { useCurrentUser } from '../../auth/current-user'
import { DataTable, type DataTableColumn } from '../../components/data-table'
import { ExportMenu } from '../../components/export-menu'
import { PageHeader } from '../../components/page-header'
import { ListFilters } from '../../components/list-filters'
import { SearchInput } from '../../components/search-input'
import { useListPage } from '../../hooks/use-list-page'
import { fullName, roleLabel, STAFF_ROLES } from '../../lib/roles'
import { trpc, type StaffMember, type StaffRole, type StaffSort } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import { StaffActionsMenu, useStaffActions } from './staff-actions'
import { CreateStaffDialog } from './staff-dialogs'
import { RoleBadge, StaffStatusBadges } from './staff-status'
import { countActiveFilters } from '../../lib/list-page'
import { formatPhone } from '../../lib/format'

type StatusFilter = 'all' | 'active' | 'inactive'
type StaffFilters = { role: StaffRole | null; status: StatusFilter; supervisorId: string | null }

export function StaffPage() {
  const me = useCurrentUser()
  const isAdmin = me.role === 'ADMIN'
  const format = useCompanyFormat()
  const listPage = useListPage<StaffSort, StaffFilters>({
    defaultSort: { key: 'name', direction: 'asc' },
    filters: { role: null, status: 'all', supervisorId: null },
  })
  const { debouncedSearch } = listPage
  const { role, status, supervisorId } = listPage.filters
  const [isCreating, setIsCreating] = useState(false)
  const actions = useStaffActions()

  const listInput = listPage.input({
    search: debouncedSearch || undefined,
    role: role ?? undefined,
    isActive: status === 'all' ? undefined : status === 'active',
    supervisorId: supervisorId ?? undefined,
  })
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
              {formatPhone(staff.phone)}
            </Text>
          ) : null}
        </Stack>
      ),
    },
    { key: 'email', header: 'Email', sortKey: 'email', visibleFrom: 'md', render: (staff) => staff.email },
    {
      key: 'role',
      header: 'Role',
      sortKey: 'role',
      card: 'status',
      render: (staff) => <RoleBadge role={staff.role} />,
    },
    {
      key: 'supervisor',
      header: 'Supervisor',
      visibleFrom: 'md',
      render: (staff) => staff.supervisorName ?? (staff.role === 'CREDIT_OFFICER' ? 'None' : '—'),
    },
    {
      key: 'status',
      header: 'Status',
      card: 'status',
      render: (staff) => <StaffStatusBadges staff={staff} />,
    },
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
        <ListFilters
          activeCount={countActiveFilters([role, status !== 'all', supervisorId])}
          search={
            <SearchInput
              placeholder="Name, email or phone"
              value={listPage.search}
              onChange={listPage.setSearch}
            />
          }
        >
          <Select
            label="Role"
            placeholder="All roles"
            data={STAFF_ROLES.map((value) => ({ value, label: roleLabel(value) }))}
            value={role}
            onChange={listPage.onFilter('role')}
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
              listPage.setFilter('status', value ?? 'all')
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
              onChange={listPage.onFilter('supervisorId')}
              clearable
              searchable
              w={{ base: '100%', sm: 200 }}
            />
          ) : null}
        </ListFilters>
        <DataTable
          label="Staff"
          columns={columns}
          rowKey={(staff) => staff.id}
          errorTitle="Could not load staff"
          empty={
            isFiltered
              ? { title: 'No staff match', description: 'Try another search or clear the filters.' }
              : {
                  title: 'No staff yet',
                  description: 'Add the first member of staff with “Add staff member”.',
                }
          }
          {...listPage.queryTableProps(list)}
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
