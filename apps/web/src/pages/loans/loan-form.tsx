import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  MultiSelect,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core'
import { formatNaira, type Schedule } from '@mp/domain'
import { useDebouncedValue } from '@mantine/hooks'
import { IconAlertCircle, IconInfoCircle } from '@tabler/icons-react'
import { Link } from 'react-router'
import { useCurrentUser } from '../../auth/current-user'
import { DayInput } from '../../components/day-input'
import { FormAlert } from '../../components/form-alert'
import { FigureHint } from '../../components/figure-hint'
import { MemberSelect } from '../../components/member-select'
import { UnionSelect } from '../../components/union-select'
import { useServerForm } from '../../hooks/use-server-form'
import { messageOf, reasonOf } from '../../lib/errors'
import {
  LIVE_LOAN_REASON,
  LOAN_REASON_FIELDS,
  loanPreview,
  principalRangeText,
  rateWithApr,
  termRangeText,
  toLoanInput,
  topUpCash,
  unitName,
  type LoanFormValues,
  type LoanInput,
  type LoanPreview,
  type LoanProduct,
} from '../../lib/loan-form'
import { trpc } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import type { LoanProductRow } from './loan-data'
import { ScheduleHeadCells, ScheduleTotalCells } from './schedule-head'

type LoanFormProps = {
  initialValues: LoanFormValues
  /** Editing: the member cannot change (the server refuses), so it is shown instead of the pickers. */
  fixedMember?: { id: string; name: string; code: string; unionName: string }
  /** The create/update mutation's error: field messages land under the fields. */
  serverError: unknown
  isPending: boolean
  submitLabel: string
  onSave: (input: LoanInput) => void
  onCancel: () => void
}

/**
 * A loan application: union → member → loan type → amount, term, start date, purpose, guarantors, with the
 * schedule, processing fee and APR recomputed in the browser on every keystroke by the engine the server
 * books with. The type's ranges are checked here and again by the server.
 */
