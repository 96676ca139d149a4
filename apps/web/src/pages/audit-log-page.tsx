import {
  Badge,
  Button,
  Card,
  Code,
  DataList,
  Drawer,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core'
import { keepPreviousData } from '@tanstack/react-query'
import { useState } from 'react'
import { DataTable, type DataTableColumn } from '../components/data-table'
import { DateRangeFilter, OPEN_RANGE, type DateRange } from '../components/date-range-filter'
import { ExportMenu } from '../components/export-menu'
import { PageHeader } from '../components/page-header'
import { StaffSelect } from '../components/staff-select'
import { QueryView } from '../components/states'
import { useListPage } from '../hooks/use-list-page'
import { auditDiffRows, humanize } from '../lib/audit-diff'
import { trpc, type RouterOutputs } from '../lib/trpc'
import { useCompanyFormat } from '../lib/use-company-format'
import { describeUserAgent } from '../lib/user-agent'
import { ListFilters } from '../components/list-filters'
import { countActiveFilters } from '../lib/list-page'

type AuditRow = RouterOutputs['audit']['list']['items'][number]
type AuditEntry = RouterOutputs['audit']['get']
type AuditFilters = {
  actorId: string | null
  action: string | null
  entityType: string | null
  range: DateRange
}

/** Who changed what and when (docs/product.md §8). Admins see everything, supervisors their team (server-scoped). */
export function AuditLogPage() {
  const format = useCompanyFormat()
  const listPage = useListPage<never, AuditFilters>({
    filters: { actorId: null, action: null, entityType: null, range: OPEN_RANGE },
  })
  const { actorId, action, entityType, range } = listPage.filters
  const [openId, setOpenId] = useState<string | null>(null)

  // The filter lists come from the entries themselves, so they always match real action names
  // (the old system's lists did not: old-system.md §5.3).
  const facets = trpc.audit.facets.useQuery()
  const listInput = listPage.input({
    actorId: actorId ?? undefined,
    action: action ?? undefined,
    entityType: entityType ?? undefined,
    from: range[0] ?? undefined,
    to: range[1] ?? undefined,
  })
  const list = trpc.audit.list.useQuery(listInput, { placeholderData: keepPreviousData })

  const columns: DataTableColumn<AuditRow>[] = [
    { key: 'when', header: 'When', card: 'title', render: (row) => format.dateTime(row.createdAt) },
    {
      key: 'actor',
      header: 'Who',
      render: (row) => (
        <Stack gap={0}>
          <Text size="sm" fw={500}>
            {row.actorName ?? 'System'}
          </Text>
          {row.actorEmail ? (
            <Text size="xs" c="dimmed">
              {row.actorEmail}
            </Text>
          ) : null}
        </Stack>
      ),
    },
    {
      key: 'action',
      header: 'Action',
      card: 'status',
      render: (row) => (
        <Badge miw="max-content" variant="light" color="gray" tt="none">
          {humanize(row.action)}
        </Badge>
      ),
    },
    {
      key: 'entity',
      header: 'Record',
      render: (row) => (
        <Stack gap={0}>
          <Text size="sm">{humanize(row.entityType)}</Text>
          {row.entityLabel ? (
            <Text size="xs" c="dimmed" title={row.entityId ?? undefined}>
              {row.entityLabel}
            </Text>
          ) : row.entityId ? (
            <Text size="xs" c="dimmed" ff="monospace" title={row.entityId}>
              {row.entityId.slice(0, 8)}
            </Text>
          ) : null}
        </Stack>
      ),
    },
    { key: 'ip', header: 'IP address', visibleFrom: 'md', render: (row) => row.ip ?? '—' },
    {
      key: 'details',
      header: 'Details',
      align: 'right',
      render: (row) => (
        <Button
          variant="subtle"
          size="xs"
          aria-label={`View details of ${humanize(row.action)} at ${format.dateTime(row.createdAt)}`}
          onClick={() => {
            setOpenId(row.id)
          }}
        >
          View
        </Button>
      ),
    },
  ]

  const isFiltered = actorId !== null || action !== null || entityType !== null || range[0] !== null

  return (
    <Stack gap="lg">
      <PageHeader
        title="Audit log"
        description="Who changed what, and when, with before and after."
        actions={<ExportMenu name="audit" input={listInput} />}
      />
      <Card withBorder padding="md">
        <ListFilters activeCount={countActiveFilters([actorId, action, entityType, ...range])}>
          <StaffSelect label="Actor" value={actorId} onChange={listPage.onFilter('actorId')} />
          <Select
            label="Action"
            placeholder="Any action"
            data={(facets.data?.actions ?? []).map((value) => ({ value, label: humanize(value) }))}
            value={action}
            onChange={listPage.onFilter('action')}
            clearable
            searchable
            w={{ base: '100%', sm: 200 }}
          />
          <Select
            label="Entity type"
            placeholder="Any record"
            data={(facets.data?.entityTypes ?? []).map((value) => ({ value, label: humanize(value) }))}
            value={entityType}
            onChange={listPage.onFilter('entityType')}
            clearable
            searchable
            w={{ base: '100%', sm: 180 }}
          />
          <DateRangeFilter value={range} onChange={listPage.onFilter('range')} />
        </ListFilters>
        <DataTable
          label="Audit log"
          columns={columns}
          rowKey={(row) => row.id}
          errorTitle="Could not load the audit log"
          empty={
            isFiltered
              ? { title: 'No entries match', description: 'Try other filters or a wider date range.' }
              : { title: 'Nothing recorded yet' }
          }
          {...listPage.queryTableProps(list)}
          minWidth={760}
        />
      </Card>
      <Drawer
        opened={openId !== null}
        onClose={() => {
          setOpenId(null)
        }}
        title="Audit entry"
        position="right"
        size="xl"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        {openId ? <AuditDetail id={openId} /> : null}
      </Drawer>
    </Stack>
  )
}

function AuditDetail({ id }: { id: string }) {
  const entry = trpc.audit.get.useQuery({ id })
  return (
    <QueryView
      query={entry}
      errorTitle="Could not load this entry"
      loading={
        <Stack gap="sm" aria-busy>
          <Skeleton height={120} />
          <Skeleton height={200} />
        </Stack>
      }
    >
      {(data) => <AuditDetailBody entry={data} />}
    </QueryView>
  )
}

function AuditDetailBody({ entry }: { entry: AuditEntry }) {
  const format = useCompanyFormat()
  const rows = auditDiffRows(entry.before, entry.after, entry.changes)
  return (
    <Stack gap="lg">
      <DataList labelWidth={120}>
        <DataList.Item>
          <DataList.ItemLabel>When</DataList.ItemLabel>
          <DataList.ItemValue>{format.dateTime(entry.createdAt)}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Who</DataList.ItemLabel>
          <DataList.ItemValue>
            {entry.actorName ?? 'System'}
            {entry.actorEmail ? ` (${entry.actorEmail})` : ''}
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Action</DataList.ItemLabel>
          <DataList.ItemValue>{humanize(entry.action)}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Record</DataList.ItemLabel>
          <DataList.ItemValue>
            {humanize(entry.entityType)}
            {entry.entityLabel ? (
              <Text span ml="xs">
                {entry.entityLabel}
              </Text>
            ) : null}
            {entry.entityId ? (
              <Code ml="xs" style={{ overflowWrap: 'anywhere' }}>
                {entry.entityId}
              </Code>
            ) : null}
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>IP address</DataList.ItemLabel>
          <DataList.ItemValue>{entry.ip ?? '—'}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Device</DataList.ItemLabel>
          <DataList.ItemValue title={entry.userAgent ?? undefined}>
            {describeUserAgent(entry.userAgent)}
          </DataList.ItemValue>
        </DataList.Item>
        {entry.requestId ? (
          <DataList.Item>
            <DataList.ItemLabel>Request</DataList.ItemLabel>
            <DataList.ItemValue>
              <Code>{entry.requestId}</Code>
            </DataList.ItemValue>
          </DataList.Item>
        ) : null}
      </DataList>

      <div>
        <Title order={3} size="h5" mb="xs">
          Before and after
        </Title>
        {rows.length === 0 ? (
          <Text size="sm" c="dimmed">
            This action recorded no field values.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={420}>
            <Table aria-label="Before and after" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Field</Table.Th>
                  <Table.Th>Before</Table.Th>
                  <Table.Th>After</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr
                    key={row.field}
                    bg={row.isChanged ? 'var(--mantine-color-yellow-light)' : undefined}
                    data-changed={row.isChanged || undefined}
                  >
                    <Table.Td fw={row.isChanged ? 600 : undefined}>
                      {row.field}
                      {row.isChanged ? (
                        <Badge miw="max-content" ml="xs" size="xs" color="yellow" variant="filled">
                          changed
                        </Badge>
                      ) : null}
                    </Table.Td>
                    <ValueCell value={row.before} />
                    <ValueCell value={row.after} />
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </div>
    </Stack>
  )
}

function ValueCell({ value }: { value: string }) {
  return (
    <Table.Td>
      <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Text>
    </Table.Td>
  )
}
