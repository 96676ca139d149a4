import { createHash } from 'node:crypto'
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { buffer as streamToBuffer } from 'node:stream/consumers'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  checkDocumentFile,
  createCloudinaryStorage,
  createDocumentStorage,
  formatFileSize,
  sniffDocumentType,
  StoredFileMissingError,
} from '../src/storage/index.js'
import { cleanFileName, zipEntryNames } from '../src/storage/file-type.js'
import { makeZip, samples, tempStorage } from './document-fixtures.js'

describe('file content checks', () => {
  it('recognises each allowed kind by its bytes', () => {
    expect(sniffDocumentType(samples.jpeg())?.kind).toBe('JPEG')
    expect(sniffDocumentType(samples.png())?.kind).toBe('PNG')
    expect(sniffDocumentType(samples.pdf())?.kind).toBe('PDF')
    expect(sniffDocumentType(samples.doc())?.kind).toBe('DOC')
    expect(sniffDocumentType(samples.docx())?.kind).toBe('DOCX')
  })

  it('refuses look-alikes: plain ZIP, XLSX, non-Word OLE2, HTML, EXE, truncated signatures', () => {
    for (const bytes of [
      samples.zip(),
      samples.xlsx(),
      samples.xls(),
      samples.html(),
      samples.exe(),
      new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
      new TextEncoder().encode('%PD'),
      // A ZIP whose local header names word/document.xml but whose central directory does not.
      samples.docx().slice(0, 200),
    ]) {
      expect(sniffDocumentType(bytes)).toBeUndefined()
    }
  })

  it('reads ZIP entry names from the central directory, also after an archive comment', () => {
    const zip = makeZip({ 'a.txt': 'a', 'word/document.xml': '<w/>' })
    expect(zipEntryNames(zip)).toEqual(['a.txt', 'word/document.xml'])
    const comment = new TextEncoder().encode('made by a scanner')
    const withComment = new Uint8Array(zip.length + comment.length)
    withComment.set(zip)
    withComment.set(comment, zip.length)
    new DataView(withComment.buffer).setUint16(zip.length - 2, comment.length, true)
    expect(zipEntryNames(withComment)).toEqual(['a.txt', 'word/document.xml'])
    expect(sniffDocumentType(withComment)?.kind).toBe('DOCX')
  })

  it('names the limit and the actual size', () => {
    expect(formatFileSize(7.2 * 1024 * 1024)).toBe('7.2 MB')
    expect(formatFileSize(5 * 1024 * 1024 + 1)).toBe('5,242,881 bytes')
    expect(() =>
      checkDocumentFile({ bytes: samples.pdfOfSize(7.2 * 1024 * 1024), fileName: 'a.pdf' }),
    ).toThrow('File must be at most 5 MB (this one is 7.2 MB)')
    expect(() => checkDocumentFile({ bytes: new Uint8Array(), fileName: 'a.pdf' })).toThrow(/empty/)
  })

  it('keeps a clean file name that agrees with the content', () => {
    expect(cleanFileName('C:\\fakepath\\scan\u0000 01.pdf')).toBe('scan 01.pdf')
    expect(cleanFileName(`${'a'.repeat(300)}.pdf`)).toMatch(/^a{196}\.pdf$/)
    expect(checkDocumentFile({ bytes: samples.jpeg(), fileName: 'photo.JPEG' }).fileName).toBe('photo.JPEG')
    expect(checkDocumentFile({ bytes: samples.pdf(), fileName: '' }).fileName).toBe('document.pdf')
    expect(() => checkDocumentFile({ bytes: samples.pdf(), fileName: 'report.txt' })).toThrow(
      /is a PDF but its name ends in \.txt/,
    )
  })
})

