import {
  Alert,
  Badge,
  Button,
  Card,
  Divider,
  Group,
  Modal,
  SimpleGrid,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core'
import {
  MAX_GRACE_DAYS,
  MAX_TERM_COUNT,
  buildSchedule,
  costOfCredit,
  formatPercent,
  isDomainError,
  todayIn,
  type Schedule,
} from '@mp/domain'
import { interestText } from '../lib/loan-form'
import { IconAlertCircle, IconPencil, IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { ConfirmDialog } from '../components/confirm-dialog'
import { DataTable, type DataTableColumn } from '../components/data-table'
import { FormAlert } from '../components/form-alert'
import { PageHeader } from '../components/page-header'
import { useServerForm } from '../hooks/use-server-form'
import { formatDate, formatNaira } from '../lib/format'
import {
  koboToNaira,
  nairaToKobo,
  parseWhole,
  percentToRate,
  rateToPercent,
  type Parsed,
} from '../lib/loan-type-form'
import { notifySuccess } from '../lib/notify'
import { trpc, type RouterInputs, type RouterOutputs } from '../lib/trpc'
import { useReturnFocus } from '../hooks/use-return-focus'

type LoanType = RouterOutputs['loanType']['list'][number]
type LoanTypeInput = RouterInputs['loanType']['create']
type TermUnit = LoanType['termUnit']
type Interest = LoanType['interest']
type Fee = NonNullable<LoanType['processingFee']>
type Penalty = NonNullable<LoanType['penalty']>

const UNIT_WORDS: Record<TermUnit, [string, string]> = {
  DAY: ['day', 'days'],
  WEEK: ['week', 'weeks'],
  MONTH: ['month', 'months'],
}

function units(count: number, unit: TermUnit): string {
  return `${count} ${UNIT_WORDS[unit][count === 1 ? 0 : 1]}`
}

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

type FeeKind = 'NONE' | Fee['kind']
type PenaltyKind = 'NONE' | Penalty['kind']

type Values = {
  name: string
  description: string
  minPrincipal: string
  maxPrincipal: string
  termUnit: TermUnit
  minTerm: string
  maxTerm: string
  interestMethod: Interest['method']
  interestRate: string
  flatBasis: 'PER_TERM' | 'PER_PERIOD'
  feeKind: FeeKind
  feeAmount: string
  feeRate: string
  feeMin: string
  feeMax: string
  penaltyKind: PenaltyKind
  penaltyRate: string
  penaltyAmount: string
  penaltyGraceDays: string
  penaltyMode: Penalty['mode']
  penaltyCap: string
  allocationOrder: LoanType['allocationOrder']
  rounding: LoanType['rounding']
  installmentMultiple: string
}

type SelectField =
  | 'termUnit'
  | 'interestMethod'
  | 'flatBasis'
  | 'feeKind'
  | 'penaltyKind'
  | 'penaltyMode'
  | 'allocationOrder'
  | 'rounding'

type Errors = Partial<Record<keyof Values, string>>

function initialValues(type: LoanType | undefined): Values {
  const interest = type?.interest
  const fee = type?.processingFee ?? null
  const penalty = type?.penalty ?? null
  return {
    name: type?.name ?? '',
    description: type?.description ?? '',
    minPrincipal: type ? koboToNaira(type.minPrincipal) : '',
    maxPrincipal: type ? koboToNaira(type.maxPrincipal) : '',
    termUnit: type?.termUnit ?? 'WEEK',
    minTerm: type ? String(type.minTerm) : '',
    maxTerm: type ? String(type.maxTerm) : '',
    interestMethod: interest?.method ?? 'FLAT',
    interestRate:
      interest?.method === 'FLAT'
        ? rateToPercent(interest.rate)
        : interest && interest.method !== 'NONE'
          ? rateToPercent(interest.ratePerPeriod)
          : '',
    flatBasis: interest?.method === 'FLAT' ? interest.basis : 'PER_TERM',
    feeKind: fee?.kind ?? 'NONE',
    feeAmount: fee?.kind === 'FLAT' ? koboToNaira(fee.amount) : '',
    feeRate: fee?.kind === 'PERCENT_OF_PRINCIPAL' ? rateToPercent(fee.rate) : '',
    feeMin: fee?.kind === 'PERCENT_OF_PRINCIPAL' && fee.min !== undefined ? koboToNaira(fee.min) : '',
    feeMax: fee?.kind === 'PERCENT_OF_PRINCIPAL' && fee.max !== undefined ? koboToNaira(fee.max) : '',
    penaltyKind: penalty?.kind ?? 'NONE',
    penaltyRate: penalty?.kind === 'PERCENT_PER_DAY' ? rateToPercent(penalty.ratePerDay) : '',
    penaltyAmount: penalty?.kind === 'FIXED_PER_DAY' ? koboToNaira(penalty.amountPerDay) : '',
    penaltyGraceDays: penalty ? String(penalty.graceDays) : '0',
    penaltyMode: penalty?.mode ?? 'FORGIVE',
    penaltyCap: penalty?.cap !== undefined ? koboToNaira(penalty.cap) : '',
    allocationOrder: type?.allocationOrder ?? 'VERTICAL',
    rounding: type?.rounding ?? 'HALF_EVEN',
    installmentMultiple: type?.installmentMultiple ? koboToNaira(type.installmentMultiple) : '',
  }
}

/** The form's text as the API's input, or the message under each field that is not right yet. */
function toInput(
  values: Values,
  original: LoanType | undefined,
): { input: LoanTypeInput; errors: null } | { input: null; errors: Errors } {
  const errors: Errors = {}
  function take<T>(field: keyof Values, parsed: Parsed<T>): T | undefined {
    if (parsed.ok) return parsed.value
    errors[field] = parsed.error
    return undefined
  }
  function optionalKobo(field: keyof Values, label: string): number | undefined {
    const text = values[field]
    return text.trim() ? take(field, nairaToKobo(text, label)) : undefined
  }
  if (!values.name.trim()) errors.name = 'Name is required'
  const minPrincipal = take('minPrincipal', nairaToKobo(values.minPrincipal, 'Minimum principal'))
  const maxPrincipal = take('maxPrincipal', nairaToKobo(values.maxPrincipal, 'Maximum principal'))
  const minTerm = take('minTerm', parseWhole(values.minTerm, 'Minimum term', 1, MAX_TERM_COUNT))
  const maxTerm = take('maxTerm', parseWhole(values.maxTerm, 'Maximum term', 1, MAX_TERM_COUNT))
  if (minPrincipal !== undefined && maxPrincipal !== undefined && maxPrincipal < minPrincipal) {
    errors.maxPrincipal = 'Maximum principal must be at least the minimum principal'
  }
  if (minTerm !== undefined && maxTerm !== undefined && maxTerm < minTerm) {
    errors.maxTerm = 'Maximum term must be at least the minimum term'
  }

  let interest: Interest | undefined
  if (values.interestMethod === 'NONE') interest = { method: 'NONE' }
  else {
    const rate = take('interestRate', percentToRate(values.interestRate, 'Interest rate'))
    if (rate !== undefined) {
      interest =
        values.interestMethod === 'FLAT'
          ? { method: 'FLAT', rate, basis: values.flatBasis }
          : { method: values.interestMethod, ratePerPeriod: rate }
    }
  }

  let processingFee: Fee | null = null
  if (values.feeKind === 'FLAT') {
    const amount = take('feeAmount', nairaToKobo(values.feeAmount, 'Processing fee'))
    if (amount !== undefined) processingFee = { kind: 'FLAT', amount }
  } else if (values.feeKind === 'PERCENT_OF_PRINCIPAL') {
    const rate = take('feeRate', percentToRate(values.feeRate, 'Processing fee rate'))
    const min = optionalKobo('feeMin', 'Minimum fee')
    const max = optionalKobo('feeMax', 'Maximum fee')
    if (min !== undefined && max !== undefined && max < min)
      errors.feeMax = 'Maximum fee must be at least the minimum'
    if (rate !== undefined) {
      processingFee = {
        kind: 'PERCENT_OF_PRINCIPAL',
        rate,
        ...(min === undefined ? {} : { min }),
        ...(max === undefined ? {} : { max }),
      }
    }
  }

  let penalty: Penalty | null = null
  if (values.penaltyKind !== 'NONE') {
    const graceDays = take(
      'penaltyGraceDays',
      parseWhole(values.penaltyGraceDays, 'Grace days', 0, MAX_GRACE_DAYS),
    )
    const cap = optionalKobo('penaltyCap', 'Penalty cap')
    // The base is not on this form; an edit keeps whatever the type had.
    const base = original?.penalty?.base
    const common = {
      graceDays: graceDays ?? 0,
      mode: values.penaltyMode,
      ...(cap === undefined ? {} : { cap }),
      ...(base === undefined ? {} : { base }),
    }
    if (values.penaltyKind === 'PERCENT_PER_DAY') {
      const ratePerDay = take('penaltyRate', percentToRate(values.penaltyRate, 'Penalty rate'))
      if (ratePerDay !== undefined) penalty = { kind: 'PERCENT_PER_DAY', ratePerDay, ...common }
    } else {
      const amountPerDay = take('penaltyAmount', nairaToKobo(values.penaltyAmount, 'Penalty per day'))
      if (amountPerDay !== undefined) penalty = { kind: 'FIXED_PER_DAY', amountPerDay, ...common }
    }
  }
  const installmentMultiple = optionalKobo('installmentMultiple', 'Installment multiple') ?? null

  if (
    Object.keys(errors).length > 0 ||
    minPrincipal === undefined ||
    maxPrincipal === undefined ||
    minTerm === undefined ||
    maxTerm === undefined ||
    interest === undefined
  ) {
    return { input: null, errors }
  }
  return {
    input: {
      name: values.name.trim(),
      description: values.description.trim() || null,
      minPrincipal,
      maxPrincipal,
      termUnit: values.termUnit,
      minTerm,
      maxTerm,
      interest,
      processingFee,
      penalty,
      allocationOrder: values.allocationOrder,
      rounding: values.rounding,
      installmentMultiple,
    },
    errors: null,
  }
}

const TERM_UNIT_OPTIONS = [
  { value: 'DAY', label: 'Days' },
  { value: 'WEEK', label: 'Weeks' },
  { value: 'MONTH', label: 'Months' },
]
const INTEREST_OPTIONS = [
  { value: 'NONE', label: 'No interest' },
  { value: 'FLAT', label: 'Flat' },
  { value: 'DECLINING_ANNUITY', label: 'Declining balance, equal installments' },
  { value: 'DECLINING_EQUAL_PRINCIPAL', label: 'Declining balance, equal principal' },
]
const BASIS_OPTIONS = [
  { value: 'PER_TERM', label: 'For the whole term' },
  { value: 'PER_PERIOD', label: 'Per period' },
]
const FEE_OPTIONS = [
  { value: 'NONE', label: 'No processing fee' },
  { value: 'FLAT', label: 'Fixed amount' },
  { value: 'PERCENT_OF_PRINCIPAL', label: 'Percentage of principal' },
]
const PENALTY_OPTIONS = [
  { value: 'NONE', label: 'No penalty' },
  { value: 'PERCENT_PER_DAY', label: 'Percentage per day' },
  { value: 'FIXED_PER_DAY', label: 'Fixed amount per day' },
]
const MODE_OPTIONS = [
  { value: 'FORGIVE', label: 'Forgive the grace days' },
  { value: 'BACKDATE', label: 'Backdate to the due date' },
]
const ALLOCATION_OPTIONS = [
  { value: 'VERTICAL', label: 'Vertical (oldest installment first)' },
  { value: 'HORIZONTAL', label: 'Horizontal (component by component)' },
  { value: 'PRINCIPAL_FIRST', label: 'Principal first' },
]
const ROUNDING_OPTIONS = [
  { value: 'HALF_EVEN', label: 'Half to even (banker’s)' },
  { value: 'HALF_UP', label: 'Half up' },
]

function LoanTypeDialog({ type, onClose }: { type: LoanType | undefined; onClose: () => void }) {
  useReturnFocus()
  const utils = trpc.useUtils()
  const create = trpc.loanType.create.useMutation()
  const update = trpc.loanType.update.useMutation()
  const mutation = type ? update : create
  const form = useServerForm<Values>({
    initialValues: initialValues(type),
    serverError: mutation.error,
    reasonFields: { NAME_TAKEN: 'name' },
    validate: (values) => toInput(values, type).errors ?? {},
  })

  function save(values: Values) {
    const { input } = toInput(values, type)
    if (!input) return
    const onSuccess = (saved: LoanType) => {
      notifySuccess(type ? `${saved.name} was updated` : `${saved.name} was added`)
      void utils.loanType.invalidate()
      onClose()
    }
    if (type) update.mutate({ id: type.id, ...input }, { onSuccess })
    else create.mutate(input, { onSuccess })
  }

  function select(field: SelectField, label: string, data: { value: string; label: string }[]) {
    return (
      <Select
        label={label}
        data={data}
        allowDeselect={false}
        value={form.values[field]}
        onChange={(value) => {
          if (value !== null) form.setValue(field, value as Values[SelectField])
        }}
        error={form.errorOf(field)}
        comboboxProps={{ withinPortal: true }}
      />
    )
  }

  const values = form.values
  return (
    <Modal
      opened
      onClose={onClose}
      title={type ? `Edit ${type.name}` : 'New loan type'}
      size="xl"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form noValidate aria-label={type ? 'Edit loan type' : 'New loan type'} onSubmit={form.onSubmit(save)}>
        <Stack gap="md">
          <FormAlert title="The loan type was not saved" message={form.formError} />
          <TextInput
            label="Name"
            required
            data-autofocus
            placeholder="e.g. 12-week trader loan"
            {...form.text('name')}
          />
          <Textarea label="Description" autosize minRows={2} {...form.text('description')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Minimum principal (₦)"
              required
              placeholder="50,000.00"
              {...form.text('minPrincipal')}
            />
            <TextInput
              label="Maximum principal (₦)"
              required
              placeholder="500,000.00"
              {...form.text('maxPrincipal')}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {select('termUnit', 'Term unit', TERM_UNIT_OPTIONS)}
            <TextInput label="Minimum term" required inputMode="numeric" {...form.text('minTerm')} />
            <TextInput label="Maximum term" required inputMode="numeric" {...form.text('maxTerm')} />
          </SimpleGrid>
          <Divider label="Interest" labelPosition="left" />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {select('interestMethod', 'Interest method', INTEREST_OPTIONS)}
            {values.interestMethod === 'NONE' ? null : (
              <TextInput
                label={values.interestMethod === 'FLAT' ? 'Flat rate (%)' : 'Rate per period (%)'}
                required
                placeholder="10"
                {...form.text('interestRate')}
              />
            )}
            {values.interestMethod === 'FLAT'
              ? select('flatBasis', 'Flat rate applies', BASIS_OPTIONS)
              : null}
          </SimpleGrid>
          <Divider label="Processing fee" labelPosition="left" />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {select('feeKind', 'Processing fee', FEE_OPTIONS)}
            {values.feeKind === 'FLAT' ? (
              <TextInput label="Fee amount (₦)" required {...form.text('feeAmount')} />
            ) : null}
            {values.feeKind === 'PERCENT_OF_PRINCIPAL' ? (
              <TextInput label="Fee rate (%)" required placeholder="2" {...form.text('feeRate')} />
            ) : null}
            {values.feeKind === 'PERCENT_OF_PRINCIPAL' ? (
              <TextInput label="Minimum fee (₦, optional)" {...form.text('feeMin')} />
            ) : null}
            {values.feeKind === 'PERCENT_OF_PRINCIPAL' ? (
              <TextInput label="Maximum fee (₦, optional)" {...form.text('feeMax')} />
            ) : null}
          </SimpleGrid>
          <Divider label="Late-payment penalty" labelPosition="left" />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {select('penaltyKind', 'Penalty', PENALTY_OPTIONS)}
            {values.penaltyKind === 'PERCENT_PER_DAY' ? (
              <TextInput
                label="Penalty rate per day (%)"
                required
                placeholder="0.5"
                {...form.text('penaltyRate')}
              />
            ) : null}
            {values.penaltyKind === 'FIXED_PER_DAY' ? (
              <TextInput label="Penalty per day (₦)" required {...form.text('penaltyAmount')} />
            ) : null}
            {values.penaltyKind === 'NONE' ? null : (
              <TextInput label="Grace days" inputMode="numeric" {...form.text('penaltyGraceDays')} />
            )}
            {values.penaltyKind === 'NONE'
              ? null
              : select('penaltyMode', 'After the grace days', MODE_OPTIONS)}
            {values.penaltyKind === 'NONE' ? null : (
              <TextInput label="Penalty cap (₦, optional)" {...form.text('penaltyCap')} />
            )}
          </SimpleGrid>
          <Divider label="Repayments" labelPosition="left" />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {select('allocationOrder', 'Payment allocation', ALLOCATION_OPTIONS)}
            {select('rounding', 'Rounding', ROUNDING_OPTIONS)}
            <TextInput
              label="Round installments up to (₦, optional)"
              placeholder="10.00"
              {...form.text('installmentMultiple')}
            />
          </SimpleGrid>
          <SchedulePreview values={values} original={type} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={mutation.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {type ? 'Save changes' : 'Add loan type'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

type Preview =
  | { kind: 'incomplete' }
  | { kind: 'error'; message: string }
  | { kind: 'ok'; input: LoanTypeInput; schedule: Schedule; apr: number | null; aprError: string | null }

function computePreview(values: Values, original: LoanType | undefined): Preview {
  const { input } = toInput(values, original)
  if (!input) return { kind: 'incomplete' }
  try {
    const schedule = buildSchedule({
      principal: input.minPrincipal,
      termCount: input.minTerm,
      termUnit: input.termUnit,
      startDate: todayIn(),
      interest: input.interest,
      rounding: input.rounding,
      ...(input.installmentMultiple === null ? {} : { installmentMultiple: input.installmentMultiple }),
      ...(input.processingFee === null ? {} : { processingFee: input.processingFee }),
    })
    let apr: number | null = null
    let aprError: string | null = null
    try {
      apr = costOfCredit({
        principal: input.minPrincipal,
        installments: schedule.installments,
        termUnit: input.termUnit,
        processingFee: schedule.processingFee,
      }).apr
    } catch (error) {
      if (!isDomainError(error)) throw error
      aprError = error.message
    }
    return { kind: 'ok', input, schedule, apr, aprError }
  } catch (error) {
    if (isDomainError(error)) return { kind: 'error', message: error.message }
    throw error
  }
}

/** The schedule the smallest, shortest loan of this type would get if disbursed today (same engine as the server). */
function SchedulePreview({ values, original }: { values: Values; original: LoanType | undefined }) {
  const preview = computePreview(values, original)
  return (
    <Card withBorder padding="sm" aria-live="polite">
      <Title order={4} size="h5" mb="xs">
        Schedule preview
      </Title>
      {preview.kind === 'incomplete' ? (
        <Text size="sm" c="dimmed">
          Fill in the principal, term and interest to see an example schedule.
        </Text>
      ) : preview.kind === 'error' ? (
        <Alert
          color="red"
          icon={<IconAlertCircle aria-hidden />}
          title="This loan type cannot build a schedule"
        >
          {preview.message}
        </Alert>
      ) : (
        <PreviewTable preview={preview} />
      )}
    </Card>
  )
}

function PreviewTable({ preview }: { preview: Extract<Preview, { kind: 'ok' }> }) {
  const { input, schedule, apr, aprError } = preview
  const first = schedule.installments[0]
  const last = schedule.installments.at(-1)
  const rows = first && last && last !== first ? [first, last] : first ? [first] : []
  return (
    <Stack gap="xs">
      <Text size="sm">
        {formatNaira(input.minPrincipal)} over {units(input.minTerm, input.termUnit)} from today,{' '}
        {interestText(input.interest, input.termUnit)}.
      </Text>
      <Table withTableBorder striped fz="sm" aria-label="Example installments">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>Due</Table.Th>
            <Table.Th ta="right">Principal</Table.Th>
            <Table.Th ta="right">Interest</Table.Th>
            <Table.Th ta="right">Installment</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.sequence}>
              <Table.Td>{row.sequence}</Table.Td>
              <Table.Td>{formatDate(row.dueDate)}</Table.Td>
              <Table.Td ta="right">{formatNaira(row.principal)}</Table.Td>
              <Table.Td ta="right">{formatNaira(row.interest)}</Table.Td>
              <Table.Td ta="right">{formatNaira(row.total)}</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr fw={600}>
            <Table.Td colSpan={2}>Total ({units(schedule.installments.length, input.termUnit)})</Table.Td>
            <Table.Td ta="right">{formatNaira(schedule.totalPrincipal)}</Table.Td>
            <Table.Td ta="right">{formatNaira(schedule.totalInterest)}</Table.Td>
            <Table.Td ta="right">{formatNaira(schedule.total)}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Group gap="lg">
        <Text size="sm">Processing fee at disbursement: {formatNaira(schedule.processingFee)}</Text>
        {apr === null ? (
          <Text size="sm" c="red">
            {aprError}
          </Text>
        ) : (
          <Text size="sm" fw={600}>
            Effective APR: {formatPercent(apr)}
            {input.interest.method === 'FLAT' ? ` (vs ${rateToPercent(input.interest.rate)}% flat)` : ''}
          </Text>
        )}
      </Group>
    </Stack>
  )
}

function SetActiveDialog({ type, onClose }: { type: LoanType; onClose: () => void }) {
  useReturnFocus()
  const utils = trpc.useUtils()
  const setActive = trpc.loanType.setActive.useMutation()
  const isActivating = !type.isActive
  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={isActivating ? `Activate ${type.name}?` : `Deactivate ${type.name}?`}
      message={
        isActivating
          ? `Staff can offer ${type.name} on new loans again.`
          : `Staff can no longer offer ${type.name} on new loans. Existing loans keep their terms.`
      }
      confirmLabel={isActivating ? 'Activate' : 'Deactivate'}
      confirmColor={isActivating ? undefined : 'orange'}
      isPending={setActive.isPending}
      error={setActive.error}
      onConfirm={() => {
        setActive.mutate(
          { id: type.id, isActive: isActivating },
          {
            onSuccess: () => {
              notifySuccess(isActivating ? `${type.name} is active` : `${type.name} was deactivated`)
              void utils.loanType.invalidate()
              onClose()
            },
          },
        )
      }}
    />
  )
}
