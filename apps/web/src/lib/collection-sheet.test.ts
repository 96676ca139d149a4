import { TRPCClientError } from '@trpc/react-query'
import { describe, expect, it } from 'vitest'
import {
  failedRowOf,
  fillDueAmounts,
  gridIndexOfFailedRow,
  newIdempotencyKey,
  parseSheetAmount,
  planSheetPost,
  sheetSignature,
  sheetTotals,
  submissionFor,
  withAmountText,
  type SheetEntries,
  type SheetRow,
} from './collection-sheet'

const rows: SheetRow[] = [
  {
    loanId: 'loan-a',
    loanNumber: 'LN00000001',
    memberName: 'Ada Obi',
    dueNow: 500000,
    payoffAmount: 2000000,
  },
  { loanId: 'loan-b', loanNumber: 'LN00000002', memberName: 'Bola Ade', dueNow: 0, payoffAmount: 900000 },
  {
    loanId: 'loan-c',
    loanNumber: 'LN00000003',
    memberName: 'Ngozi Okafor',
    dueNow: 125050,
    payoffAmount: 300000,
  },
]

function entries(amounts: Record<string, string>, references: Record<string, string> = {}): SheetEntries {
  const result: Record<string, ReturnType<typeof withAmountText>> = {}
  for (const [loanId, text] of Object.entries(amounts)) {
    result[loanId] = { ...withAmountText(undefined, text), reference: references[loanId] ?? '' }
  }
  return result
}

function serverError(message: string, details: Record<string, unknown> | null) {
  return new TRPCClientError(message, {
    result: {
      error: {
        code: -32600,
        message,
        data: { code: 'BAD_REQUEST', httpStatus: 400, path: 'collectionSheet.post', details },
      },
    },
  })
}

describe('parseSheetAmount', () => {
  it('reads naira exactly into kobo', () => {
    expect(parseSheetAmount('5,000')).toEqual({ ok: true, value: 500000 })
    expect(parseSheetAmount(' ₦1,250.5 ')).toEqual({ ok: true, value: 125050 })
    // 0.1 + 0.2 would not survive a float; kobo strings do.
    expect(parseSheetAmount('0.29')).toEqual({ ok: true, value: 29 })
  })

  it('treats an empty field as nothing paid', () => {
    expect(parseSheetAmount('  ')).toEqual({ ok: true, value: null })
    expect(parseSheetAmount('0')).toEqual({ ok: true, value: 0 })
  })

  it('refuses what is not an amount', () => {
    expect(parseSheetAmount('5k')).toMatchObject({ ok: false })
    expect(parseSheetAmount('12.345')).toMatchObject({ ok: false })
    expect(parseSheetAmount('-5')).toEqual({ ok: false, error: 'Amount cannot be negative' })
    expect(parseSheetAmount('9'.repeat(20))).toEqual({ ok: false, error: 'Amount is too large' })
  })
})

describe('fillDueAmounts', () => {
  it('fills every empty row that owes something with its due amount', () => {
    const filled = fillDueAmounts(rows, {})
    expect(filled['loan-a']?.amount).toBe(500000)
    expect(filled['loan-a']?.amountText).toBe('5,000.00')
    expect(filled['loan-c']?.amount).toBe(125050)
    expect(filled['loan-b']).toBeUndefined()
  })

  it('keeps what the officer already typed, and the references', () => {
    const filled = fillDueAmounts(rows, entries({ 'loan-a': '1,000' }, { 'loan-a': 'TRF-1' }))
    expect(filled['loan-a']).toMatchObject({ amount: 100000, reference: 'TRF-1' })
    expect(filled['loan-c']?.amount).toBe(125050)
  })
})

describe('sheetTotals', () => {
  it('adds what was entered against what is due', () => {
    expect(sheetTotals(rows, entries({ 'loan-a': '5000', 'loan-b': '0', 'loan-c': 'abc' }))).toEqual({
      entered: 500000,
      count: 1,
      due: 625050,
      invalidCount: 1,
    })
  })
})

