import { Badge, Button, Card, Group, Stack, Switch, Text } from '@mantine/core'
import { interestText } from '../lib/loan-form'
import { IconPencil, IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { DataTable, type DataTableColumn } from '../components/data-table'
import { PageHeader } from '../components/page-header'
import { formatNaira } from '../lib/format'
import { rateToPercent } from '../lib/loan-type-form'
import { trpc } from '../lib/trpc'
import { type Fee, type LoanType, type Penalty, units } from './loan-types/loan-type-data'
import { LoanTypeDialog, SetActiveDialog } from './loan-types/loan-type-dialog'

function feeSummary(fee: Fee | null): string {
  if (!fee) return 'None'
  if (fee.kind === 'FLAT') return formatNaira(fee.amount)
  const bounds = [
    fee.min === undefined ? null : `min ${formatNaira(fee.min)}`,
    fee.max === undefined ? null : `max ${formatNaira(fee.max)}`,
  ].filter(Boolean)
  return `${rateToPercent(fee.rate)}% of principal${bounds.length ? ` (${bounds.join(', ')})` : ''}`
}

function penaltySummary(penalty: Penalty | null): string {
  if (!penalty) return 'None'
  const amount =
    penalty.kind === 'PERCENT_PER_DAY'
      ? `${rateToPercent(penalty.ratePerDay)}% a day`
      : `${formatNaira(penalty.amountPerDay)} a day`
  const grace = penalty.graceDays > 0 ? ` after ${units(penalty.graceDays, 'DAY')}` : ''
  const cap = penalty.cap === undefined ? '' : `, cap ${formatNaira(penalty.cap)}`
  return `${amount}${grace}${cap}`
}

/** /loan-types (admin): the loan products staff offer members. */
export function LoanTypesPage() {
  const [isShowingInactive, setIsShowingInactive] = useState(true)
  const types = trpc.loanType.list.useQuery({ includeInactive: isShowingInactive })
  const [editing, setEditing] = useState<LoanType | 'new' | null>(null)
  const [toggling, setToggling] = useState<LoanType | null>(null)

  const columns: DataTableColumn<LoanType>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (type) => (
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            {type.name}
          </Text>
          {type.description ? (
            <Text size="xs" c="dimmed">
              {type.description}
            </Text>
          ) : null}
        </Stack>
      ),
    },
    {
      key: 'principal',
      header: 'Principal',
      render: (type) => `${formatNaira(type.minPrincipal)} – ${formatNaira(type.maxPrincipal)}`,
    },
    {
      key: 'term',
      header: 'Term',
      render: (type) =>
        type.minTerm === type.maxTerm
          ? units(type.minTerm, type.termUnit)
          : `${type.minTerm} – ${units(type.maxTerm, type.termUnit)}`,
    },
    { key: 'interest', header: 'Interest', render: (type) => interestText(type.interest, type.termUnit) },
    {
      key: 'fee',
      header: 'Processing fee',
      visibleFrom: 'md',
      render: (type) => feeSummary(type.processingFee),
    },
    { key: 'penalty', header: 'Penalty', visibleFrom: 'md', render: (type) => penaltySummary(type.penalty) },
    {
      key: 'status',
      header: 'Status',
      render: (type) =>
        type.isActive ? (
          <Badge color="green" variant="light">
            Active
          </Badge>
        ) : (
          <Badge color="gray" variant="light">
            Inactive
          </Badge>
        ),
    },
    {
      key: 'actions',
      header: 'Actions',
      align: 'right',
      render: (type) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconPencil size={14} aria-hidden />}
            aria-label={`Edit ${type.name}`}
            onClick={() => {
              setEditing(type)
            }}
          >
            Edit
          </Button>
          <Button
            size="xs"
            variant="subtle"
            color={type.isActive ? 'orange' : undefined}
            aria-label={`${type.isActive ? 'Deactivate' : 'Activate'} ${type.name}`}
            onClick={() => {
              setToggling(type)
            }}
          >
            {type.isActive ? 'Deactivate' : 'Activate'}
          </Button>
        </Group>
      ),
    },
  ]

  return (
    <Stack gap="lg">
      <PageHeader
        title="Loan types"
        description="Loan products: amounts, terms, interest, fees and penalties."
        actions={
          <Button
            leftSection={<IconPlus size={18} aria-hidden />}
            onClick={() => {
              setEditing('new')
            }}
          >
            New loan type
          </Button>
        }
      />
      <Card withBorder padding="md">
        <Switch
          label="Show inactive types"
          checked={isShowingInactive}
          onChange={(event) => {
            setIsShowingInactive(event.currentTarget.checked)
          }}
          mb="md"
        />
        <DataTable
          label="Loan types"
          columns={columns}
          rows={types.data}
          rowKey={(type) => type.id}
          error={types.error}
          isFetching={types.isFetching}
          onRetry={() => void types.refetch()}
          errorTitle="Could not load loan types"
          empty={{
            title: 'No loan types yet',
            description: 'Add the loan products staff can offer, such as “12-week trader loan”.',
          }}
          minWidth={900}
        />
      </Card>
      {editing ? (
        <LoanTypeDialog
          type={editing === 'new' ? undefined : editing}
          onClose={() => {
            setEditing(null)
          }}
        />
      ) : null}
      {toggling ? (
        <SetActiveDialog
          type={toggling}
          onClose={() => {
            setToggling(null)
          }}
        />
      ) : null}
    </Stack>
  )
}
