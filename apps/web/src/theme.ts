import {
  createTheme,
  DEFAULT_THEME,
  localStorageColorSchemeManager,
  type MantineColorsTuple,
  type MantineThemeOverride,
} from '@mantine/core'
import { BRAND_SHADE, generateColorTuple, isHexColor, relativeLuminance } from './lib/brand'
import classes from './theme.module.css'

export type BrandColors = { primaryColor: string; secondaryColor: string }

/**
 * Mantine's greys, with the shades it uses for secondary text darkened (light scheme) or lightened (dark
 * scheme) until they read at 4.5:1, the WCAG 2.1 AA minimum for text (success criterion 1.4.3,
 * https://www.w3.org/TR/WCAG21/#contrast-minimum). Mantine takes "dimmed" text (descriptions, captions,
 * table hints) from gray.6 / dark.2 and input placeholders from gray.5 / dark.3; its own values read at
 * 3.3:1 (#868e96 on white), 4.0:1 (#828282 on #242424), 2.1:1 and 2.8:1. The figures for each surface are
 * in docs/accessibility.md and checked by theme.test.ts.
 */
export const READABLE_GRAYS = {
  /** Light scheme: placeholder (gray.5) and dimmed text (gray.6). */
  placeholderLight: '#687078',
  dimmedLight: '#5f676f',
  /** Dark scheme: dimmed text (dark.2) and placeholder (dark.3). */
  dimmedDark: '#a8a8a8',
  placeholderDark: '#9c9c9c',
} as const

function withShades(palette: MantineColorsTuple, shades: Record<number, string>): MantineColorsTuple {
  return palette.map((color, index) => shades[index] ?? color) as unknown as MantineColorsTuple
}

const GRAY = withShades(DEFAULT_THEME.colors.gray, {
  5: READABLE_GRAYS.placeholderLight,
  6: READABLE_GRAYS.dimmedLight,
})
const DARK = withShades(DEFAULT_THEME.colors.dark, {
  2: READABLE_GRAYS.dimmedDark,
  3: READABLE_GRAYS.placeholderDark,
})

/** The darkest surface text sits on in the light scheme: a hovered table row (gray.1); white and striped rows
 * (gray.0) are lighter, so what reads here reads there. */
const ROW = DEFAULT_THEME.colors.gray[1]
/** The same in the dark scheme: a striped row (dark.6), lighter than the page (dark.7). */
const DARK_ROW = DEFAULT_THEME.colors.dark[6]

/** WCAG 2.1 contrast ratio of two #rrggbb colours, 1 to 21 (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio). */
export function contrastRatio(a: string, b: string): number {
  const [lighter, darker] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [
    number,
    number,
  ]
  return (lighter + 0.05) / (darker + 0.05)
}

/** The colour with `amount` (0–1) of black mixed in, or with a negative amount of white: same hue. */
function darken(hex: string, amount: number): string {
  const value = Number.parseInt(hex.slice(1), 16)
  const target = amount < 0 ? 255 : 0
  const weight = Math.abs(amount)
  return `#${[(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff]
    .map((channel) =>
      Math.round(channel + (target - channel) * weight)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`
}

/** The colour, darkened (or with `direction` -1 lightened) in steps of 3 % until `isReadable` holds. */
function darkenUntil(hex: string, isReadable: (color: string) => boolean, direction: 1 | -1 = 1): string {
  for (let step = 0; step <= 33; step += 1) {
    const color = darken(hex, direction * step * 0.03)
    if (isReadable(color)) return color
  }
  return direction === 1 ? '#000000' : '#ffffff'
}

/**
 * A palette whose text shades read at 4.5:1 in the light scheme (WCAG 1.4.3). Mantine draws coloured text
 * (`c="red"`) and filled backgrounds from shade 6, on white or on striped and hovered rows, and light badges and alerts as shade 9 on shade 1; in
 * its own palettes red.6 on white reads at 3.3:1, orange.9 on orange.1 at 3.6:1, green.9 on green.1 at 3.8:1.
 * Shade 6 is darkened until it reads on a hovered row (unless `keepShade6`: the exact brand colour), shades 7–9
 * kept darker than the one before, and shade 9 darkened until it reads on shade 1 and on rows; shade 4 (text in
 * the dark scheme) is lightened until it reads on a dark striped row. Hues stay.
 */
