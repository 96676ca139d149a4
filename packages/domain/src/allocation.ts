import type { IsoDate } from './calendar.js'
import { assertIsoDate } from './calendar.js'
import { DomainError, describeValue } from './errors.js'
import type { Kobo } from './money.js'
import { assertKobo, formatNaira, sumKobo } from './money.js'

/**
 * VERTICAL (default; Fineract `mifos-standard-strategy`): installments oldest first, each one cleared in
 * component order before the next. HORIZONTAL: across all due installments, every penalty, then every fee,
 * then interest, then principal oldest first. PRINCIPAL_FIRST: oldest first, principal → interest →
 * penalty → fee (clears arrears principal first). See vectors/allocation.json "about".
 */
export type AllocationOrder = 'VERTICAL' | 'HORIZONTAL' | 'PRINCIPAL_FIRST'

export const ALLOCATION_ORDERS: readonly AllocationOrder[] = ['VERTICAL', 'HORIZONTAL', 'PRINCIPAL_FIRST']

export type Component = 'penalty' | 'fee' | 'interest' | 'principal'

/** docs/product.md §5 default: penalty → fee → interest → principal (configurable per loan type). */
export const DEFAULT_COMPONENT_ORDER: readonly Component[] = ['penalty', 'fee', 'interest', 'principal']

export const PRINCIPAL_FIRST_COMPONENT_ORDER: readonly Component[] = [
  'principal',
  'interest',
  'penalty',
  'fee',
]

/** What is still owed on one installment, per component, in kobo. */
export type OwedInstallment = {
  sequence: number
  dueDate: IsoDate
  penalty: Kobo
  fee: Kobo
  interest: Kobo
  principal: Kobo
}

export type AllocationLine = {
  sequence: number
  penalty: Kobo
  fee: Kobo
  interest: Kobo
  principal: Kobo
  total: Kobo
}

export type AllocationPlan = {
  order?: AllocationOrder
  /** Component order for VERTICAL and HORIZONTAL (a loan-type setting). PRINCIPAL_FIRST has its own. */
  componentOrder?: readonly Component[]
}

export type AllocationInput = AllocationPlan & {
  /** Payment in kobo, at least 1. */
  amount: Kobo
  installments: readonly OwedInstallment[]
  /**
   * The payment date. Installments due on or before it are "due now" and are paid first by `order`; the
   * rest are future installments, paid oldest first afterwards. Without it every installment counts as due.
   */
  asOf?: IsoDate
}

export type Allocation = {
  amount: Kobo
  /** Non-empty lines only, by installment due date then sequence. Σ line totals = amount. */
  lines: AllocationLine[]
  /** What the installments still owe afterwards (same order as given). */
  remaining: OwedInstallment[]
  /** Everything owed before the payment: the largest payment accepted. */
  payoff: Kobo
}

export type ResolvedPlan = { order: AllocationOrder; components: readonly Component[] }

const COMPONENTS: readonly Component[] = ['penalty', 'fee', 'interest', 'principal']

export function resolvePlan(plan: AllocationPlan): ResolvedPlan {
  const order = plan.order ?? 'VERTICAL'
  if (!ALLOCATION_ORDERS.includes(order)) {
    throw new DomainError({
      code: 'INVALID_OPTION',
      message: `Allocation order must be VERTICAL, HORIZONTAL or PRINCIPAL_FIRST (got ${describeValue(order)}).`,
      details: { field: 'allocationOrder' },
    })
  }
  if (order === 'PRINCIPAL_FIRST') return { order, components: PRINCIPAL_FIRST_COMPONENT_ORDER }
  const components = plan.componentOrder ?? DEFAULT_COMPONENT_ORDER
  const isPermutation =
    components.length === COMPONENTS.length &&
    COMPONENTS.every((c) => components.filter((x) => x === c).length === 1)
  if (!isPermutation) {
    throw new DomainError({
      code: 'INVALID_OPTION',
      message: `Component order must list penalty, fee, interest and principal once each (got ${components.join(', ') || 'nothing'}).`,
      details: { field: 'componentOrder' },
    })
  }
  return { order, components }
}

function owedTotal(owed: Pick<OwedInstallment, Component>): Kobo {
  return owed.penalty + owed.fee + owed.interest + owed.principal
}

/** Oldest first: by due date, then by sequence. */
function byDueDate(
  a: { dueDate: IsoDate; sequence: number },
  b: { dueDate: IsoDate; sequence: number },
): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1
  return a.sequence - b.sequence
}

