import { createHash, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type pg from 'pg'
import {
  appRouter,
  AppError,
  EXPORT_MIME,
  refusalOf,
  findDocumentForDownload,
  findExport,
  formatFileSize,
  loanStatement,
  repaymentReceipt,
  type PrintedFile,
  MAX_DOCUMENT_BYTES,
  openBackupDownload,
  restoreFromFile,
  RESTORE_CONFIRMATION,
  StoredFileMissingError,
  type Context,
  type DocumentStorage,
} from '@mp/api'
import { isReceiptFormat, RECEIPT_FORMATS, type TReceiptFormat } from '@mp/api/schemas'
import {
  readCookie,
  serializeBlankSessionCookie,
  serializeSessionCookie,
  validateSessionToken,
  type SessionUser,
} from '@mp/auth'
import type { Database, Kysely } from '@mp/db'
import { fetchRequestHandler } from '@trpc/server/adapters/fetch'
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

// ---------------------------------------------------------------------------------------------
// Uploads: POST /trpc/document.upload with a multipart body

const UPLOAD_PATH = '/trpc/document.upload'
/** One 5 MB file plus the form's other fields and the multipart framing. */
const UPLOAD_BODY_LIMIT = MAX_DOCUMENT_BYTES + 64 * 1024

/** An error body the tRPC client reads like any other (superjson wraps plain JSON in `json`). */
function trpcErrorBody(code: TRPC_ERROR_CODE_KEY, httpStatus: number, message: string, reason: string) {
  return {
    error: {
      json: {
        message,
        code: TRPC_ERROR_CODES_BY_KEY[code],
        data: { code, httpStatus, path: 'document.upload', zodError: null, reason },
      },
    },
  }
}

function uploadErrorResponse(
  error: FastifyError,
  request: FastifyRequest,
): { status: number; body: ReturnType<typeof trpcErrorBody> } {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const length = Number(request.headers['content-length'])
      const size = Number.isFinite(length) && length > 0 ? ` (this upload is ${formatFileSize(length)})` : ''
      return {
        status: 413,
        body: trpcErrorBody('PAYLOAD_TOO_LARGE', 413, `File must be at most 5 MB${size}`, 'FILE_TOO_LARGE'),
      }
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        body: trpcErrorBody(
          'UNSUPPORTED_MEDIA_TYPE',
          415,
          'Send the upload as multipart form data',
          'NOT_MULTIPART',
        ),
      }
    default: {
      const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 500
      return {
        status,
        body: trpcErrorBody(
          status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR',
          status,
          status < 500 ? 'The upload could not be read; try again' : 'The upload failed',
          'UPLOAD_UNREADABLE',
        ),
      }
    }
  }
}

export type UploadRouteOptions = {
  /** The same context the /trpc plugin builds (session cookie, request metadata, storage). */
  createContext: (request: FastifyRequest, reply: FastifyReply) => Promise<Context>
}

/**
 * The document upload gets its own route in front of the /trpc plugin, for two reasons: Fastify's
 * 1 MB body limit is raised for this path only, and the tRPC Fastify adapter hands a multipart body
 * over as an unread, unlimited stream. Here the body is read with a hard limit (a clear 413 beyond
 * it, checked against Content-Length before anything is read), then given to tRPC's fetch handler,
 * which parses the FormData for the procedure's zod input. The procedure itself enforces the 5 MB
 * file limit and the content checks.
 */