describe('local disk storage', () => {
  let files: Awaited<ReturnType<typeof tempStorage>>
  beforeAll(async () => {
    files = await tempStorage()
  })
  afterAll(async () => {
    await files.remove()
  })

  it('writes atomically under the key, reads back the same bytes, deletes', async () => {
    const storage = createDocumentStorage({ localRoot: files.root })
    expect(storage.kind).toBe('LOCAL')
    const bytes = samples.pdf()
    const { storageKey } = await storage.put({
      key: 'documents/1f0c-test',
      bytes,
      mimeType: 'application/pdf',
    })
    expect(storageKey).toBe('documents/1f0c-test')
    // No temporary file is left behind, and only the server's user may read the file.
    expect(await files.files()).toEqual([path.join('documents', '1f0c-test')])
    expect((await stat(path.join(files.root, 'documents', '1f0c-test'))).mode & 0o777).toBe(0o600)
    expect((await storage.get(storageKey)).bytes).toEqual(bytes)
    await expect(
      storage.put({ key: 'documents/1f0c-test', bytes, mimeType: 'application/pdf' }),
    ).resolves.toBeDefined()
    await storage.delete(storageKey)
    await storage.delete(storageKey)
    expect(await files.files()).toEqual([])
    await expect(storage.get(storageKey)).rejects.toBeInstanceOf(StoredFileMissingError)
  })

  it('stores a file from disk and streams it back with its size (exports, backups)', async () => {
    const own = await tempStorage()
    const storage = createDocumentStorage({ localRoot: own.root })
    const source = await bigSourceFile(300_000)
    try {
      const { storageKey } = await storage.putFile({
        key: 'exports/5a1e-big',
        filePath: source.path,
        mimeType: 'text/csv',
      })
      expect(await own.files()).toEqual([path.join('exports', '5a1e-big')])
      expect((await stat(path.join(own.root, 'exports', '5a1e-big'))).mode & 0o777).toBe(0o600)
      const read = await storage.openRead(storageKey)
      expect(read.size).toBe(source.bytes.length)
      expect(new Uint8Array(await streamToBuffer(read.stream))).toEqual(source.bytes)
      await storage.delete(storageKey)
      await expect(storage.openRead(storageKey)).rejects.toBeInstanceOf(StoredFileMissingError)
      await expect(
        storage.putFile({ key: '../out', filePath: source.path, mimeType: 'text/csv' }),
      ).rejects.toThrow(/Invalid storage key/)
    } finally {
      await source.remove()
      await own.remove()
    }
  })

  it('refuses keys that could leave its folder', async () => {
    const storage = createDocumentStorage({ localRoot: files.root })
    for (const key of ['../escape', 'documents/../../etc/passwd', '/etc/passwd', 'Documents/X', 'a//b', '']) {
      await expect(storage.put({ key, bytes: samples.pdf(), mimeType: 'application/pdf' })).rejects.toThrow(
        /Invalid storage key/,
      )
      await expect(storage.get(key)).rejects.toThrow(/Invalid storage key/)
    }
    expect(await readdir(files.root)).toEqual(['documents'])
  })
})

/** A file of pseudo-random bytes on disk (not compressible, not all one value). */
async function bigSourceFile(size: number) {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'mp-source-'))
  const bytes = new Uint8Array(size)
  let state = 7
  for (let index = 0; index < size; index++) {
    state = (state * 1103515245 + 12345) % 2147483648
    bytes[index] = state >>> 16
  }
  const filePath = path.join(folder, 'source.bin')
  await writeFile(filePath, bytes)
  return { path: filePath, bytes, remove: () => rm(folder, { recursive: true, force: true }) }
}

// ---------------------------------------------------------------------------------------------
// Cloudinary, through the real SDK, against a local stand-in of its upload API.

const API_KEY = '123456789012345'
const API_SECRET = 'stand-in-secret'
const CLOUD = 'mp-test'

type Received = { path: string; method: string; fields: Record<string, string>; file?: Uint8Array }