/**
 * The waterfall itself, without validation. `owed` must be sorted oldest first; `isDue[i]` says whether
 * installment i is due now. Money that exceeds everything owed is returned as `excess` (never dropped).
 */
export function distribute(
  amount: Kobo,
  owed: readonly OwedInstallment[],
  isDue: readonly boolean[],
  plan: ResolvedPlan,
): { lines: AllocationLine[]; excess: Kobo } {
  let left = amount
  const taken = owed.map((o) => ({
    sequence: o.sequence,
    penalty: 0,
    fee: 0,
    interest: 0,
    principal: 0,
    total: 0,
  }))
  const take = (index: number, component: Component): void => {
    const line = taken[index]
    const source = owed[index]
    if (line === undefined || source === undefined || left === 0) return
    const amountTaken = Math.min(left, source[component] - line[component])
    if (amountTaken <= 0) return
    line[component] += amountTaken
    line.total += amountTaken
    left -= amountTaken
  }
  const due: number[] = []
  const future: number[] = []
  owed.forEach((_, index) => (isDue[index] === true ? due : future).push(index))

  if (plan.order === 'HORIZONTAL') {
    for (const component of plan.components) for (const index of due) take(index, component)
  } else {
    for (const index of due) {
      if (left === 0) break
      for (const component of plan.components) take(index, component)
    }
  }
  // Remainder beyond what is due now: future installments oldest first, each cleared in component order
  // (the default "next future installment" placement of reference §2.5).
  for (const index of future) {
    if (left === 0) break
    for (const component of plan.components) take(index, component)
  }

  return { lines: taken.filter((line) => line.total > 0), excess: left }
}

export function overpaymentError(amount: Kobo, maximum: Kobo): DomainError {
  return new DomainError({
    code: 'OVERPAYMENT',
    message: `The payment of ${formatNaira(amount)} is more than this loan's payoff amount; the most that can be accepted is ${formatNaira(maximum)}.`,
    details: { field: 'amount', maximum, maximumFormatted: formatNaira(maximum), amount },
  })
}

/**
 * Allocate one payment over what a loan owes (docs/product.md §5). Refuses an amount above the payoff with
 * OVERPAYMENT (the maximum in kobo and in ₦ in `details`); otherwise every kobo lands on a component.
 */
export function allocatePayment(input: AllocationInput): Allocation {
  assertKobo(input.amount, { field: 'amount', min: 1 })
  if (input.asOf !== undefined) assertIsoDate(input.asOf, 'asOf')
  const plan = resolvePlan(input)
  // Lines and `remaining` are matched by sequence, so a repeated one would show one installment's payment
  // on the other: refuse it rather than misreport what is owed.
  const sequences = new Set<number>()
  input.installments.forEach((inst, index) => {
    assertIsoDate(inst.dueDate, `installments[${index}].dueDate`)
    for (const component of COMPONENTS)
      assertKobo(inst[component], { field: `installments[${index}].${component}` })
    const isWhole = Number.isSafeInteger(inst.sequence)
    if (!isWhole || sequences.has(inst.sequence)) {
      throw new DomainError({
        code: 'INVALID_OPTION',
        message: `Installment ${index + 1} in the list has sequence number ${describeValue(inst.sequence)}, ${isWhole ? 'which another installment already uses' : 'which is not a whole number'}; each installment needs its own whole sequence number.`,
        details: { field: `installments[${index}].sequence` },
      })
    }
    sequences.add(inst.sequence)
  })
  const sorted = [...input.installments].sort(byDueDate)
  const payoff = sumKobo(
    sorted.map((inst) => owedTotal(inst)),
    'payoff',
  )
  if (input.amount > payoff) throw overpaymentError(input.amount, payoff)
  const asOf = input.asOf
  const isDue = sorted.map((inst) => asOf === undefined || inst.dueDate <= asOf)
  const { lines } = distribute(input.amount, sorted, isDue, plan)
  const bySequence = new Map(lines.map((line) => [line.sequence, line]))
  const remaining = input.installments.map((inst) => {
    const line = bySequence.get(inst.sequence)
    if (line === undefined) return { ...inst }
    return {
      ...inst,
      penalty: inst.penalty - line.penalty,
      fee: inst.fee - line.fee,
      interest: inst.interest - line.interest,
      principal: inst.principal - line.principal,
    }
  })
  return { amount: input.amount, lines, remaining, payoff }
}
