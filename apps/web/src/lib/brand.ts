import type { MantineColorsTuple } from '@mantine/core'

// Company brand colours (settings.primaryColor / secondaryColor) become Mantine palettes for the whole
// app, for everyone, from the server: the old system kept them in one browser's localStorage, so a
// branding change "didn't actually do anything" (old-system.md §5.3).

/** Mantine index where the exact brand colour sits; the theme uses it as the primary shade. */
export const BRAND_SHADE = 6

const HEX_COLOR = /^#([0-9a-f]{6})$/i

type Rgb = { r: number; g: number; b: number }

export function isHexColor(value: string): boolean {
  return HEX_COLOR.test(value)
}

function parseHex(hex: string): Rgb {
  const match = HEX_COLOR.exec(hex)
  if (!match?.[1]) throw new RangeError(`Expected a colour like #0b7285, got "${hex}"`)
  const value = Number.parseInt(match[1], 16)
  return { r: (value >> 16) & 0xff, g: (value >> 8) & 0xff, b: value & 0xff }
}

function toHex({ r, g, b }: Rgb): string {
  return `#${[r, g, b].map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`
}

function mix(color: Rgb, target: Rgb, amount: number): Rgb {
  return {
    r: color.r + (target.r - color.r) * amount,
    g: color.g + (target.g - color.g) * amount,
    b: color.b + (target.b - color.b) * amount,
  }
}

const WHITE: Rgb = { r: 255, g: 255, b: 255 }
const BLACK: Rgb = { r: 0, g: 0, b: 0 }

// How much white (indexes 0–5) or black (7–9) is mixed in; index 6 is the brand colour itself. The
// steps follow the shape of Mantine's own palettes: very light backgrounds first, darkest text last.
const TINTS = [0.92, 0.8, 0.64, 0.48, 0.32, 0.16] as const
const SHADES = [0.14, 0.28, 0.4] as const

/**
 * A ten-shade Mantine palette around one hex colour, light to dark, with the colour itself at
 * {@link BRAND_SHADE}. A small stand-in for @mantine/colors-generator (not a dependency here).
 */
export function generateColorTuple(hex: string): MantineColorsTuple {
  const base = parseHex(hex)
  const tints = TINTS.map((amount) => toHex(mix(base, WHITE, amount)))
  const shades = SHADES.map((amount) => toHex(mix(base, BLACK, amount)))
  const [t0, t1, t2, t3, t4, t5] = tints as [string, string, string, string, string, string]
  const [s7, s8, s9] = shades as [string, string, string]
  return [t0, t1, t2, t3, t4, t5, toHex(base), s7, s8, s9]
}

/** WCAG relative luminance, 0 (black) to 1 (white). */
export function relativeLuminance(hex: string): number {
  const { r, g, b } = parseHex(hex)
  const linear = (channel: number) => {
    const c = channel / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/** Black or white, whichever reads better on the colour (WCAG contrast ratio). */
export function readableTextOn(hex: string): '#000000' | '#ffffff' {
  const luminance = relativeLuminance(hex)
  const contrastWithWhite = 1.05 / (luminance + 0.05)
  const contrastWithBlack = (luminance + 0.05) / 0.05
  return contrastWithBlack > contrastWithWhite ? '#000000' : '#ffffff'
}
