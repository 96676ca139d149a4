import { describe, expect, it } from 'vitest'
import { auditDiffRows, displayValue, humanize } from './audit-diff'

describe('auditDiffRows', () => {
  it('lists the server-reported changes first, then unchanged fields for context', () => {
    const rows = auditDiffRows(
      { first_name: 'Ada', last_name: 'Obi', phone: null },
      { first_name: 'Adaeze', last_name: 'Obi', phone: '0803' },
      [
        { field: 'first_name', before: 'Ada', after: 'Adaeze' },
        { field: 'phone', before: null, after: '0803' },
      ],
    )
    expect(rows).toEqual([
      { field: 'first_name', before: 'Ada', after: 'Adaeze', isChanged: true },
      { field: 'phone', before: '—', after: '0803', isChanged: true },
      { field: 'last_name', before: 'Obi', after: 'Obi', isChanged: false },
    ])
  })

  it('works out the changes itself when the server lists none (a create)', () => {
    const rows = auditDiffRows(null, { name: 'Alpha union', isActive: true }, [])
    expect(rows.every((row) => row.isChanged)).toBe(true)
    expect(rows.map((row) => row.field).sort()).toEqual(['isActive', 'name'])
  })

  it('has nothing to show when neither side has fields', () => {
    expect(auditDiffRows(null, null, [])).toEqual([])
  })
})

describe('displayValue', () => {
  it('shows empty values as a dash and objects as JSON', () => {
    expect(displayValue(null)).toBe('—')
    expect(displayValue('')).toBe('—')
    expect(displayValue(false)).toBe('false')
    expect(displayValue({ a: 1 })).toBe('{"a":1}')
  })
})

describe('humanize', () => {
  it('turns action codes into words', () => {
    expect(humanize('PASSWORD_CHANGE')).toBe('Password change')
    expect(humanize('staff_user.create')).toBe('Staff user create')
  })
})