export function readablePalette(
  palette: MantineColorsTuple,
  { keepShade6 = false }: { keepShade6?: boolean } = {},
): MantineColorsTuple {
  const shades = [...palette]
  const shade = (index: number) => shades[index] ?? '#000000'
  if (!keepShade6) shades[6] = darkenUntil(shade(6), (color) => contrastRatio(color, ROW) >= 4.5)
  for (let index = 7; index <= 9; index += 1) {
    if (relativeLuminance(shade(index)) > relativeLuminance(shade(index - 1)) * 0.8)
      shades[index] = darken(shade(index - 1), 0.12)
  }
  shades[9] = darkenUntil(
    shade(9),
    (color) => contrastRatio(color, shade(1)) >= 4.5 && contrastRatio(color, ROW) >= 4.5,
  )
  // Dark scheme: coloured text is shade 4, on the page and on striped rows (dark.6).
  shades[4] = darkenUntil(shade(4), (color) => contrastRatio(color, DARK_ROW) >= 4.5, -1)
  return shades as unknown as MantineColorsTuple
}

/** Mantine's colours (red, green, orange, …) made readable; gray and dark are set shade by shade above. */
const READABLE_COLORS = Object.fromEntries(
  Object.entries(DEFAULT_THEME.colors)
    .filter(([name]) => name !== 'gray' && name !== 'dark')
    .map(([name, palette]) => [name, readablePalette(palette)]),
)

/**
 * Where white text turns black on a filled colour: WCAG relative luminance 0.179, the point where black and
 * white text contrast equally with the background (sqrt(1.05 × 0.05) − 0.05), so filled buttons and badges
 * always get the better of the two, at least 4.58:1 whatever brand colour an admin picks. The same rule
 * as readableTextOn in lib/brand.ts.
 */
export const LUMINANCE_THRESHOLD = 0.179

const BASE = {
  defaultRadius: 'md',
  cursorType: 'pointer',
  headings: { fontWeight: '650' },
  // Text on filled buttons and badges turns black on a light colour (a yellow, say) so it stays
  // readable whatever the admin picks.
  autoContrast: true,
  luminanceThreshold: LUMINANCE_THRESHOLD,
  // A visible focus ring for keyboard users only (:focus-visible), thicker than Mantine's 2 px, in a shade
  // that reads against the page in both schemes (theme.module.css; WCAG 2.4.7 Focus Visible).
  focusRing: 'auto',
  focusClassName: classes.focusRing ?? '',
  // Plain objects rather than `Anchor.extend(…)`: the theme is part of the first download, and naming
  // a component here would bring its code (the table's, with its scroll area) to the sign-in page.
  components: {
    // Links are underlined: in a sentence of grey text the brand colour alone does not mark them (WCAG
    // 1.4.1 Use of Color; axe rule link-in-text-block).
    Anchor: { defaultProps: { underline: 'always' } },
    // A table wider than the screen scrolls sideways inside its container: the container takes the focus,
    // so the keyboard can scroll it with the arrow keys (WCAG 2.1.1 Keyboard; axe rule
    // scrollable-region-focusable).
    TableScrollContainer: { defaultProps: { scrollAreaProps: { viewportProps: { tabIndex: 0 } } } },
  },
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
      ...READABLE_COLORS,
      gray: GRAY,
      dark: DARK,
      brand: readablePalette(generateColorTuple(primaryColor), { keepShade6: true }),
      accent: readablePalette(generateColorTuple(secondaryColor), { keepShade6: true }),
    },
    primaryColor: 'brand',
    primaryShade: { light: BRAND_SHADE, dark: BRAND_SHADE },
  })
}

// The light/dark choice lives in localStorage. MantineProvider applies it in a layout effect before
// the first paint, so no inline <ColorSchemeScript> is needed and the CSP can forbid inline scripts.
// Module scope keeps it one stable object: the provider subscribes to it in an effect.
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'mp-color-scheme' })