describe('planSheetPost', () => {
  it('posts only rows with an amount above zero and remembers where they sit in the grid', () => {
    const plan = planSheetPost(
      rows,
      entries({ 'loan-a': '', 'loan-b': '0', 'loan-c': '1,250.50' }, { 'loan-c': ' POS 77 ' }),
    )
    expect(plan).toEqual({
      ok: true,
      rows: [{ loanId: 'loan-c', amount: 125050, reference: 'POS 77' }],
      gridIndexes: [2],
      total: 125050,
    })
  })

  it('leaves a blank reference out', () => {
    const plan = planSheetPost(rows, entries({ 'loan-a': '5,000' }, { 'loan-a': '   ' }))
    expect(plan.ok && plan.rows).toEqual([{ loanId: 'loan-a', amount: 500000 }])
  })

  it('names every row to fix, and posts nothing', () => {
    const plan = planSheetPost(rows, entries({ 'loan-a': '5,000', 'loan-b': 'five', 'loan-c': '3,000.01' }))
    expect(plan.ok).toBe(false)
    if (plan.ok) return
    expect(Object.keys(plan.problems).sort()).toEqual(['loan-b', 'loan-c'])
    expect(plan.problems['loan-c']).toBe('More than the ₦3,000.00 that pays this loan off')
  })

  it('refuses a reference longer than the server takes', () => {
    const plan = planSheetPost(rows, entries({ 'loan-a': '5,000' }, { 'loan-a': 'x'.repeat(101) }))
    expect(plan.ok).toBe(false)
  })

  it('has nothing to post when nothing was typed', () => {
    expect(planSheetPost(rows, {})).toEqual({ ok: true, rows: [], gridIndexes: [], total: 0 })
  })
})

describe('failedRowOf and gridIndexOfFailedRow', () => {
  it('maps the server row (posted order) back to the grid row', () => {
    const plan = planSheetPost(rows, entries({ 'loan-a': '5,000', 'loan-c': '2,999' }))
    expect(plan.ok).toBe(true)
    if (!plan.ok) return
    const error = serverError('Row 2 (LN00000003, Ngozi Okafor): Loan is not active', {
      row: 2,
      maximum: 300000,
    })
    expect(failedRowOf(error)).toBe(2)
    expect(gridIndexOfFailedRow(plan.gridIndexes, failedRowOf(error))).toBe(2)
    expect(rows[2]?.memberName).toBe('Ngozi Okafor')
  })

  it('falls back to the "Row N" the message starts with', () => {
    expect(failedRowOf(serverError('Row 3: this loan appears twice on the sheet', null))).toBe(3)
  })

  it('names no row for other failures', () => {
    expect(failedRowOf(serverError('Sheet date cannot be in the future', null))).toBeUndefined()
    expect(failedRowOf(new Error('Row 1'))).toBeUndefined()
    expect(gridIndexOfFailedRow([0, 2], 5)).toBeUndefined()
    expect(gridIndexOfFailedRow([0, 2], undefined)).toBeUndefined()
  })
})

describe('submissionFor', () => {
  const payload = {
    unionId: 'u1',
    date: '2026-11-26',
    method: 'CASH',
    rows: [{ loanId: 'loan-a', amount: 500000 }],
  }

  it('keeps the key while the same sheet is submitted again (double click, retry)', () => {
    let made = 0
    const makeKey = () => `key-${String(++made)}`
    const first = submissionFor(null, sheetSignature(payload), makeKey)
    const again = submissionFor(first, sheetSignature({ ...payload, rows: [...payload.rows] }), makeKey)
    expect(again.key).toBe('key-1')
  })

  it('takes a new key once anything posted changed', () => {
    let made = 0
    const makeKey = () => `key-${String(++made)}`
    const first = submissionFor(null, sheetSignature(payload), makeKey)
    const edited = submissionFor(
      first,
      sheetSignature({ ...payload, rows: [{ loanId: 'loan-a', amount: 500001 }] }),
      makeKey,
    )
    expect(edited.key).toBe('key-2')
    expect(submissionFor(edited, sheetSignature({ ...payload, method: 'TRANSFER' }), makeKey).key).toBe(
      'key-3',
    )
  })

  it('makes keys the server accepts', () => {
    const key = newIdempotencyKey()
    expect(key).toMatch(/^[A-Za-z0-9:_-]{8,100}$/)
    expect(newIdempotencyKey()).not.toBe(key)
  })
})