export function LoanForm({
  initialValues,
  fixedMember,
  serverError,
  isPending,
  submitLabel,
  onSave,
  onCancel,
}: LoanFormProps) {
  const me = useCurrentUser()
  const isAdmin = me.role === 'ADMIN'
  // Editing keeps the loan's own type on the list even if it has since been deactivated (the server then
  // says so under the field).
  const types = trpc.loanType.list.useQuery({ includeInactive: fixedMember !== undefined })
  const typeOptions = (types.data ?? []).filter(
    (type) => type.isActive || type.id === initialValues.loanTypeId,
  )

  const productOf = (id: string): LoanProductRow | undefined => typeOptions.find((type) => type.id === id)
  const form = useServerForm<LoanFormValues>({
    initialValues,
    serverError,
    reasonFields: { ...LOAN_REASON_FIELDS, ...(isAdmin ? { [LIVE_LOAN_REASON]: 'overrideReason' } : {}) },
    validate: (values) => toLoanInput(values, productOf(values.loanTypeId)).errors ?? {},
  })
  const values = form.values
  const product = productOf(values.loanTypeId)
  const hasLiveLoan = reasonOf(serverError) === LIVE_LOAN_REASON
  const isOverrideShown = isAdmin && (hasLiveLoan || values.overrideReason !== '')

  const guarantors = trpc.guarantor.list.useQuery(
    { memberId: values.memberId },
    { enabled: values.memberId !== '' },
  )
  const guarantorOptions = (guarantors.data ?? []).map((guarantor) => ({
    value: guarantor.id,
    label: `${guarantor.firstName} ${guarantor.lastName} (${guarantor.relationship})`,
  }))

  const { preview, isDated } = useDatedPreview(loanPreview(product, values), values)

  return (
    <form
      noValidate
      aria-label={submitLabel}
      onSubmit={form.onSubmit((submitted) => {
        const { input } = toLoanInput(submitted, productOf(submitted.loanTypeId))
        if (input) onSave(input)
      })}
    >
      <Stack gap="lg">
        <FormAlert title="The application was not saved" message={form.formError} />
        <Card withBorder padding="lg" component="section" aria-labelledby="loan-borrower">
          <Title id="loan-borrower" order={2} size="h4" mb="md">
            Borrower
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {fixedMember ? (
              <>
                <TextInput label="Union" value={fixedMember.unionName} readOnly variant="filled" />
                <TextInput
                  label="Member"
                  value={`${fixedMember.name} (${fixedMember.code})`}
                  readOnly
                  variant="filled"
                  description="The member of an application cannot change; withdraw it and apply again."
                  error={form.errorOf('memberId')}
                />
              </>
            ) : (
              <>
                <UnionSelect
                  label="Union"
                  required
                  value={values.unionId || null}
                  onChange={(value) => {
                    form.setValue('unionId', value ?? '')
                    form.setValue('memberId', '')
                    form.setValue('guarantorIds', [])
                    form.setValue('topUpOfLoanId', '')
                  }}
                  error={form.errorOf('unionId')}
                />
                {values.unionId === '' ? (
                  <Select
                    label="Member"
                    required
                    data={[]}
                    disabled
                    placeholder="Choose a union first"
                    error={form.errorOf('memberId')}
                  />
                ) : (
                  <MemberSelect
                    // A new union means a new search: start the picker afresh.
                    key={values.unionId}
                    label="Member"
                    required
                    unionId={values.unionId}
                    value={values.memberId || null}
                    onChange={(value) => {
                      form.setValue('memberId', value ?? '')
                      form.setValue('guarantorIds', [])
                      form.setValue('topUpOfLoanId', '')
                    }}
                    error={form.errorOf('memberId')}
                  />
                )}
              </>
            )}
          </SimpleGrid>
          <MultiSelect
            mt="md"
            label="Guarantors"
            placeholder={values.memberId === '' ? 'Choose the member first' : 'Choose guarantors (optional)'}
            data={guarantorOptions}
            value={values.guarantorIds}
            onChange={(next) => {
              form.setValue('guarantorIds', next)
            }}
            disabled={values.memberId === ''}
            searchable
            clearable
            nothingFoundMessage="No guarantor found"
            error={
              form.errorOf('guarantorIds') ?? (guarantors.error ? 'Could not load guarantors' : undefined)
            }
            description={
              values.memberId !== '' && guarantors.data?.length === 0 ? (
                <>
                  This member has no guarantors yet.{' '}
                  <Anchor component={Link} to={`/members/${values.memberId}`} size="xs" target="_blank">
                    Add them on the member’s page
                  </Anchor>
                </>
              ) : undefined
            }
          />
        </Card>

        <Card withBorder padding="lg" component="section" aria-labelledby="loan-terms">
          <Title id="loan-terms" order={2} size="h4" mb="md">
            Loan
          </Title>
          <Stack gap="md">
            <Select
              label="Loan type"
              required
              placeholder={types.isLoading ? 'Loading loan types…' : 'Choose a loan type'}
              data={typeOptions.map((type) => ({
                value: type.id,
                label: type.isActive ? type.name : `${type.name} (inactive)`,
              }))}
              value={values.loanTypeId || null}
              onChange={(value) => {
                form.setValue('loanTypeId', value ?? '')
                const chosen = typeOptions.find((type) => type.id === value)
                // Only a product that allows top-ups books one (the server refuses otherwise).
                if (!chosen?.allowsTopUp) form.setValue('topUpOfLoanId', '')
                // A product with one term needs no typing; otherwise start from its shortest term.
                if (chosen && values.termCount.trim() === '')
                  form.setValue('termCount', String(chosen.minTerm))
              }}
              searchable
              allowDeselect={false}
              nothingFoundMessage="No active loan type"
              error={form.errorOf('loanTypeId') ?? (types.error ? 'Could not load loan types' : undefined)}
              description={product ? productSummary(product) : undefined}
            />
            {product?.allowsTopUp && values.memberId !== '' ? (
              <TopUpChoice
                memberId={values.memberId}
                value={values.topUpOfLoanId ?? ''}
                onChange={(next) => {
                  form.setValue('topUpOfLoanId', next)
                }}
                error={form.errorOf('topUpOfLoanId')}
              />
            ) : null}
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                label="Amount (₦)"
                required
                placeholder="50,000.00"
                inputMode="decimal"
                autoComplete="off"
                description={
                  product
                    ? `Between ${formatNaira(product.minPrincipal)} and ${formatNaira(product.maxPrincipal)}`
                    : undefined
                }
                {...form.text('principal')}
              />
              <TextInput
                label="Term"
                required
                inputMode="numeric"
                autoComplete="off"
                rightSection={
                  product ? (
                    <Text size="xs" c="dimmed" pr="xs">
                      {unitName(product.termUnit, 2)}
                    </Text>
                  ) : undefined
                }
                rightSectionWidth={70}
                description={product ? termRangeText(product) : undefined}
                {...form.text('termCount')}
              />
              <DayInput
                label="Start date"
                required
                value={values.startDate}
                onChange={(value) => {
                  form.setValue('startDate', value)
                }}
                error={form.errorOf('startDate')}
                description={
                  product
                    ? `Installment 1 falls one ${unitName(product.termUnit)} after this date`
                    : undefined
                }
              />
            </SimpleGrid>
            <Textarea
              label="Purpose"
              placeholder="What the money is for, e.g. restocking the shop"
              autosize
              minRows={2}
              maxRows={5}
              {...form.text('purpose')}
            />
          </Stack>
        </Card>

        <SchedulePreview
          preview={preview}
          product={product}
          topUpOfLoanId={product?.allowsTopUp ? (values.topUpOfLoanId ?? '') : ''}
          datesNote={
            isDated
              ? `Due dates as the loan will get them: on working days${product?.followsMeetings ? ", at the union's meetings" : ''}.`
              : null
          }
        />

        {isOverrideShown ? (
          <Alert
            color="yellow"
            icon={<IconInfoCircle aria-hidden />}
            title="This member already has a live loan"
          >
            <Stack gap="sm">
              <Text size="sm">
                One live loan per member is the rule. As an administrator you may book another one; the reason
                is recorded on the loan and in the audit trail.
              </Text>
              <Textarea
                label="Override reason"
                required
                autosize
                minRows={2}
                placeholder="Why this member may have a second loan"
                {...form.text('overrideReason')}
              />
            </Stack>
          </Alert>
        ) : null}

        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={isPending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

function productSummary(product: LoanProduct): string {
  return `${principalRangeText(product)} over ${termRangeText(product)} · ${rateWithApr(product.interest, product.termUnit, null)}`
}

/**
 * The preview with the due dates the loan would really get (docs/lending.md "Meetings and holidays"): on
 * the member's union meetings when the product follows them, moved off the company's non-working days.
 * Those need the server (the union's meeting rule and the calendar); the browser's own figures show at
 * once and the server's, the same amounts with the real dates, replace them when they arrive for the
 * values on screen. A refusal (a weekly product that cannot follow monthly meetings, say) shows as the
 * preview's error.
 */
function useDatedPreview(
  local: LoanPreview,
  values: LoanFormValues,
): { preview: LoanPreview; isDated: boolean } {
  const input =
    local.kind === 'ok' && values.memberId !== ''
      ? {
          loanTypeId: values.loanTypeId,
          principal: local.principal,
          termCount: Number.parseInt(values.termCount, 10),
          startDate: values.startDate,
          memberId: values.memberId,
        }
      : null
  // One question per pause in typing, not per keystroke.
  const [asked] = useDebouncedValue(input, 300)
  const isCurrent = asked !== null && input !== null && JSON.stringify(asked) === JSON.stringify(input)
  const dated = trpc.loan.preview.useQuery(asked ?? SKIPPED_PREVIEW, {
    enabled: asked !== null,
    retry: false,
    staleTime: 60_000,
  })
  if (!isCurrent || local.kind !== 'ok') return { preview: local, isDated: false }
  if (dated.error) return { preview: { kind: 'error', message: messageOf(dated.error) }, isDated: false }
  if (!dated.data) return { preview: local, isDated: false }
  return {
    preview: {
      kind: 'ok',
      schedule: dated.data.schedule,
      processingFee: dated.data.processingFee,
      apr: dated.data.apr,
      principal: local.principal,
    },
    isDated: true,
  }
}

/** The input of a preview not asked for (the query is disabled). */
const SKIPPED_PREVIEW = { loanTypeId: '', principal: 0, termCount: 0, startDate: '', memberId: '' }

/** What the member would repay, installment by installment: the same numbers the server books. */
function SchedulePreview({
  preview,
  product,
  topUpOfLoanId,
  datesNote,
}: {
  preview: LoanPreview
  product: LoanProduct | undefined
  /** The running loan a top-up pays off, or ''. */
  topUpOfLoanId: string
  /** Said when the dates are the server's (the union's meetings, the company calendar). */
  datesNote: string | null
}) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="loan-preview" aria-live="polite">
      <Title id="loan-preview" order={2} size="h4" mb="md">
        Schedule preview
      </Title>
      {datesNote ? (
        <Text size="sm" c="dimmed" mb="sm">
          {datesNote}
        </Text>
      ) : null}
      {preview.kind === 'incomplete' ? (
        <Text size="sm" c="dimmed">
          {preview.message}
        </Text>
      ) : preview.kind === 'error' ? (
        <Alert color="red" icon={<IconAlertCircle aria-hidden />} title="No schedule yet">
          {preview.message}
        </Alert>
      ) : product ? (
        <PreviewDetails preview={preview} product={product} topUpOfLoanId={topUpOfLoanId} />
      ) : null}
    </Card>
  )
}

function PreviewDetails({
  preview,
  product,
  topUpOfLoanId,
}: {
  preview: Extract<LoanPreview, { kind: 'ok' }>
  product: LoanProduct
  topUpOfLoanId: string
}) {
  const { schedule, processingFee, apr, principal } = preview
  const payoff = usePayoffEstimate(topUpOfLoanId)
  const received = payoff === null ? principal - processingFee : topUpCash(principal, processingFee, payoff)
  const first = schedule.installments[0]
  const last = schedule.installments.at(-1)
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
        <Figure label="Principal" value={formatNaira(principal)} />
        <Figure label="Processing fee" value={formatNaira(processingFee)} hint="Collected at disbursement" />
        {payoff === null ? null : (
          <Figure
            label="Paid off at disbursement (estimate as of today)"
            value={formatNaira(payoff)}
            hint="Quoted again on the disbursement day"
          />
        )}
        <Figure label="Member receives" value={formatNaira(received)} />
        <Figure label="Total interest" value={formatNaira(schedule.totalInterest)} />
        <Figure label="Total repayable" value={formatNaira(schedule.total)} />
        <Figure
          label="Installment"
          value={first ? formatNaira(first.total) : '—'}
          hint={
            last && first && last.total !== first.total
              ? `last one ${formatNaira(last.total)}`
              : `${schedule.installments.length} installments`
          }
        />
      </SimpleGrid>
      {payoff !== null && received < 0 ? (
        <Alert
          color="red"
          icon={<IconAlertCircle aria-hidden />}
          title="The amount does not cover the payoff and the fee"
        >
          The running loan’s payoff ({formatNaira(payoff)}) and the processing fee (
          {formatNaira(processingFee)}) come to more than the amount. At disbursement a principal below the
          payoff is refused.
        </Alert>
      ) : null}
      <Text size="sm" fw={600}>
        {rateWithApr(product.interest, product.termUnit, apr)}
      </Text>
      <ScheduleTable schedule={schedule} label="Schedule preview" />
    </Stack>
  )
}

