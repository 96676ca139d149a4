import { randomUUID } from 'node:crypto'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createLocalStorage } from '@mp/api'
import { createSession } from '@mp/auth'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { contentDisposition, PASSWORD_CHANGE_REQUIRED_MESSAGE } from '../src/files.js'
import { openTestDb, type TestDb } from './helpers.js'

const MB = 1024 * 1024
const ORIGIN = { origin: 'http://localhost:80' }

const encoder = new TextEncoder()
const png = () =>
  new Uint8Array([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1,
  ])
const pdfOfSize = (size: number, text = 'statement') => {
  const bytes = new Uint8Array(size)
  bytes.set(encoder.encode(`%PDF-1.4\n% ${text}\n%%EOF\n`).subarray(0, size))
  return bytes
}
const pdf = (text = 'statement') => encoder.encode(`%PDF-1.4\n% ${text}\n%%EOF\n`)

/** A real multipart body, exactly as a browser's fetch would send the FormData. */
async function multipart(fields: Record<string, string | { bytes: Uint8Array; name: string }>) {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') form.append(name, value)
    else form.append(name, new Blob([value.bytes]), value.name)
  }
  const request = new Request('http://localhost/trpc/document.upload', { method: 'POST', body: form })
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type') ?? '',
  }
}

type TrpcError = { error: { json: { message: string; data: { code: string; httpStatus: number } } } }