/** Cloudinary's signature: SHA-1 of the sorted `key=value` pairs joined by `&`, then the secret. */
function expectedSignature(fields: Record<string, string>): string {
  const signed = Object.entries(fields)
    .filter(([key]) => !['file', 'api_key', 'signature', 'resource_type', 'cloud_name'].includes(key))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${value}`)
    .join('&')
  return createHash('sha1')
    .update(signed + API_SECRET)
    .digest('hex')
}

/** The parts of a multipart/form-data body, read the way Cloudinary's API reads the SDK's request. */
function multipartParts(contentType: string | undefined, body: Buffer) {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType ?? '')
  const delimiter = Buffer.from(`--${boundary?.[1] ?? boundary?.[2] ?? ''}`)
  const parts: { name: string; isFile: boolean; body: Uint8Array }[] = []
  let start = body.indexOf(delimiter)
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length)
    if (next < 0) break
    const part = body.subarray(start + delimiter.length + 2, next - 2)
    const headerEnd = part.indexOf('\r\n\r\n')
    const headers = part.subarray(0, headerEnd).toString('utf8')
    const name = /name="([^"]*)"/.exec(headers)?.[1] ?? ''
    parts.push({
      name,
      isFile: /filename="/.test(headers),
      body: new Uint8Array(part.subarray(headerEnd + 4)),
    })
    start = next
  }
  return parts
}

async function startStandIn() {
  const objects = new Map<string, Uint8Array>()
  const received: Received[] = []
  /** Chunked uploads in progress, by X-Unique-Upload-Id: the chunks received so far. */
  const partial = new Map<string, Buffer[]>()
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://stand-in')
      const send = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' })
        response.end(JSON.stringify(body))
      }
      const fields: Record<string, string> = {}
      let file: Uint8Array | undefined
      if (request.method === 'POST') {
        for (const part of multipartParts(request.headers['content-type'], Buffer.concat(chunks))) {
          if (part.isFile) file = part.body
          else fields[part.name] = Buffer.from(part.body).toString('utf8')
        }
      } else {
        for (const [key, value] of url.searchParams) fields[key] = value
      }
      received.push({ path: url.pathname, method: request.method ?? '', fields, file })
      if (fields.api_key !== API_KEY || fields.signature !== expectedSignature(fields)) {
        send(401, { error: { message: 'Invalid Signature' } })
        return
      }
      const publicId = fields.public_id ?? ''
      const range = /^bytes (\d+)-(\d+)\/(-?\d+)$/.exec(request.headers['content-range'] ?? '')
      const uploadId = String(request.headers['x-unique-upload-id'] ?? '')
      if (url.pathname === `/v1_1/${CLOUD}/raw/upload` && file && range) {
        // Cloudinary's chunked upload: chunks arrive in order; the last one names the total size.
        const chunks = partial.get(uploadId) ?? []
        const received = chunks.reduce((sum, chunk) => sum + chunk.length, 0)
        if (Number(range[1]) !== received || Number(range[2]) !== received + file.length - 1) {
          send(400, { error: { message: `Chunk out of order: ${range[0]}` } })
          return
        }
        chunks.push(Buffer.from(file))
        partial.set(uploadId, chunks)
        if (range[3] === '-1') {
          send(200, { done: false })
          return
        }
        partial.delete(uploadId)
        const whole = new Uint8Array(Buffer.concat(chunks))
        objects.set(publicId, whole)
        send(200, { public_id: publicId, resource_type: 'raw', type: fields.type, bytes: whole.length })
      } else if (url.pathname === `/v1_1/${CLOUD}/raw/upload` && file) {
        objects.set(publicId, file)
        send(200, {
          public_id: publicId,
          version: 1700000000,
          resource_type: 'raw',
          type: fields.type,
          bytes: file.length,
          secure_url: `https://res.cloudinary.com/${CLOUD}/raw/private/v1700000000/${publicId}`,
        })
      } else if (url.pathname === `/v1_1/${CLOUD}/raw/download`) {
        const stored = objects.get(publicId)
        if (!stored || fields.type !== 'private') {
          send(404, { error: { message: 'Resource not found' } })
          return
        }
        response.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': String(stored.length),
        })
        response.end(Buffer.from(stored))
      } else if (url.pathname === `/v1_1/${CLOUD}/raw/destroy`) {
        send(200, { result: objects.delete(publicId) ? 'ok' : 'not found' })
      } else {
        send(404, { error: { message: `No route ${url.pathname}` } })
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    objects,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve()
        })
      }),
  }
}

