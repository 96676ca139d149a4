import { addDays, addMonths, isoWeekday } from '@mp/domain'
import type { LoadProduct } from './products.js'
import type { Rng } from './prng.js'

// Calendar helpers of the load generator (ISO dates as text, compared as text).

/** A timestamp in Lagos time (UTC+1 all year) for a date and a minute of the day. */
export function at(date: string, minute: number): string {
  const m = Math.min(Math.max(minute, 0), 24 * 60 - 1)
  const hh = String(Math.floor(m / 60)).padStart(2, '0')
  const mm = String(m % 60).padStart(2, '0')
  return `${date} ${hh}:${mm}:00+01`
}

export function periodsBack(date: string, unit: LoadProduct['termUnit'], periods: number): string {
  return unit === 'WEEK' ? addDays(date, -7 * periods) : addMonths(date, -periods)
}

/** The latest date on or before `date` that falls on ISO weekday `weekday`. */
export function onOrBefore(date: string, weekday: number): string {
  return addDays(date, -((isoWeekday(date) - weekday + 7) % 7))
}

export function onOrAfter(date: string, weekday: number): string {
  return addDays(date, (weekday - isoWeekday(date) + 7) % 7)
}

export const minDate = (a: string, b: string) => (a < b ? a : b)
export const maxDate = (a: string, b: string) => (a > b ? a : b)

export class Clock {
  private date = ''
  private minute = 0
  constructor(private readonly rng: Rng) {}
  /** A timestamp on `date` after every earlier one of this loan. */
  tick(date: string): string {
    if (date > this.date) {
      this.date = date
      this.minute = this.rng.int(8 * 60, 11 * 60)
    } else {
      this.minute = Math.min(this.minute + this.rng.int(1, 25), 23 * 60 + 59)
    }
    return at(this.date, this.minute)
  }
}