export async function registerDocumentUpload(app: FastifyInstance, options: UploadRouteOptions) {
  // The /trpc plugin would read a multipart body of any size for any procedure; only the upload
  // route takes one (with its limit), every other path refuses it before reading a byte.
  app.addHook('onRequest', async (request, reply) => {
    const isMultipart = request.headers['content-type']?.toLowerCase().startsWith('multipart/') ?? false
    const urlPath = request.url.split('?')[0] ?? ''
    if (!isMultipart || urlPath === UPLOAD_PATH || !urlPath.startsWith('/trpc')) return
    return reply
      .code(415)
      .header('connection', 'close')
      .send(
        trpcErrorBody(
          'UNSUPPORTED_MEDIA_TYPE',
          415,
          'Only document uploads take multipart form data',
          'NOT_AN_UPLOAD',
        ),
      )
  })
  await app.register((scope, _options, done) => {
    // Only multipart reaches this route; JSON and the rest answer 415 with a readable message.
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser(
      'multipart/form-data',
      { parseAs: 'buffer', bodyLimit: UPLOAD_BODY_LIMIT },
      (_request, body, done) => {
        done(null, body)
      },
    )
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const { status, body } = uploadErrorResponse(error, request)
      if (status >= 500) request.log.error({ err: error }, 'upload failed')
      return reply.code(status).header('cache-control', 'no-store').send(body)
    })
    scope.post(UPLOAD_PATH, { bodyLimit: UPLOAD_BODY_LIMIT }, async (request, reply) => {
      const body = request.body
      if (!Buffer.isBuffer(body)) throw new Error('multipart body was not read')
      const headers = new Headers()
      for (const [name, value] of Object.entries(request.headers)) {
        if (Array.isArray(value)) for (const item of value) headers.append(name, item)
        else if (value !== undefined) headers.set(name, value)
      }
      const response = await fetchRequestHandler({
        endpoint: '/trpc',
        router: appRouter,
        req: new Request(new URL(request.url, `${request.protocol}://${request.host}`), {
          method: 'POST',
          headers,
          body,
        }),
        createContext: () => options.createContext(request, reply),
        onError({ error, path }) {
          if (error.code === 'INTERNAL_SERVER_ERROR') {
            request.log.error({ err: error, procedure: path }, 'tRPC procedure failed')
          }
        },
      })
      reply.code(response.status)
      response.headers.forEach((value, name) => {
        if (name !== 'set-cookie' && name !== 'content-length') reply.header(name, value)
      })
      return reply.send(Buffer.from(await response.arrayBuffer()))
    })
    done()
  })
}

// ---------------------------------------------------------------------------------------------
// Downloads: GET /files/documents/:id

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * RFC 6266 Content-Disposition with the original name: an ASCII-only `filename` for old clients and
 * the exact name as RFC 5987 `filename*` (UTF-8, percent-encoded). No quote, backslash or line
 * break can reach the header.
 */
export function contentDisposition(fileName: string, isAttachment: boolean): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_') || 'document'
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `${isAttachment ? 'attachment' : 'inline'}; filename="${fallback}"; filename*=UTF-8''${encoded}`
}

/** The signed-in user from the session cookie, refreshing or clearing the cookie like /trpc does. */
async function sessionUser(
  db: Kysely<Database>,
  request: FastifyRequest,
  reply: FastifyReply,
  isProduction: boolean,
): Promise<SessionUser | undefined> {
  const token = readCookie(request.headers.cookie)
  if (!token) return undefined
  const validated = await validateSessionToken(db, token)
  if (!validated) {
    reply.header('set-cookie', serializeBlankSessionCookie({ isSecure: isProduction }))
    return undefined
  }
  if (validated.isRenewed) {
    reply.header('set-cookie', serializeSessionCookie(token, validated.session, { isSecure: isProduction }))
  }
  return validated.user
}

/** The message every file route answers a user who must still replace a one-time password. */
export const PASSWORD_CHANGE_REQUIRED_MESSAGE = 'Set a new password before continuing'

/**
 * The user a file route may serve, or undefined after answering 401 (no session) or 403 (a one-time
 * password not yet replaced, the same gate /trpc applies). Every file route goes through here so none
 * can forget the password-change gate; test/files.test.ts checks every registered route answers it.
 */
