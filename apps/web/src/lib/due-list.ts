// Which days the due list covers, from the quick choice on the page (Today / A day / A range).
import { addDays, daysBetween } from '@mp/domain'
import type { Parsed } from './loan-type-form'

export type DueRangeMode = 'today' | 'day' | 'range'

export type DueRangeChoice = {
  mode: DueRangeMode
  /** `YYYY-MM-DD` or '' (mode "day"). */
  day: string
  /** `YYYY-MM-DD` or '' (mode "range"). */
  from: string
  to: string
}

/** The server's limit (loan.dueList). */
const MAX_DUE_LIST_DAYS = 366

export type DueRange = { from: string; to: string }

/** The days to ask the server for, or why the choice is not complete yet. */
export function dueRangeOf(choice: DueRangeChoice, today: string): Parsed<DueRange> {
  switch (choice.mode) {
    case 'today':
      return { ok: true, value: { from: today, to: today } }
    case 'day':
      if (choice.day === '') return { ok: false, error: 'Choose a day' }
      return { ok: true, value: { from: choice.day, to: choice.day } }
    case 'range': {
      if (choice.from === '' || choice.to === '') return { ok: false, error: 'Choose the first and last day' }
      if (choice.to < choice.from)
        return { ok: false, error: 'The last day must be on or after the first day' }
      if (daysBetween(choice.from, choice.to) > MAX_DUE_LIST_DAYS) {
        return { ok: false, error: `A due list covers at most ${MAX_DUE_LIST_DAYS} days` }
      }
      return { ok: true, value: { from: choice.from, to: choice.to } }
    }
  }
}

/** The range a newly chosen "A range" starts with: the coming week, today included. */
export function defaultRange(today: string): DueRange {
  return { from: today, to: addDays(today, 6) }
}
