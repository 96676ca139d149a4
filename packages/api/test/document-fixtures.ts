import { mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createSession, validateSessionToken } from '@mp/auth'
import type { Database, Kysely } from '@mp/db'
import { createCaller, createInnerContext } from '../src/index.js'
import type { DocumentStorage } from '../src/storage/index.js'
import { createLocalStorage } from '../src/storage/index.js'

/** Sample files for the document tests: real signatures, real (stored) ZIP archives. */

const CRC_TABLE = Array.from({ length: 256 }, (_, index) => {
  let crc = index
  for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1
  return crc >>> 0
})

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

/** A ZIP archive with uncompressed entries, laid out like any zip tool writes it. */
export function makeZip(entries: Record<string, string>): Uint8Array {
  const encoder = new TextEncoder()
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, content] of Object.entries(entries)) {
    const nameBytes = encoder.encode(name)
    const data = encoder.encode(content)
    const crc = crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, Buffer.from(nameBytes), Buffer.from(data))
    centrals.push(central, Buffer.from(nameBytes))
    offset += local.length + nameBytes.length + data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Object.keys(entries).length, 8)
  end.writeUInt16LE(Object.keys(entries).length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...locals, directory, end]))
}

function concat(...parts: (number[] | string | Uint8Array)[]): Uint8Array {
  return new Uint8Array(
    Buffer.concat(
      parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))),
    ),
  )
}

export const samples = {
  png: () =>
    concat(
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      [0, 0, 0, 13],
      'IHDR',
      [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0],
    ),
  jpeg: () => concat([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF\0', [1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]),
  pdf: (text = 'statement') =>
    concat(`%PDF-1.4\n1 0 obj << /Title (${text}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`),
  docx: () =>
    makeZip({
      '[Content_Types].xml': '<?xml version="1.0"?><Types/>',
      '_rels/.rels': '<?xml version="1.0"?><Relationships/>',
      'word/document.xml': '<?xml version="1.0"?><w:document><w:body>Guarantor form</w:body></w:document>',
    }),
  xlsx: () =>
    makeZip({
      '[Content_Types].xml': '<?xml version="1.0"?><Types/>',
      'xl/workbook.xml': '<?xml version="1.0"?><workbook/>',
    }),
  zip: () => makeZip({ 'notes.txt': 'not a document' }),
  /** An OLE2 compound file whose directory names a WordDocument stream. */
  doc: () => {
    const header = new Uint8Array(1024)
    header.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    header.set(
      Array.from('WordDocument').flatMap((char) => [char.charCodeAt(0), 0]),
      512,
    )
    return header
  },
  /** An OLE2 file without a WordDocument stream (an Excel 97 workbook, say). */
  xls: () => {
    const header = new Uint8Array(1024)
    header.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    header.set(
      Array.from('Workbook').flatMap((char) => [char.charCodeAt(0), 0]),
      512,
    )
    return header
  },
  html: () => concat('<!doctype html><html><script>alert(document.cookie)</script></html>'),
  exe: () => concat('MZ', new Uint8Array(200)),
  /** A valid PDF of exactly `size` bytes. */
  pdfOfSize: (size: number) => {
    const bytes = new Uint8Array(size)
    bytes.set(samples.pdf())
    return bytes
  },
}

export async function tempStorage() {
  const root = await mkdtemp(path.join(os.tmpdir(), 'mp-documents-'))
  return {
    root,
    storage: createLocalStorage(root),
    /** Every file under the root (relative paths), temporary files included. */
    files: async () => {
      const entries = await readdir(root, { recursive: true, withFileTypes: true })
      return entries
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    },
    remove: () => rm(root, { recursive: true, force: true }),
  }
}

/** A caller for a signed-in user whose context carries the document storage. */
export async function signInWithStorage(
  db: Kysely<Database>,
  user: { id: string },
  storage: DocumentStorage | undefined,
  options: { now?: () => Date } = {},
) {
  const { token } = await createSession(db, { userId: user.id, isPersistent: false })
  const validated = await validateSessionToken(db, token)
  if (!validated) throw new Error('session did not validate')
  const ctx = createInnerContext({
    db,
    session: validated.session,
    user: validated.user,
    request: { ip: '10.2.2.2', userAgent: 'vitest', requestId: 'req-documents' },
    now: options.now,
    storage,
  })
  return createCaller(ctx)
}

export async function addUnionWithMember(
  db: Kysely<Database>,
  input: { officerId: string; unionName: string; firstName: string },
) {
  const union = await db
    .insertInto('union')
    .values({ name: input.unionName, credit_officer_id: input.officerId })
    .returning('id')
    .executeTakeFirstOrThrow()
  const member = await db
    .insertInto('member')
    .values({ union_id: union.id, first_name: input.firstName, last_name: 'Okafor', phone: '+2348031234567' })
    .returning('id')
    .executeTakeFirstOrThrow()
  const guarantor = await db
    .insertInto('guarantor')
    .values({
      member_id: member.id,
      first_name: 'Chidi',
      last_name: 'Eze',
      phone: '+2348039876543',
      relationship: 'Brother',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { unionId: union.id, memberId: member.id, guarantorId: guarantor.id }
}

/** The upload form the web app sends. */
export function uploadForm(fields: {
  ownerType?: string | undefined
  ownerId?: string | undefined
  documentTypeId?: string | undefined
  file?: { bytes: Uint8Array; name: string; type?: string } | undefined
  issuer?: string | undefined
  issueDate?: string | undefined
  expiryDate?: string | undefined
}): FormData {
  const form = new FormData()
  // Optional fields may be passed as undefined (left out of the form).
  const entries: [string, string | { bytes: Uint8Array; name: string; type?: string } | undefined][] =
    Object.entries(fields)
  for (const [name, value] of entries) {
    if (value === undefined) continue
    if (typeof value === 'string') form.append(name, value)
    else
      form.append(
        name,
        new Blob([value.bytes], { type: value.type ?? 'application/octet-stream' }),
        value.name,
      )
  }
  return form
}
