import { describe, expect, it } from 'vitest'
import { createAppTheme, DEFAULT_BRAND } from './theme'

describe('createAppTheme', () => {
  it('makes the company colours the primary and accent palettes, exact at the primary shade', () => {
    const theme = createAppTheme({ primaryColor: '#1971c2', secondaryColor: '#c92a2a' })
    expect(theme.primaryColor).toBe('brand')
    expect(theme.primaryShade).toEqual({ light: 6, dark: 6 })
    expect(theme.colors?.brand?.[6]).toBe('#1971c2')
    expect(theme.colors?.accent?.[6]).toBe('#c92a2a')
  })

  it('falls back to the default brand when settings are missing or unusable', () => {
    for (const brand of [undefined, { primaryColor: 'blue', secondaryColor: '#c92a2a' }]) {
      const theme = createAppTheme(brand)
      expect(theme.colors?.brand?.[6]).toBe(DEFAULT_BRAND.primaryColor)
      expect(theme.colors?.accent?.[6]).toBe(DEFAULT_BRAND.secondaryColor)
    }
  })
})
