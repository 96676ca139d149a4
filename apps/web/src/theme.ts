import { createTheme, localStorageColorSchemeManager, type MantineThemeOverride } from '@mantine/core'
import { BRAND_SHADE, generateColorTuple, isHexColor } from './lib/brand'

export type BrandColors = { primaryColor: string; secondaryColor: string }

const BASE = {
  defaultRadius: 'md',
  cursorType: 'pointer',
  headings: { fontWeight: '650' },
  // Text on filled buttons and badges turns black on a light brand colour (a yellow, say) so it stays
  // readable whatever the admin picks.
  autoContrast: true,
  luminanceThreshold: 0.4,
} satisfies MantineThemeOverride

/** Before company settings load (and if they hold something unusable): the database defaults. */
export const DEFAULT_BRAND: BrandColors = { primaryColor: '#0b7285', secondaryColor: '#e67700' }

/**
 * The theme for everyone, from the company's brand colours in settings (docs/product.md §8: "brand colours
 * (server-side)"). `brand` is the primary colour, `accent` the secondary; the exact brand colour is
 * the primary shade so buttons match the logo.
 */
export function createAppTheme(brand: BrandColors | undefined): MantineThemeOverride {
  const isUsable = brand !== undefined && isHexColor(brand.primaryColor) && isHexColor(brand.secondaryColor)
  const { primaryColor, secondaryColor } = isUsable ? brand : DEFAULT_BRAND
  return createTheme({
    ...BASE,
    colors: {
      brand: generateColorTuple(primaryColor),
      accent: generateColorTuple(secondaryColor),
    },
    primaryColor: 'brand',
    primaryShade: { light: BRAND_SHADE, dark: BRAND_SHADE },
  })
}

// The light/dark choice lives in localStorage. MantineProvider applies it in a layout effect before
// the first paint, so no inline <ColorSchemeScript> is needed and the CSP can forbid inline scripts.
// Module scope keeps it one stable object: the provider subscribes to it in an effect.
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'mp-color-scheme' })
