import { DEFAULT_THEME } from '@mantine/core'
import { describe, expect, it } from 'vitest'
import { relativeLuminance } from './lib/brand'
import {
  contrastRatio,
  createAppTheme,
  DEFAULT_BRAND,
  LUMINANCE_THRESHOLD,
  READABLE_GRAYS,
  readablePalette,
} from './theme'

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

const contrast = contrastRatio

describe('contrast of the theme (WCAG 2.1 AA, docs/accessibility.md)', () => {
  const theme = createAppTheme(undefined)
  const gray = theme.colors?.gray ?? []
  const dark = theme.colors?.dark ?? []
  const white = '#ffffff'

  // The surfaces text sits on: the page, cards and striped or hovered rows.
  const lightSurfaces = [white, gray[0], gray[1]] as string[]
  const darkSurfaces = [dark[7], dark[6], dark[8]] as string[]

  it('dimmed text reads at 4.5:1 or more on every surface, in light and dark', () => {
    for (const surface of lightSurfaces) expect(contrast(gray[6] ?? '', surface)).toBeGreaterThanOrEqual(4.5)
    for (const surface of darkSurfaces) expect(contrast(dark[2] ?? '', surface)).toBeGreaterThanOrEqual(4.5)
    expect(gray[6]).toBe(READABLE_GRAYS.dimmedLight)
    expect(dark[2]).toBe(READABLE_GRAYS.dimmedDark)
    // Mantine's own shades, for the record: 3.3:1 and 4.0:1.
    expect(contrast(DEFAULT_THEME.colors.gray[6], white)).toBeLessThan(4.5)
    expect(contrast(DEFAULT_THEME.colors.dark[2], DEFAULT_THEME.colors.dark[7])).toBeLessThan(4.5)
  })

  it('placeholders read at 4.5:1 on an input (white, dark.6)', () => {
    expect(contrast(gray[5] ?? '', white)).toBeGreaterThanOrEqual(4.5)
    expect(contrast(dark[3] ?? '', dark[6] ?? '')).toBeGreaterThanOrEqual(4.5)
  })

  it('keeps the grey scales in order, light to dark', () => {
    for (const palette of [gray, dark]) {
      const luminances = palette.map((shade) => relativeLuminance(shade))
      expect(luminances).toEqual([...luminances].sort((x, y) => y - x))
    }
  })

  it('gives filled colours the better of black and white text: 4.5:1 or more for every Mantine colour', () => {
    expect(theme.luminanceThreshold).toBe(LUMINANCE_THRESHOLD)
    const fills = Object.entries(DEFAULT_THEME.colors).map(([name, palette]) => [name, palette[6]] as const)
    for (const [name, fill] of [
      ...fills,
      ['brand', DEFAULT_BRAND.primaryColor],
      ['accent', DEFAULT_BRAND.secondaryColor],
    ]) {
      // Mantine's rule (isLightColor): black text when the luminance is above the threshold.
      const text = relativeLuminance(fill) > LUMINANCE_THRESHOLD ? '#000000' : white
      expect(contrast(text, fill), `${name} ${fill}`).toBeGreaterThanOrEqual(4.5)
    }
  })

  it('links and the focus ring of the default brand stand out from the page in both schemes', () => {
    const brand = theme.colors?.brand ?? []
    // Links: brand.6 on white, brand.4 on dark.7 (Mantine's anchor colours); text needs 4.5:1.
    expect(contrast(brand[6] ?? '', white)).toBeGreaterThanOrEqual(4.5)
    expect(contrast(brand[4] ?? '', dark[7] ?? '')).toBeGreaterThanOrEqual(4.5)
    // The focus ring (theme.module.css): brand.6 in light, brand.4 in dark; non-text needs 3:1.
    expect(contrast(brand[6] ?? '', white)).toBeGreaterThanOrEqual(3)
    expect(contrast(brand[4] ?? '', dark[7] ?? '')).toBeGreaterThanOrEqual(3)
  })

  it('coloured text, light badges and alerts read at 4.5:1 in every colour, in light and dark', () => {
    const failures: string[] = []
    for (const [name, palette] of Object.entries(theme.colors ?? {})) {
      if (name === 'gray' || name === 'dark' || !palette) continue
      const shades = palette as readonly string[]
      const check = (what: string, text: string, background: string) => {
        const ratio = contrast(text, background)
        if (ratio < 4.5) failures.push(`${name} ${what}: ${text} on ${background} ${ratio.toFixed(2)}:1`)
      }
      // Light scheme: text (c="red") and filled = shade 6 (the brand keeps its exact colour: filled text is
      // black or white by the threshold, tested above); light variant = shade 9 on shade 1.
      // On white, striped rows (gray.0) and hovered rows (gray.1).
      if (name !== 'brand' && name !== 'accent')
        for (const surface of lightSurfaces) check('text', shades[6] ?? '', surface)
      check('light variant', shades[9] ?? '', shades[1] ?? '')
      // Dark scheme: text = shade 4 on the page (dark.7) and striped rows (dark.6).
      for (const surface of darkSurfaces) check('dark text', shades[4] ?? '', surface)
    }
    expect(failures).toEqual([])
  })

  it('leaves hues and the brand colour alone and keeps shades 6 to 9 getting darker', () => {
    const red = readablePalette(DEFAULT_THEME.colors.red)
    expect(red.slice(0, 6)).toEqual(DEFAULT_THEME.colors.red.slice(0, 6))
    expect(contrast(red[6], DEFAULT_THEME.colors.gray[1])).toBeGreaterThanOrEqual(4.5)
    const brand = readablePalette(DEFAULT_THEME.colors.yellow, { keepShade6: true })
    expect(brand[6]).toBe(DEFAULT_THEME.colors.yellow[6])
    for (const palette of [red, brand]) {
      for (let index = 7; index <= 9; index += 1)
        expect(relativeLuminance(palette[index] ?? '')).toBeLessThan(
          relativeLuminance(palette[index - 1] ?? ''),
        )
    }
  })
})