async function gatedUser(
  db: Kysely<Database>,
  request: FastifyRequest,
  reply: FastifyReply,
  isProduction: boolean,
): Promise<SessionUser | undefined> {
  const user = await sessionUser(db, request, reply, isProduction)
  if (!user) {
    await reply.code(401).send({ error: 'Unauthorized', message: 'Please sign in to continue' })
    return undefined
  }
  if (user.must_change_password) {
    await reply.code(403).send({ error: 'Forbidden', message: PASSWORD_CHANGE_REQUIRED_MESSAGE })
    return undefined
  }
  return user
}

export type FileRouteOptions = {
  db: Kysely<Database>
  storage: DocumentStorage
  isProduction: boolean
}

/**
 * Document files, served only to users whose scope includes the document's member (docs/product.md §6; the old
 * system served uploads publicly). Unknown, removed and out-of-scope documents all answer the same
 * 404, so the route says nothing about records the caller may not see.
 */
export function registerFileRoutes(app: FastifyInstance, options: FileRouteOptions) {
  const { db, storage, isProduction } = options
  app.get<{ Params: { id: string }; Querystring: { download?: string } }>(
    '/files/documents/:id',
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store')
      const notFound = () => reply.code(404).send({ error: 'Not Found', message: 'Document not found' })

      const user = await gatedUser(db, request, reply, isProduction)
      if (!user) return reply
      if (!UUID.test(request.params.id)) return notFound()
      const document = await findDocumentForDownload(db, user, request.params.id.toLowerCase())
      if (!document) return notFound()
      if (document.storage !== storage.kind) {
        request.log.error(
          { documentId: document.id, stored: document.storage, configured: storage.kind },
          'document is kept in a storage this server is not configured for',
        )
        return reply
          .code(404)
          .send({ error: 'Not Found', message: 'The file of this document is not available' })
      }

      let bytes: Uint8Array
      try {
        bytes = (await storage.get(document.storage_key)).bytes
      } catch (error) {
        if (!(error instanceof StoredFileMissingError)) throw error
        request.log.error({ documentId: document.id }, 'the stored file of a document is missing')
        return reply.code(404).send({ error: 'Not Found', message: 'The file of this document is missing' })
      }
      // The checksum taken at upload proves the bytes are the ones the user uploaded.
      if (createHash('sha256').update(bytes).digest('hex') !== document.sha256) {
        request.log.error({ documentId: document.id }, 'stored file does not match its checksum')
        return reply.code(500).send({
          error: 'Internal Server Error',
          message: 'The stored file is damaged; ask an administrator',
        })
      }

      const isAttachment = request.query.download === '1' || request.query.download === 'true'
      return reply
        .header('content-type', document.mime_type)
        .header('content-length', bytes.byteLength)
        .header('content-disposition', contentDisposition(document.file_name, isAttachment))
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    },
  )

  // Receipts and statements (docs/product.md §5), generated on request from the stored rows; scope-checked like every
  // read, so another team's receipt answers the same 404 as one that does not exist.
  // A receipt also prints on 58 mm and 80 mm thermal rolls (`?format=thermal58|thermal80`, A4 by default);
  // the statement is A4 only.
  const printed = (
    path: string,
    what: string,
    render: (
      ctx: Parameters<typeof repaymentReceipt>[0],
      id: string,
      format: TReceiptFormat,
    ) => Promise<PrintedFile>,
    options: { hasFormats: boolean },
  ) => {
    app.get<{ Params: { id: string }; Querystring: { download?: string; format?: string } }>(
      path,
      async (request, reply) => {
        reply.header('cache-control', 'private, no-store')
        const user = await gatedUser(db, request, reply, isProduction)
        if (!user) return reply
        const notFound = () => reply.code(404).send({ error: 'Not Found', message: `${what} not found` })
        const format = options.hasFormats ? (request.query.format ?? 'a4') : 'a4'
        if (!isReceiptFormat(format)) {
          return reply.code(400).send({
            error: 'Bad Request',
            message: `format must be one of ${RECEIPT_FORMATS.join(', ')}`,
            field: 'format',
            allowed: RECEIPT_FORMATS,
          })
        }
        if (!UUID.test(request.params.id)) return notFound()
        let file: PrintedFile
        try {
          file = await render({ db, user, now: () => new Date() }, request.params.id.toLowerCase(), format)
        } catch (error) {
          // A refusal (a service's AppError or a lending-engine DomainError) is a 4xx, never a 500.
          const refusal = refusalOf(error)
          if (refusal?.code === 'NOT_FOUND') return notFound()
          if (refusal)
            return reply
              .code(STATUS_OF[refusal.code] ?? 400)
              .send({ error: 'Refused', message: refusal.message, reason: refusal.reason ?? null })
          throw error
        }
        const isAttachment = request.query.download === '1' || request.query.download === 'true'
        return reply
          .header('content-type', 'application/pdf')
          .header('content-length', file.bytes.byteLength)
          .header('content-disposition', contentDisposition(file.fileName, isAttachment))
          .header('x-content-type-options', 'nosniff')
          .send(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength))
      },
    )
  }
  // Finished exports, only to the user who started them, from whichever instance: streamed from document
  // storage, where the worker that wrote the file left it (docs/reliability.md "Two instances").
  app.get<{ Params: { id: string } }>('/exports/:id/file', async (request, reply) => {
    reply.header('cache-control', 'private, no-store')
    const user = await gatedUser(db, request, reply, isProduction)
    if (!user) return reply
    const job = UUID.test(request.params.id)
      ? await findExport(db, user.id, request.params.id.toLowerCase())
      : undefined
    if (!job) return reply.code(404).send({ error: 'Not Found', message: 'Export not found' })
    if (job.state !== 'DONE' || job.storageKey === null) {
      return reply
        .code(409)
        .send({ error: 'Conflict', message: job.error ?? 'The export is still being prepared' })
    }
    let file: Awaited<ReturnType<DocumentStorage['openRead']>>
    try {
      file = await storage.openRead(job.storageKey)
    } catch (error) {
      if (!(error instanceof StoredFileMissingError)) throw error
      return reply.code(410).send({ error: 'Gone', message: 'The export file has expired; export again' })
    }
    if (file.size !== null) reply.header('content-length', file.size)
    return reply
      .header('content-type', EXPORT_MIME[job.format])
      .header('content-disposition', contentDisposition(job.fileName, true))
      .header('x-content-type-options', 'nosniff')
      .send(file.stream)
  })
  printed('/files/repayments/:id/receipt.pdf', 'Repayment', repaymentReceipt, { hasFormats: true })
  printed('/files/loans/:id/statement.pdf', 'Loan', loanStatement, { hasFormats: false })

  // Backup archives (docs/backups.md): admins only, streamed from storage, each download audited. Anyone
  // else gets the same 404 as an unknown backup.
  app.get<{ Params: { id: string } }>('/files/backups/:id', async (request, reply) => {
    reply.header('cache-control', 'private, no-store')
    const user = await gatedUser(db, request, reply, isProduction)
    if (!user) return reply
    const notFound = (message = 'Backup not found') => reply.code(404).send({ error: 'Not Found', message })
    if (user.role !== 'ADMIN' || !UUID.test(request.params.id)) return notFound()
    let file: Awaited<ReturnType<typeof openBackupDownload>>
    try {
      file = await openBackupDownload(
        { db, storage },
        {
          user,
          request: {
            ip: request.ip,
            userAgent: request.headers['user-agent'] ?? null,
            requestId: request.id,
          },
        },
        request.params.id.toLowerCase(),
      )
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return notFound(error.message)
      throw error
    }
    if (file.size !== null) reply.header('content-length', file.size)
    return reply
      .header('content-type', 'application/gzip')
      .header('content-disposition', contentDisposition(file.fileName, true))
      .header('x-content-type-options', 'nosniff')
      .send(file.stream)
  })
}

