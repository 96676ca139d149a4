import { describe, expect, it } from 'vitest'
import { BRAND_SHADE, generateColorTuple, isHexColor, readableTextOn, relativeLuminance } from './brand'

describe('generateColorTuple', () => {
  it('gives ten shades with the brand colour itself at the primary shade', () => {
    const tuple = generateColorTuple('#0b7285')
    expect(tuple).toHaveLength(10)
    expect(tuple[BRAND_SHADE]).toBe('#0b7285')
    for (const shade of tuple) expect(isHexColor(shade)).toBe(true)
  })

  it('runs from light to dark', () => {
    const luminances = generateColorTuple('#e67700').map(relativeLuminance)
    for (let index = 1; index < luminances.length; index += 1) {
      expect(luminances[index]).toBeLessThan(luminances[index - 1] ?? Number.POSITIVE_INFINITY)
    }
    expect(luminances[0]).toBeGreaterThan(0.8)
  })

  it('accepts upper-case hex and keeps it exact', () => {
    expect(generateColorTuple('#FF0000')[BRAND_SHADE]).toBe('#ff0000')
  })

  it('refuses anything that is not #rrggbb', () => {
    expect(() => generateColorTuple('red')).toThrow(RangeError)
    expect(() => generateColorTuple('#fff')).toThrow(RangeError)
  })
})

describe('readableTextOn', () => {
  it('puts white text on dark colours and black text on light ones', () => {
    expect(readableTextOn('#0b7285')).toBe('#ffffff')
    expect(readableTextOn('#ffd43b')).toBe('#000000')
  })
})