describe('document uploads and downloads over HTTP', () => {
  let testDb: TestDb
  let app: FastifyInstance
  let uploadsRoot: string
  const cookies = { officerA: '', officerB: '', admin: '', mustChange: '' }
  const ids = { memberA: '', memberB: '', bill: '' }

  const storedFiles = async () =>
    (await readdir(uploadsRoot, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile())
  const documentCount = async () =>
    (
      await testDb.db
        .selectFrom('document')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n

  beforeAll(async () => {
    testDb = await openTestDb()
    const { db } = testDb
    uploadsRoot = await mkdtemp(path.join(os.tmpdir(), 'mp-files-'))
    await db.insertInto('company_settings').values({ name: 'Millennium Potters' }).execute()
    const staff = await db
      .insertInto('staff_user')
      .values(
        (['ADMIN', 'CREDIT_OFFICER', 'CREDIT_OFFICER', 'CREDIT_OFFICER'] as const).map((role, index) => ({
          email: `staff${index}@example.com`,
          first_name: 'Staff',
          last_name: `No${index}`,
          role,
          password_hash: 'not-used',
          must_change_password: index === 3,
        })),
      )
      .returning('id')
      .execute()
    const [admin, officerA, officerB, mustChange] = staff.map((row) => row.id)
    if (!admin || !officerA || !officerB || !mustChange) throw new Error('staff missing')
    const sessionCookie = async (userId: string) =>
      `mp_session=${(await createSession(db, { userId, isPersistent: false })).token}`
    cookies.admin = await sessionCookie(admin)
    cookies.officerA = await sessionCookie(officerA)
    cookies.officerB = await sessionCookie(officerB)
    cookies.mustChange = await sessionCookie(mustChange)
    for (const [officer, key] of [
      [officerA, 'memberA'],
      [officerB, 'memberB'],
    ] as const) {
      const union = await db
        .insertInto('union')
        .values({ name: `Union of ${key}`, credit_officer_id: officer })
        .returning('id')
        .executeTakeFirstOrThrow()
      const member = await db
        .insertInto('member')
        .values({ union_id: union.id, first_name: 'Amaka', last_name: key })
        .returning('id')
        .executeTakeFirstOrThrow()
      ids[key] = member.id
    }
    const bill = await db
      .insertInto('document_type')
      .values({ name: 'Utility bill', applies_to: ['MEMBER'] })
      .returning('id')
      .executeTakeFirstOrThrow()
    ids.bill = bill.id
    app = await buildApp({ db, storage: createLocalStorage(uploadsRoot) })
  })
  afterAll(async () => {
    await app.close()
    await testDb.close()
    await rm(uploadsRoot, { recursive: true, force: true })
  })

  const upload = async (
    cookie: string,
    file: { bytes: Uint8Array; name: string },
    fields: Record<string, string> = {},
  ) => {
    const body = await multipart({
      ownerType: 'MEMBER',
      ownerId: ids.memberA,
      documentTypeId: ids.bill,
      ...fields,
      file,
    })
    return app.inject({
      method: 'POST',
      url: '/trpc/document.upload',
      headers: { cookie, ...ORIGIN, 'content-type': body.contentType },
      payload: body.payload,
    })
  }
  const uploaded = (response: Awaited<ReturnType<typeof upload>>) =>
    response.json<{ result: { data: { json: { id: string; downloadUrl: string; mimeType: string } } } }>()
      .result.data.json
  const download = (url: string, cookie?: string) =>
    app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} })

  it('stores an uploaded PNG and PDF, lists them and serves the exact bytes back', async () => {
    const image = png()
    const pngResponse = await upload(cookies.officerA, { bytes: image, name: 'Électricité bill "March".png' })
    expect(pngResponse.statusCode).toBe(200)
    const pngDocument = uploaded(pngResponse)
    expect(pngDocument).toMatchObject({
      mimeType: 'image/png',
      downloadUrl: `/files/documents/${pngDocument.id}`,
    })
    const pdfResponse = await upload(
      cookies.officerA,
      { bytes: pdf(), name: 'statement.pdf' },
      { issuer: 'GTBank' },
    )
    expect(pdfResponse.statusCode).toBe(200)

    const input = encodeURIComponent(JSON.stringify({ json: { ownerType: 'MEMBER', ownerId: ids.memberA } }))
    const list = await app.inject({
      method: 'GET',
      url: `/trpc/document.list?input=${input}`,
      headers: { cookie: cookies.officerA },
    })
    expect(list.statusCode).toBe(200)
    const items = list.json<{ result: { data: { json: { fileName: string }[] } } }>().result.data.json
    expect(items.map((item) => item.fileName).sort()).toEqual([
      'statement.pdf',
      'Électricité bill "March".png',
    ])
    expect(await storedFiles()).toHaveLength(2)

    const served = await download(pngDocument.downloadUrl, cookies.officerA)
    expect(served.statusCode).toBe(200)
    expect(new Uint8Array(served.rawPayload)).toEqual(image)
    expect(served.headers['content-type']).toBe('image/png')
    expect(served.headers['content-length']).toBe(String(image.length))
    expect(served.headers['content-disposition']).toBe(
      `inline; filename="_lectricit_ bill _March_.png"; filename*=UTF-8''%C3%89lectricit%C3%A9%20bill%20%22March%22.png`,
    )
    expect(served.headers['x-content-type-options']).toBe('nosniff')
    expect(served.headers['cache-control']).toBe('private, no-store')
    const saved = await download(`${pngDocument.downloadUrl}?download=1`, cookies.admin)
    expect(saved.statusCode).toBe(200)
    expect(saved.headers['content-disposition']).toMatch(/^attachment; filename=/)
  })

  it('refuses a file of 5 MB + 1 byte with 413 naming the limit, storing nothing', async () => {
    const before = { count: await documentCount(), files: (await storedFiles()).length }
    const response = await upload(cookies.officerA, { bytes: pdfOfSize(5 * MB + 1), name: 'big.pdf' })
    expect(response.statusCode).toBe(413)
    expect(response.json<TrpcError>().error.json.message).toBe(
      'File must be at most 5 MB (this one is 5,242,881 bytes)',
    )
    expect(await documentCount()).toBe(before.count)
    expect(await storedFiles()).toHaveLength(before.files)
  })

  it('cuts off a far larger body at the route limit with a readable 413, storing nothing', async () => {
    const before = { count: await documentCount(), files: (await storedFiles()).length }
    const response = await upload(cookies.officerA, {
      bytes: pdfOfSize(Math.round(7.2 * MB)),
      name: 'scan.pdf',
    })
    expect(response.statusCode).toBe(413)
    const error = response.json<TrpcError>().error.json
    expect(error.message).toBe('File must be at most 5 MB (this upload is 7.2 MB)')
    expect(error.data).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 })
    expect(await documentCount()).toBe(before.count)
    expect(await storedFiles()).toHaveLength(before.files)
    // The raised limit is for the upload only: other calls keep the 1 MB limit.
    const big = await app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ json: { email: 'x'.repeat(2 * MB) } }),
    })
    expect(big.statusCode).toBe(413)
    // Nor can another procedure be fed a multipart body (tRPC would read it without any limit).
    const form = await multipart({
      email: 'a@example.com',
      file: { bytes: pdfOfSize(2 * MB), name: 'x.pdf' },
    })
    const smuggled = await app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: { 'content-type': form.contentType },
      payload: form.payload,
    })
    expect(smuggled.statusCode).toBe(415)
    expect(smuggled.json<TrpcError>().error.json.message).toBe(
      'Only document uploads take multipart form data',
    )
  })

  it('refuses disguised and empty files with 400, storing nothing', async () => {
    const before = { count: await documentCount(), files: (await storedFiles()).length }
    const disguised = [
      encoder.encode('<!doctype html><script>fetch("/trpc/auth.me")</script>'),
      new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0]),
    ]
    for (const bytes of disguised) {
      const response = await upload(cookies.officerA, { bytes, name: 'x.pdf' })
      expect(response.statusCode).toBe(400)
      expect(response.json<TrpcError>().error.json.message).toBe(
        'File content is not a JPEG, PNG, PDF, DOC or DOCX — a file named .pdf must really be a PDF',
      )
    }
    const empty = await upload(cookies.officerA, { bytes: new Uint8Array(0), name: 'empty.pdf' })
    expect(empty.statusCode).toBe(400)
    expect(empty.json<TrpcError>().error.json.message).toMatch(/File is empty/)
    const json = await app.inject({
      method: 'POST',
      url: '/trpc/document.upload',
      headers: { cookie: cookies.officerA, ...ORIGIN, 'content-type': 'application/json' },
      payload: JSON.stringify({ json: { ownerType: 'MEMBER' } }),
    })
    expect(json.statusCode).toBe(415)
    expect(json.json<TrpcError>().error.json.message).toBe('Send the upload as multipart form data')
    expect(await documentCount()).toBe(before.count)
    expect(await storedFiles()).toHaveLength(before.files)
  })

  it('keeps files to the caller’s scope: 401 anonymous, 404 outside scope, unknown or removed', async () => {
    const response = await upload(cookies.officerA, { bytes: pdf('scoped'), name: 'scoped.pdf' })
    const document = uploaded(response)
    expect((await download(document.downloadUrl, cookies.officerA)).statusCode).toBe(200)

    const anonymous = await download(document.downloadUrl)
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json()).toEqual({ error: 'Unauthorized', message: 'Please sign in to continue' })
    expect(
      (await download(document.downloadUrl, 'mp_session=abcdefghijklmnopqrstuvwxyz234567')).statusCode,
    ).toBe(401)

    const outside = await download(document.downloadUrl, cookies.officerB)
    expect(outside.statusCode).toBe(404)
    const unknown = await download('/files/documents/00000000-0000-4000-8000-000000000000', cookies.officerB)
    expect(unknown.statusCode).toBe(404)
    expect(outside.json()).toEqual(unknown.json())
    expect((await download('/files/documents/not-a-uuid', cookies.officerA)).statusCode).toBe(404)
    expect((await download(document.downloadUrl, cookies.mustChange)).statusCode).toBe(403)

    // Nor can the other officer upload to, or list, this member.
    const intrusion = await upload(cookies.officerB, { bytes: pdf('intruder'), name: 'intruder.pdf' })
    expect(intrusion.statusCode).toBe(404)
    const input = encodeURIComponent(JSON.stringify({ json: { ownerType: 'MEMBER', ownerId: ids.memberA } }))
    const list = await app.inject({
      method: 'GET',
      url: `/trpc/document.list?input=${input}`,
      headers: { cookie: cookies.officerB },
    })
    expect(list.statusCode).toBe(404)

    const removed = await app.inject({
      method: 'POST',
      url: '/trpc/document.delete',
      headers: { cookie: cookies.officerA, ...ORIGIN, 'content-type': 'application/json' },
      payload: JSON.stringify({ json: { id: document.id, reason: 'Uploaded by mistake' } }),
    })
    expect(removed.statusCode).toBe(200)
    expect((await download(document.downloadUrl, cookies.officerA)).statusCode).toBe(404)
    expect((await download(document.downloadUrl, cookies.admin)).statusCode).toBe(404)
  })

  it('refuses every file route, read from the route table, to a user who must replace a one-time password', async () => {
    // Generated from the routes the app actually has, so a new file route without the gate fails here.
    const fileRoutes = app
      .printRoutes({ method: 'GET', commonPrefix: false })
      .split('\n')
      .map((line) => /(\/\S*)\s+\(/.exec(line)?.[1])
      .filter((route): route is string => route !== undefined)
      .filter((route) => route.startsWith('/files/') || route.startsWith('/exports/'))
    expect(fileRoutes).toEqual(
      expect.arrayContaining([
        '/files/documents/:id',
        '/files/repayments/:id/receipt.pdf',
        '/files/loans/:id/statement.pdf',
        '/exports/:id/file',
      ]),
    )
    for (const route of fileRoutes) {
      const url = route.replaceAll(/:[A-Za-z]+/g, randomUUID())
      const refused = await download(url, cookies.mustChange)
      expect({ route, status: refused.statusCode, body: refused.json<unknown>() }).toEqual({
        route,
        status: 403,
        body: { error: 'Forbidden', message: PASSWORD_CHANGE_REQUIRED_MESSAGE },
      })
      // The same request from a user without the pending change passes the gate (here: nothing found).
      expect({ route, status: (await download(url, cookies.officerA)).statusCode }).toEqual({
        route,
        status: 404,
      })
    }
  })

  it('refuses a cross-site upload (CSRF), like every other mutation', async () => {
    const body = await multipart({ ownerType: 'MEMBER', ownerId: ids.memberA, documentTypeId: ids.bill })
    const response = await app.inject({
      method: 'POST',
      url: '/trpc/document.upload',
      headers: {
        cookie: cookies.officerA,
        origin: 'https://evil.example.net',
        'content-type': body.contentType,
      },
      payload: body.payload,
    })
    expect(response.statusCode).toBe(403)
  })

  it('works over a real socket with the platform FormData encoding', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    const form = new FormData()
    form.append('ownerType', 'MEMBER')
    form.append('ownerId', ids.memberA)
    form.append('documentTypeId', ids.bill)
    form.append('file', new Blob([pdf('socket')], { type: 'application/pdf' }), 'socket.pdf')
    const response = await fetch(`${address}/trpc/document.upload`, {
      method: 'POST',
      headers: { cookie: cookies.officerA, origin: address },
      body: form,
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { result: { data: { json: { downloadUrl: string } } } }
    const file = await fetch(`${address}${body.result.data.json.downloadUrl}`, {
      headers: { cookie: cookies.officerA },
    })
    expect(file.status).toBe(200)
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf('socket'))
    // A body far over the limit is refused from its Content-Length, before it is read.
    const huge = new FormData()
    huge.append('file', new Blob([pdfOfSize(8 * MB)]), 'huge.pdf')
    const refused = await fetch(`${address}/trpc/document.upload`, {
      method: 'POST',
      headers: { cookie: cookies.officerA, origin: address },
      body: huge,
    })
    expect(refused.status).toBe(413)
    expect(((await refused.json()) as TrpcError).error.json.message).toMatch(/^File must be at most 5 MB/)
  })

  it('encodes any file name safely for Content-Disposition', () => {
    expect(contentDisposition('a\\b"c%d.pdf', false)).toBe(
      `inline; filename="a_b_c_d.pdf"; filename*=UTF-8''a%5Cb%22c%25d.pdf`,
    )
    expect(contentDisposition("it's (final)*.pdf", true)).toBe(
      `attachment; filename="it's (final)*.pdf"; filename*=UTF-8''it%27s%20%28final%29%2A.pdf`,
    )
    expect(contentDisposition('ẞ.pdf', true)).toBe(
      `attachment; filename="_.pdf"; filename*=UTF-8''%E1%BA%9E.pdf`,
    )
  })
})
