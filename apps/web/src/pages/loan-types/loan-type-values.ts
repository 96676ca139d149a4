// The loan type editor's values: from a type, and back to the server's input with the field errors
// (the server's own schema, @mp/api/schemas).
import { ZLoanTypeInput } from '@mp/api/schemas'
import {
  koboToNaira,
  nairaToKobo,
  parseWhole,
  percentToRate,
  rateToPercent,
  type Parsed,
} from '../../lib/loan-type-form'
import { issueErrors } from '../../lib/schema-errors'
import {
  type Fee,
  type Interest,
  type LoanType,
  type LoanTypeInput,
  type Penalty,
  type TermUnit,
} from './loan-type-data'

type FeeKind = 'NONE' | Fee['kind']
type PenaltyKind = 'NONE' | Penalty['kind']

export type Values = {
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
  /** Due dates on the union's meetings (docs/lending.md "Union meetings"). */
  followsMeetings: boolean
  meetingMinGapDays: string
  nonWorkingDayRule: LoanType['nonWorkingDayRule']
  /** A loan of this product may pay off the member's running loan (docs/lending.md "Top-ups"). */
  allowsTopUp: boolean
}

export type SelectField =
  | 'termUnit'
  | 'interestMethod'
  | 'flatBasis'
  | 'feeKind'
  | 'penaltyKind'
  | 'penaltyMode'
  | 'allocationOrder'
  | 'rounding'
  | 'nonWorkingDayRule'

type Errors = Partial<Record<keyof Values, string>>
/** The fields typed as text. */
type TextField = { [K in keyof Values]: Values[K] extends string ? K : never }[keyof Values]

export function initialValues(type: LoanType | undefined): Values {
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
    followsMeetings: type?.followsMeetings ?? false,
    meetingMinGapDays: String(type?.meetingMinGapDays ?? 7),
    nonWorkingDayRule: type?.nonWorkingDayRule ?? 'next',
    allowsTopUp: type?.allowsTopUp ?? false,
  }
}

// Where the server schema's issues belong on this form (the rules' nested fields have their own inputs).
const RULE_FIELDS: Record<string, Partial<Record<PropertyKey, keyof Values>>> = {
  interest: { rate: 'interestRate', ratePerPeriod: 'interestRate' },
  processingFee: { amount: 'feeAmount', rate: 'feeRate', min: 'feeMin', max: 'feeMax' },
  penalty: {
    ratePerDay: 'penaltyRate',
    amountPerDay: 'penaltyAmount',
    graceDays: 'penaltyGraceDays',
    mode: 'penaltyMode',
    cap: 'penaltyCap',
  },
}
const VALUE_FIELDS = Object.keys(initialValues(undefined)) as (keyof Values)[]

function fieldOfIssue(path: readonly PropertyKey[]): PropertyKey | undefined {
  const [first, second] = path
  const rule = typeof first === 'string' ? RULE_FIELDS[first] : undefined
  return rule ? (second === undefined ? undefined : rule[second]) : first
}

/**
 * The form's text as the API's input, or the message under each field that is not right yet: text that
 * is not a number or an amount is refused here; every rule on the numbers (ranges, min ≤ max) is the
 * server's own schema (@mp/api/schemas), with its messages.
 */
export function toInput(
  values: Values,
  original: LoanType | undefined,
): { input: LoanTypeInput; errors: null } | { input: null; errors: Errors } {
  const errors: Errors = {}
  function take<T>(field: keyof Values, parsed: Parsed<T>): T | undefined {
    if (parsed.ok) return parsed.value
    errors[field] = parsed.error
    return undefined
  }
  function optionalKobo(field: TextField, label: string): number | undefined {
    const text = values[field]
    return text.trim() ? take(field, nairaToKobo(text, label)) : undefined
  }
  function whole(field: TextField, label: string): number | undefined {
    return take(field, parseWhole(values[field], label, 0, Number.MAX_SAFE_INTEGER))
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
    const graceDays = whole('penaltyGraceDays', 'Grace days')
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

  const candidate = {
    name: values.name.trim(),
    description: values.description.trim() || null,
    minPrincipal: take('minPrincipal', nairaToKobo(values.minPrincipal, 'Minimum principal')),
    maxPrincipal: take('maxPrincipal', nairaToKobo(values.maxPrincipal, 'Maximum principal')),
    termUnit: values.termUnit,
    minTerm: whole('minTerm', 'Minimum term'),
    maxTerm: whole('maxTerm', 'Maximum term'),
    interest,
    processingFee,
    penalty,
    allocationOrder: values.allocationOrder,
    rounding: values.rounding,
    installmentMultiple: optionalKobo('installmentMultiple', 'Installment multiple') ?? null,
    followsMeetings: values.followsMeetings,
    meetingMinGapDays: whole('meetingMinGapDays', 'Minimum days before the first meeting'),
    nonWorkingDayRule: values.nonWorkingDayRule,
    allowsTopUp: values.allowsTopUp,
  }
  // The server's rules on what parsed; a field whose text did not parse keeps the message above.
  const parsed = ZLoanTypeInput.safeParse(candidate)
  if (parsed.success && Object.keys(errors).length === 0) return { input: parsed.data, errors: null }
  const ruleErrors = parsed.success ? {} : issueErrors(parsed.error.issues, VALUE_FIELDS, fieldOfIssue)
  return { input: null, errors: { ...ruleErrors, ...errors } }
}