/**
 * A top-up's choice (docs/lending.md "Top-ups"): when the member has an active loan and the product allows
 * top-ups, the new loan may pay it off at disbursement. The server checks again (the member's own loan,
 * active, no other open top-up of it) and answers under this field.
 */
function TopUpChoice({
  memberId,
  value,
  onChange,
  error,
}: {
  memberId: string
  value: string
  onChange: (next: string) => void
  error: string | undefined
}) {
  const running = trpc.loan.list.useQuery({ memberId, status: 'ACTIVE', pageSize: 5 })
  const old = running.data?.items[0]
  // No active loan (or not loaded yet): nothing to offer, but a server refusal under the field still shows.
  if (!old) {
    return error ? (
      <Text size="sm" c="red">
        {error}
      </Text>
    ) : null
  }
  return (
    <Checkbox
      label={`Pays off the running loan ${old.loanNumber}`}
      description="A top-up: the running loan is paid off from this loan’s principal on the disbursement day, and the member receives the rest"
      checked={value === old.id}
      onChange={(event) => {
        onChange(event.currentTarget.checked ? old.id : '')
      }}
      error={error}
    />
  )
}

/** The running loan's payoff as of today (loan.get's position), or null without a top-up. */
function usePayoffEstimate(loanId: string): number | null {
  const old = trpc.loan.get.useQuery({ id: loanId }, { enabled: loanId !== '' })
  if (loanId === '' || !old.data?.position) return null
  return old.data.position.payoffAmount
}

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} style={{ whiteSpace: 'nowrap' }}>
        {value}
      </Text>
      <FigureHint hint={hint} />
    </Stack>
  )
}