describe('Cloudinary storage (real SDK, stand-in API)', () => {
  let standIn: Awaited<ReturnType<typeof startStandIn>>
  let url: string
  const previous = process.env.CLOUDINARY_URL

  beforeAll(async () => {
    standIn = await startStandIn()
    url = `cloudinary://${API_KEY}:${API_SECRET}@${CLOUD}?upload_prefix=http://127.0.0.1:${standIn.port}`
    // Set before the SDK is first loaded (the storage loads it on first use).
    process.env.CLOUDINARY_URL = url
  })
  afterAll(async () => {
    if (previous === undefined) delete process.env.CLOUDINARY_URL
    else process.env.CLOUDINARY_URL = previous
    await standIn.close()
  })

  it('uploads with a signed multipart request, reads the same bytes back, deletes', async () => {
    const storage = createDocumentStorage({ cloudinaryUrl: url, localRoot: '/nonexistent' })
    expect(storage.kind).toBe('CLOUDINARY')
    const bytes = samples.docx()
    const { storageKey } = await storage.put({
      key: 'documents/7d3e-cloud',
      bytes,
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    })
    expect(storageKey).toBe('documents/7d3e-cloud')

    const upload = standIn.received.find((entry) => entry.path.endsWith('/raw/upload'))
    expect(upload).toBeDefined()
    expect(upload?.method).toBe('POST')
    expect(upload?.fields).toMatchObject({
      api_key: API_KEY,
      public_id: 'documents/7d3e-cloud',
      type: 'private',
      signature: expect.stringMatching(/^[0-9a-f]{40}$/) as unknown,
      timestamp: expect.stringMatching(/^\d+$/) as unknown,
    })
    expect(upload?.fields.signature).toBe(expectedSignature(upload?.fields ?? {}))
    expect(upload?.file).toEqual(bytes)

    const fetched = await storage.get(storageKey)
    expect(fetched.bytes).toEqual(bytes)
    const download = standIn.received.find((entry) => entry.path.endsWith('/raw/download'))
    expect(download?.fields).toMatchObject({ public_id: storageKey, type: 'private', api_key: API_KEY })
    expect(Number(download?.fields.expires_at)).toBeGreaterThan(Date.now() / 1000)

    await storage.delete(storageKey)
    expect(standIn.objects.has(storageKey)).toBe(false)
    // Deleting what is already gone is fine; reading it is a missing file.
    await storage.delete(storageKey)
    await expect(storage.get(storageKey)).rejects.toBeInstanceOf(StoredFileMissingError)
  })

  it('streams a large file up in signed chunks and back down (exports, backups)', async () => {
    const storage = createCloudinaryStorage(url, { chunkBytes: 64 * 1024 })
    const source = await bigSourceFile(300_000)
    try {
      const before = standIn.received.length
      const { storageKey } = await storage.putFile({
        key: 'backups/big-one',
        filePath: source.path,
        mimeType: 'application/octet-stream',
      })
      expect(storageKey).toBe('backups/big-one')
      const chunks = standIn.received.slice(before).filter((entry) => entry.path.endsWith('/raw/upload'))
      // 300,000 bytes in 65,536-byte chunks: five requests, each signed.
      expect(chunks).toHaveLength(5)
      for (const chunk of chunks) expect(chunk.fields.signature).toBe(expectedSignature(chunk.fields))
      expect(standIn.objects.get(storageKey)).toEqual(source.bytes)
      const read = await storage.openRead(storageKey)
      expect(read.size).toBe(source.bytes.length)
      expect(new Uint8Array(await streamToBuffer(read.stream))).toEqual(source.bytes)
      await storage.delete(storageKey)
      await expect(storage.openRead(storageKey)).rejects.toBeInstanceOf(StoredFileMissingError)
    } finally {
      await source.remove()
    }
  })

  it('fails loudly on bad credentials instead of pretending to store', async () => {
    const storage = createDocumentStorage({
      cloudinaryUrl: `cloudinary://${API_KEY}:wrong-secret@${CLOUD}?upload_prefix=http://127.0.0.1:${standIn.port}`,
      localRoot: '/nonexistent',
    })
    await expect(
      storage.put({ key: 'documents/bad', bytes: samples.pdf(), mimeType: 'application/pdf' }),
    ).rejects.toThrow(/Cloudinary upload failed: Invalid Signature/)
    expect(standIn.objects.has('documents/bad')).toBe(false)
    const source = await bigSourceFile(1000)
    try {
      await expect(
        storage.putFile({ key: 'backups/bad', filePath: source.path, mimeType: 'application/octet-stream' }),
      ).rejects.toThrow(/Cloudinary upload failed: Invalid Signature/)
    } finally {
      await source.remove()
    }
    expect(standIn.objects.has('backups/bad')).toBe(false)
  })

  it('refuses a malformed CLOUDINARY_URL at start-up', () => {
    expect(() =>
      createDocumentStorage({ cloudinaryUrl: 'cloudinary://only-a-host', localRoot: '/x' }),
    ).toThrow(/cloudinary:\/\/<api_key>:<api_secret>@<cloud_name>/)
  })
})
