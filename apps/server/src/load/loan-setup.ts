import { addDays, daysBetween } from '@mp/domain'
import { minDate, onOrAfter, onOrBefore, periodsBack } from './dates.js'
import type { LoanCategory, SimulationContext, UnionPlan } from './plan.js'
import { LOAD_PRODUCTS, periodDays, type LoadProduct } from './products.js'
import type { Rng } from './prng.js'

// Where a loan sits in its member's timeline, and its size: product, principal, term and dates chosen so
// that the loan ends up in its planned state today (closed, running, in arrears, defaulted, written off).

function pickProduct(rng: Rng, filter: (product: LoadProduct) => boolean = () => true): number {
  const choices = LOAD_PRODUCTS.map(
    (product, index) => [index, filter(product) ? product.weight : 0] as const,
  )
  return rng.weighted(
    choices.some(([, weight]) => weight > 0) ? choices : choices.map(([i]) => [i, 1] as const),
  )
}

export function productAt(index: number): LoadProduct {
  const product = LOAD_PRODUCTS[index]
  if (!product) throw new Error(`no product ${index}`)
  return product
}

/** A principal in whole thousands of naira, skewed to the lower end of the product's range. */
function pickPrincipal(rng: Rng, product: LoadProduct): number {
  const step = 100_000
  const low = Math.ceil(product.minPrincipal / step)
  const high = Math.floor(Math.min(product.maxPrincipal, product.minPrincipal * 12) / step)
  const u = rng.next()
  return (low + Math.floor(u * u * (high - low + 1))) * step
}

export type LoanSetup = {
  category: LoanCategory
  product: number
  principal: number
  termCount: number
  createdOn: string
  /** For disbursed loans. */
  disbursedOn: string | null
  startDate: string
  /** COMPLETED: the day by which it is paid off. */
  finishBy: string | null
  /** ARREARS/DEFAULTED/WRITTEN_OFF: the first installment left unpaid (payments stop before its due date). */
  firstUnpaid: number | null
}

/** Dates and sizes of one loan, placed in the member's timeline. */
export function setupLoan(
  rng: Rng,
  ctx: SimulationContext,
  union: UnionPlan,
  cat: LoanCategory,
  window: { from: string; to: string } | null,
): LoanSetup {
  const today = ctx.today
  const productIndex = pickProduct(rng)
  let product = productAt(productIndex)
  let chosen = productIndex
  const snap = (date: string) => (product.termUnit === 'WEEK' ? onOrBefore(date, union.meetingWeekday) : date)
  const term = (max: number) =>
    rng.int(product.minTerm, Math.max(product.minTerm, Math.min(product.maxTerm, max)))
  switch (cat) {
    case 'COMPLETED':
    case 'CANCELED': {
      const from = window?.from ?? addDays(today, -400)
      const to = window?.to ?? addDays(today, -5)
      const span = Math.max(1, daysBetween(from, to))
      const room = (p: LoadProduct) => p.minTerm * periodDays(p.termUnit) <= span * 0.8
      if (!room(product)) {
        chosen = pickProduct(rng, room)
        product = productAt(chosen)
      }
      const createdOn = addDays(from, rng.int(0, Math.min(10, Math.floor(span / 5))))
      const disbursedOn = minDate(addDays(createdOn, rng.int(1, 5)), today)
      const startDate =
        product.termUnit === 'WEEK'
          ? minDate(onOrAfter(disbursedOn, union.meetingWeekday), today)
          : disbursedOn
      const fits = Math.floor(
        (daysBetween(startDate, to) * (0.6 + 0.35 * rng.next())) / periodDays(product.termUnit),
      )
      return {
        category: cat,
        product: chosen,
        principal: pickPrincipal(rng, product),
        termCount: term(fits),
        createdOn,
        disbursedOn: cat === 'CANCELED' ? null : disbursedOn,
        startDate: cat === 'CANCELED' ? addDays(createdOn, 7) : startDate,
        finishBy: to,
        firstUnpaid: null,
      }
    }
    case 'ACTIVE': {
      const termCount = term(product.maxTerm)
      const elapsed = rng.int(0, termCount - 1)
      const back = periodsBack(today, product.termUnit, elapsed)
      const startDate = product.termUnit === 'WEEK' ? snap(back) : addDays(back, -rng.int(0, 27))
      const disbursedOn = startDate
      return {
        category: cat,
        product: chosen,
        principal: pickPrincipal(rng, product),
        termCount,
        createdOn: addDays(disbursedOn, -rng.int(2, 10)),
        disbursedOn,
        startDate,
        finishBy: null,
        firstUnpaid: null,
      }
    }
    case 'ARREARS':
    case 'DEFAULTED':
    case 'WRITTEN_OFF': {
      const termCount = term(product.maxTerm)
      const days =
        cat === 'ARREARS'
          ? rng.weighted([
              [rng.int(1, 30), 60],
              [rng.int(31, 60), 25],
              [rng.int(61, 90), 15],
            ])
          : cat === 'DEFAULTED'
            ? rng.int(91, 360)
            : rng.int(200, 450)
      const paid = rng.int(
        0,
        cat === 'ARREARS' ? termCount - 1 : Math.min(termCount - 1, cat === 'DEFAULTED' ? 8 : 4),
      )
      // The first unpaid installment (paid + 1) falls due `days` before today.
      const firstUnpaidDue = addDays(today, -days)
      let startDate = periodsBack(firstUnpaidDue, product.termUnit, paid + 1)
      if (product.termUnit === 'WEEK') startDate = snap(startDate)
      return {
        category: cat,
        product: chosen,
        principal: pickPrincipal(rng, product),
        termCount,
        createdOn: addDays(startDate, -rng.int(2, 10)),
        disbursedOn: startDate,
        startDate,
        finishBy: null,
        firstUnpaid: paid + 1,
      }
    }
    case 'DRAFT':
    case 'PENDING_APPROVAL':
    case 'APPROVED': {
      const createdOn = addDays(today, -rng.int(0, 20))
      const startDate = addDays(createdOn, rng.int(7, 14))
      return {
        category: cat,
        product: chosen,
        principal: pickPrincipal(rng, product),
        termCount: term(product.maxTerm),
        createdOn,
        disbursedOn: null,
        startDate: product.termUnit === 'WEEK' ? onOrAfter(startDate, union.meetingWeekday) : startDate,
        finishBy: null,
        firstUnpaid: null,
      }
    }
  }
}
