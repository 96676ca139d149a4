import { describe, expect, it } from 'vitest'
import { backupPercent, countsSummary, totalRows } from './backups'

describe('backup figures', () => {
  it('summarises the tables staff recognise, singular and plural', () => {
    expect(
      countsSummary({ staff_user: 1, union: 2, member: 1500, loan: 3, repayment: 0, audit_log: 9 }),
    ).toBe('1 staff member · 2 unions · 1,500 members · 3 loans · 0 repayments')
    expect(countsSummary(null)).toBe('—')
  })

  it('adds every table and shows progress by tables written', () => {
    expect(totalRows({ a: 2, b: 3 })).toBe(5)
    expect(backupPercent({ tablesDone: 8, tablesTotal: 32 })).toBe(25)
    expect(backupPercent({ tablesDone: 0, tablesTotal: 0 })).toBe(0)
  })
})