// ---------------------------------------------------------------------------------------------
// Restore from an uploaded archive: POST /files/backups/restore (docs/backups.md "Restore")

const BACKUP_RESTORE_PATH = '/files/backups/restore'

const STATUS_OF: Partial<Record<string, number>> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  UNPROCESSABLE_CONTENT: 422,
  SERVICE_UNAVAILABLE: 503,
}

export type BackupRestoreRouteOptions = FileRouteOptions & {
  backups: { pool: pg.Pool; workDir?: string | undefined } | undefined
}

/**
 * An admin restores a backup file from their computer (one downloaded earlier, or from another server).
 * The body is the file itself (application/octet-stream), streamed to a temporary file whatever its
 * size, then restored exactly as a stored backup is: checked whole first, pre-restore backup, one
 * transaction. The typed confirmation travels in the X-Restore-Confirmation header; the admin's own
 * session survives. Anyone but an admin gets the 404 of an unknown route.
 */
export async function registerBackupRestoreUpload(app: FastifyInstance, options: BackupRestoreRouteOptions) {
  const { db, storage, isProduction, backups } = options
  await app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers()
    // The body stays a stream: an archive may be far larger than any body limit.
    scope.addContentTypeParser(
      ['application/octet-stream', 'application/gzip'],
      (_request, payload, parsed) => {
        parsed(null, payload)
      },
    )
    scope.post(BACKUP_RESTORE_PATH, async (request, reply) => {
      reply.header('cache-control', 'no-store')
      const answer = (status: number, message: string, reason: string | null = null) =>
        reply
          .code(status)
          .header('connection', 'close')
          .send({ error: status === 404 ? 'Not Found' : 'Refused', message, reason })
      const token = readCookie(request.headers.cookie)
      const validated = token ? await validateSessionToken(db, token) : undefined
      if (!validated) return answer(401, 'Please sign in to continue')
      if (validated.isRenewed && token)
        reply.header(
          'set-cookie',
          serializeSessionCookie(token, validated.session, { isSecure: isProduction }),
        )
      if (validated.user.must_change_password) return answer(403, PASSWORD_CHANGE_REQUIRED_MESSAGE)
      if (validated.user.role !== 'ADMIN') return answer(404, `No route for POST ${BACKUP_RESTORE_PATH}`)
      if (request.headers['x-restore-confirmation'] !== RESTORE_CONFIRMATION)
        return answer(400, `Type ${RESTORE_CONFIRMATION} to confirm the restore`, 'CONFIRMATION_REQUIRED')
      if (!backups) return answer(503, 'Backups are not set up on this server', 'BACKUPS_UNAVAILABLE')
      const filePath = path.join(backups.workDir ?? os.tmpdir(), `mp-upload-${randomUUID()}.tmp`)
      try {
        await mkdir(path.dirname(filePath), { recursive: true, mode: 0o700 })
        await pipeline(request.body as Readable, createWriteStream(filePath, { flags: 'wx', mode: 0o600 }))
        const user = validated.user
        const result = await restoreFromFile(
          { db, storage, pool: backups.pool, workDir: backups.workDir },
          {
            user,
            request: {
              ip: request.ip,
              userAgent: request.headers['user-agent'] ?? null,
              requestId: request.id,
            },
          },
          {
            filePath,
            restorer: { userId: user.id, email: user.email, sessionId: validated.session.id },
            label: 'an uploaded file',
          },
        )
        return await reply.code(200).send(result)
      } catch (error) {
        const refusal = refusalOf(error)
        if (refusal)
          return await answer(STATUS_OF[refusal.code] ?? 400, refusal.message, refusal.reason ?? null)
        throw error
      } finally {
        await rm(filePath, { force: true })
      }
    })
    done()
  })
}
