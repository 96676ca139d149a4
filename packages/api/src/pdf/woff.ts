// WOFF 1.0 → plain TrueType/OpenType (sfnt) bytes. fontkit reads WOFF directly, but it inflates a
// table with its pure-JS inflater every time the table is read, and pdf-lib reads the glyf table once
// per glyph: a one-page receipt took seconds. Unpacking once per process with node:zlib makes the
// font an ordinary TTF that fontkit reads in place. Format: https://www.w3.org/TR/WOFF/

import { inflateSync } from 'node:zlib'

const WOFF_SIGNATURE = 0x774f4646 // 'wOFF'
const WOFF_HEADER_SIZE = 44
const WOFF_ENTRY_SIZE = 20
const SFNT_HEADER_SIZE = 12
const SFNT_ENTRY_SIZE = 16

type Table = { tag: number; checksum: number; data: Uint8Array }

/** The sfnt font inside a WOFF file; throws on anything that is not a well-formed WOFF 1.0 font. */
export function woffToSfnt(woff: Uint8Array): Uint8Array {
  const input = new DataView(woff.buffer, woff.byteOffset, woff.byteLength)
  if (woff.byteLength < WOFF_HEADER_SIZE || input.getUint32(0) !== WOFF_SIGNATURE) {
    throw new Error('Not a WOFF 1.0 font')
  }
  const flavor = input.getUint32(4)
  const numTables = input.getUint16(12)
  if (numTables === 0 || WOFF_HEADER_SIZE + numTables * WOFF_ENTRY_SIZE > woff.byteLength) {
    throw new Error('WOFF table directory is out of bounds')
  }

  const tables: Table[] = []
  for (let index = 0; index < numTables; index++) {
    const entry = WOFF_HEADER_SIZE + index * WOFF_ENTRY_SIZE
    const tag = input.getUint32(entry)
    const offset = input.getUint32(entry + 4)
    const compLength = input.getUint32(entry + 8)
    const origLength = input.getUint32(entry + 12)
    const checksum = input.getUint32(entry + 16)
    if (offset + compLength > woff.byteLength || compLength > origLength) {
      throw new Error('WOFF table is out of bounds')
    }
    const stored = woff.subarray(offset, offset + compLength)
    // Equal lengths mean the table was stored as is (compressing it did not pay).
    const data = compLength === origLength ? stored : new Uint8Array(inflateSync(stored))
    if (data.byteLength !== origLength) throw new Error('WOFF table did not inflate to its stated length')
    tables.push({ tag, checksum, data })
  }
  // The sfnt directory must be sorted by tag for binary search; WOFF requires the same, but be sure.
  tables.sort((a, b) => a.tag - b.tag)

  const padded = (length: number): number => (length + 3) & ~3
  const directorySize = SFNT_HEADER_SIZE + tables.length * SFNT_ENTRY_SIZE
  const total = tables.reduce((sum, table) => sum + padded(table.data.byteLength), directorySize)
  const out = new Uint8Array(total)
  const view = new DataView(out.buffer)

  const entrySelector = Math.floor(Math.log2(tables.length))
  const searchRange = 2 ** entrySelector * SFNT_ENTRY_SIZE
  view.setUint32(0, flavor)
  view.setUint16(4, tables.length)
  view.setUint16(6, searchRange)
  view.setUint16(8, entrySelector)
  view.setUint16(10, tables.length * SFNT_ENTRY_SIZE - searchRange)

  let offset = directorySize
  tables.forEach((table, index) => {
    const entry = SFNT_HEADER_SIZE + index * SFNT_ENTRY_SIZE
    view.setUint32(entry, table.tag)
    view.setUint32(entry + 4, table.checksum)
    view.setUint32(entry + 8, offset)
    view.setUint32(entry + 12, table.data.byteLength)
    out.set(table.data, offset)
    offset += padded(table.data.byteLength)
  })
  return out
}
