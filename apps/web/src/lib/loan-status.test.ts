import { describe, expect, it } from 'vitest'
import {
  LOAN_STATUS_FILTER_OPTIONS,
  daysLateText,
  eventFacts,
  installmentStateBadge,
  isLoanStatusFilter,
  loanEventLabel,
  loanStatusBadge,
  statusWords,
} from './loan-status'

describe('loanStatusBadge', () => {
  it('shows a running loan behind on its installments as Overdue, with how late it is', () => {
    expect(loanStatusBadge('ACTIVE', 12)).toEqual({
      label: 'Overdue',
      color: 'orange',
      detail: '12 days late',
    })
    expect(loanStatusBadge('ACTIVE', 1).detail).toBe('1 day late')
  })
  it('keeps an up-to-date loan Active, and a defaulted one red with its days late', () => {
    expect(loanStatusBadge('ACTIVE', 0)).toEqual({ label: 'Active', color: 'blue', detail: '' })
    expect(loanStatusBadge('DEFAULTED', 95)).toEqual({
      label: 'Defaulted',
      color: 'red',
      detail: '95 days late',
    })
  })
  it('never shows lateness on a loan that is not running', () => {
    expect(loanStatusBadge('PENDING_APPROVAL', 0)).toEqual({
      label: 'Pending approval',
      color: 'yellow',
      detail: '',
    })
    expect(loanStatusBadge('WRITTEN_OFF', 200).detail).toBe('')
  })
})

describe('daysLateText', () => {
  it('is empty when not late and singular for one day', () => {
    expect(daysLateText(0)).toBe('')
    expect(daysLateText(-3)).toBe('')
    expect(daysLateText(1)).toBe('1 day late')
    expect(daysLateText(30)).toBe('30 days late')
  })
})

describe('status filter options', () => {
  it('offers every stored status plus Overdue, each once', () => {
    const values = LOAN_STATUS_FILTER_OPTIONS.map((option) => option.value)
    expect(new Set(values).size).toBe(values.length)
    expect(values).toContain('OVERDUE')
    expect(values).toContain('WRITTEN_OFF')
    expect(isLoanStatusFilter('OVERDUE')).toBe(true)
    expect(isLoanStatusFilter('LATE')).toBe(false)
    expect(isLoanStatusFilter(null)).toBe(false)
  })
})

describe('labels', () => {
  it('names installment states and timeline events in words', () => {
    expect(installmentStateBadge('DUE_TODAY')).toEqual({ label: 'Due today', color: 'orange' })
    expect(installmentStateBadge('OVERDUE').color).toBe('red')
    expect(loanEventLabel('SUBMITTED')).toBe('Submitted for approval')
    expect(loanEventLabel('SOMETHING_NEW')).toBe('Something new')
    expect(statusWords('PENDING_APPROVAL')).toBe('Pending approval')
    expect(statusWords('ODD_ONE')).toBe('Odd one')
  })
})

describe('eventFacts', () => {
  it('picks the known facts of an event in a fixed order, leaving out anything odd', () => {
    expect(
      eventFacts({ amount: 916_666, receiptNumber: 'RC00000012', repaymentId: 'x', paidOn: '2025-02-03' }),
    ).toEqual([
      { label: 'Receipt', value: 'RC00000012', kind: 'text' },
      { label: 'Amount', value: '916666', kind: 'money' },
      { label: 'Paid on', value: '2025-02-03', kind: 'date' },
    ])
    expect(
      eventFacts({ amount: '12', processingFee: 1.5, startDate: '', disbursedOn: '03/02/2025' }),
    ).toEqual([])
    expect(eventFacts(null)).toEqual([])
  })
})
