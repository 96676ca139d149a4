// The loan type editor (new or edit), with the schedule preview beside it.
import { Checkbox, Divider, SimpleGrid, Select, TextInput } from '@mantine/core'
import { saveType, TypeEditor } from '../../components/type-catalog'
import { useServerForm } from '../../hooks/use-server-form'
import { trpc } from '../../lib/trpc'
import { type LoanType } from './loan-type-data'
import { SchedulePreview } from './loan-type-preview'
import { type SelectField, type Values, initialValues, toInput } from './loan-type-values'

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
const NON_WORKING_DAY_OPTIONS = [
  { value: 'next', label: 'Next working day' },
  { value: 'previous', label: 'Previous working day' },
]
const ROUNDING_OPTIONS = [
  { value: 'HALF_EVEN', label: 'Half to even (banker’s)' },
  { value: 'HALF_UP', label: 'Half up' },
]

export function LoanTypeDialog({ type, onClose }: { type: LoanType | undefined; onClose: () => void }) {
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
    saveType({ create, update }, input, {
      original: type,
      onSaved: () => {
        void utils.loanType.invalidate()
        onClose()
      },
    })
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
    <TypeEditor
      noun="loan type"
      original={type}
      onClose={onClose}
      onSubmit={form.onSubmit(save)}
      formError={form.formError}
      isPending={mutation.isPending}
      namePlaceholder="e.g. 12-week trader loan"
      nameProps={form.text('name')}
      descriptionProps={form.text('description')}
      size="xl"
    >
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
        {values.interestMethod === 'FLAT' ? select('flatBasis', 'Flat rate applies', BASIS_OPTIONS) : null}
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
        {values.penaltyKind === 'NONE' ? null : select('penaltyMode', 'After the grace days', MODE_OPTIONS)}
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
      <Divider label="Meetings and holidays" labelPosition="left" />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Checkbox
          label="Installments on the union's meetings"
          description="Weekly or monthly products; changing this affects new loans only"
          checked={values.followsMeetings}
          onChange={(event) => {
            form.setValue('followsMeetings', event.currentTarget.checked)
          }}
          error={form.errorOf('followsMeetings')}
        />
        {values.followsMeetings ? (
          <TextInput
            label="Days before the first meeting (at least)"
            inputMode="numeric"
            {...form.text('meetingMinGapDays')}
          />
        ) : null}
        {select('nonWorkingDayRule', 'Due on a weekend or holiday: move to', NON_WORKING_DAY_OPTIONS)}
      </SimpleGrid>
      <Divider label="Top-ups" labelPosition="left" />
      <Checkbox
        label="Allows top-ups"
        description="A new loan of this product may pay off the member's running loan from its principal on the disbursement day"
        checked={values.allowsTopUp}
        onChange={(event) => {
          form.setValue('allowsTopUp', event.currentTarget.checked)
        }}
        error={form.errorOf('allowsTopUp')}
      />
      <SchedulePreview values={values} original={type} />
    </TypeEditor>
  )
}
