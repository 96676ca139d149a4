// The one font every printed document uses: DejaVu Sans, regular and bold, as plain TrueType files kept
// in packages/api/assets/fonts (with their licence). PDF's standard 14 fonts only know WinAnsi, which has
// no naira sign (U+20A6), so a Unicode font is embedded; DejaVu Sans also has the dotted vowels of Yoruba
// names. TrueType rather than WOFF: pdfkit's fontkit re-inflates a WOFF table every time it reads it,
// once per glyph when subsetting, which made a one-page receipt take seconds (docs/decisions/0005).

import { readFile } from 'node:fs/promises'
import * as fontkit from 'fontkit'

// Two levels up from src/pdf (development) and from dist/pdf (the build) alike.
const FONT_DIR = new URL('../../assets/fonts/', import.meta.url)
const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const

export type FontName = keyof typeof FONT_FILES

export type FontBytes = Record<FontName, Buffer>

let fontBytes: Promise<FontBytes> | undefined

/** Reads both font files once per process; every later document (receipt, statement, export) reuses them. */
export function loadFontBytes(): Promise<FontBytes> {
  if (fontBytes === undefined) {
    const loading = Promise.all([
      readFile(new URL(FONT_FILES.regular, FONT_DIR)),
      readFile(new URL(FONT_FILES.bold, FONT_DIR)),
    ]).then(([regular, bold]) => ({ regular, bold }))
    fontBytes = loading
    // A failed read (a broken install, say) is not remembered, so the next document tries again.
    loading.catch(() => {
      if (fontBytes === loading) fontBytes = undefined
    })
  }
  return fontBytes
}

/** The code points a font has glyphs for, per font file (parsed once, with the fontkit pdfkit uses). */
export type CharacterSets = Record<FontName, ReadonlySet<number>>

let characterSets: CharacterSets | undefined

export function characterSetsOf(bytes: FontBytes): CharacterSets {
  if (characterSets === undefined) {
    const of = (buffer: Buffer): ReadonlySet<number> => {
      const font = fontkit.create(buffer)
      if (!('characterSet' in font)) throw new Error('Expected a single font, not a collection')
      return new Set(font.characterSet)
    }
    characterSets = { regular: of(bytes.regular), bold: of(bytes.bold) }
  }
  return characterSets
}

/**
 * Text as it can be printed: NFC (a dot-below typed as a combining mark becomes the composed letter the
 * font has a glyph for), CR/LF and Unicode line separators as '\n', tabs as spaces, other control and
 * zero-width characters dropped, and anything the font lacks (emoji, say) as '?', which at least reads
 * as "something was here" instead of an empty box.
 */
export function cleanText(text: string, known: ReadonlySet<number>): string {
  let out = ''
  for (const char of text.normalize('NFC').replace(/\r\n?|\u2028|\u2029/g, '\n')) {
    const code = char.codePointAt(0) ?? 0
    if (char === '\n') out += '\n'
    else if (char === '\t') out += ' '
    else if (
      code < 0x20 ||
      (code >= 0x7f && code < 0xa0) ||
      code === 0xfeff ||
      (code >= 0x200b && code <= 0x200f)
    ) {
      continue
    } else out += known.has(code) ? char : '?'
  }
  return out
}