/** A schedule before disbursement (installment, due date, principal, interest, total) with its totals. */
export function ScheduleTable({ schedule, label }: { schedule: Schedule; label: string }) {
  const format = useCompanyFormat()
  const hasFee = schedule.totalFee > 0
  return (
    <ScrollArea.Autosize mah={420} type="auto">
      <Table.ScrollContainer minWidth={520}>
        <Table striped withTableBorder fz="sm" aria-label={label} stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <ScheduleHeadCells hasFee={hasFee} />
              <Table.Th ta="right">Installment</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {schedule.installments.map((row) => (
              <Table.Tr key={row.sequence}>
                <Table.Td>{row.sequence}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.date(row.dueDate)}</Table.Td>
                <Table.Td ta="right">{formatNaira(row.principal)}</Table.Td>
                <Table.Td ta="right">{formatNaira(row.interest)}</Table.Td>
                {hasFee ? <Table.Td ta="right">{formatNaira(row.fee)}</Table.Td> : null}
                <Table.Td ta="right">{formatNaira(row.total)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr fw={700}>
              <ScheduleTotalCells
                principal={schedule.totalPrincipal}
                interest={schedule.totalInterest}
                fee={schedule.totalFee}
                hasFee={hasFee}
              />
              <Table.Td ta="right">{formatNaira(schedule.total)}</Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </ScrollArea.Autosize>
  )
}
