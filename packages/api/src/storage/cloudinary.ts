import { createReadStream } from 'node:fs'
import http from 'node:http'
import { Readable, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { v2 as CloudinaryV2 } from 'cloudinary'
import { assertStorageKey, StoredFileMissingError, type DocumentStorage } from './types.js'

type Sdk = typeof CloudinaryV2

type CloudinaryCredentials = {
  cloudName: string
  apiKey: string
  apiSecret: string
  /** API base, https://api.cloudinary.com unless the URL says otherwise (tests use a stand-in). */
  uploadPrefix: string | undefined
}

/** Reads `cloudinary://<api_key>:<api_secret>@<cloud_name>[?upload_prefix=…]`. */
function parseCloudinaryUrl(url: string): CloudinaryCredentials {
  const parsed = URL.canParse(url) ? new URL(url) : undefined
  if (parsed?.protocol !== 'cloudinary:' || !parsed.hostname || !parsed.username || !parsed.password) {
    throw new Error('CLOUDINARY_URL must look like cloudinary://<api_key>:<api_secret>@<cloud_name>')
  }
  return {
    cloudName: parsed.hostname,
    apiKey: decodeURIComponent(parsed.username),
    apiSecret: decodeURIComponent(parsed.password),
    uploadPrefix: parsed.searchParams.get('upload_prefix') ?? undefined,
  }
}

// Loaded on first use: a server on local disk never loads the SDK.
let sdk: Promise<Sdk> | undefined
function loadSdk(): Promise<Sdk> {
  sdk ??= import('cloudinary').then((module) => module.v2)
  return sdk
}

// Raw files (not images: no transformations, no public delivery URL) with private delivery: the
// original is only reachable through a signed, short-lived API download URL made by this server.
const RESOURCE = { resource_type: 'raw', type: 'private' } as const
const DOWNLOAD_URL_LIFETIME_S = 60
const TIMEOUT_MS = 60_000
/** Chunk size of streamed uploads (Cloudinary's chunked upload API; the SDK's own default is 20 MB). */
const CHUNK_BYTES = 20_000_000

/**
 * Documents on Cloudinary (docs/product.md §6, when CLOUDINARY_URL is set). Credentials are passed on every call
 * rather than through the SDK's global config, so nothing depends on import order. The server
 * downloads the bytes itself and serves them through its scope-checked route; no Cloudinary URL
 * ever reaches a browser.
 */
export function createCloudinaryStorage(
  url: string,
  options: { chunkBytes?: number | undefined } = {},
): DocumentStorage {
  const credentials = parseCloudinaryUrl(url)
  // The SDK picks http or https once, from CLOUDINARY_URL at load time; an explicit agent makes a
  // plain-http upload_prefix (a local stand-in) work whatever the environment said.
  const isPlainHttp = credentials.uploadPrefix?.startsWith('http:') ?? false
  const auth = {
    cloud_name: credentials.cloudName,
    api_key: credentials.apiKey,
    api_secret: credentials.apiSecret,
    ...(credentials.uploadPrefix ? { upload_prefix: credentials.uploadPrefix.replace(/\/$/, '') } : {}),
  }
  const agentOption = () => (isPlainHttp ? { agent: new http.Agent() } : {})
  const downloadUrl = async (storageKey: string) => {
    const cloudinary = await loadSdk()
    return cloudinary.utils.private_download_url(storageKey, '', {
      ...auth,
      ...RESOURCE,
      expires_at: Math.floor(Date.now() / 1000) + DOWNLOAD_URL_LIFETIME_S,
    })
  }

  return {
    kind: 'CLOUDINARY',
    async put({ key, bytes }) {
      assertStorageKey(key)
      const cloudinary = await loadSdk()
      const result = await new Promise<{ public_id: string }>((resolve, reject) => {
        const stream = cloudinary.uploader.upload_stream(
          {
            ...auth,
            ...agentOption(),
            ...RESOURCE,
            public_id: key,
            overwrite: false,
            use_filename: false,
            unique_filename: false,
            timeout: TIMEOUT_MS,
          },
          (error, response) => {
            if (error || !response) {
              reject(new Error(`Cloudinary upload failed: ${error?.message ?? 'no response'}`))
              return
            }
            resolve(response)
          },
        )
        stream.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
      })
      return { storageKey: result.public_id }
    },
    async get(storageKey) {
      const response = await fetch(await downloadUrl(storageKey), { signal: AbortSignal.timeout(TIMEOUT_MS) })
      if (response.status === 404) throw new StoredFileMissingError(storageKey)
      if (!response.ok) throw new Error(`Cloudinary download failed with HTTP ${response.status}`)
      return { bytes: new Uint8Array(await response.arrayBuffer()) }
    },
    async putFile({ key, filePath }) {
      assertStorageKey(key)
      const cloudinary = await loadSdk()
      // The SDK's chunked stream: one request per chunk (Content-Range, X-Unique-Upload-Id), so at most
      // one chunk is held in memory whatever the file's size. It answers once, after the last chunk.
      let upload: Writable | undefined
      const answered = new Promise<string>((resolve, reject) => {
        upload = cloudinary.uploader.upload_chunked_stream(
          {
            ...auth,
            ...agentOption(),
            ...RESOURCE,
            public_id: key,
            overwrite: false,
            use_filename: false,
            unique_filename: false,
            timeout: TIMEOUT_MS,
            chunk_size: options.chunkBytes ?? CHUNK_BYTES,
          },
          (error, response) => {
            if (error || !response)
              reject(new Error(`Cloudinary upload failed: ${error?.message ?? 'no response'}`))
            else resolve(response.public_id)
          },
        )
      })
      if (!upload) throw new Error('Cloudinary upload failed: the SDK made no upload stream')
      const [, stored] = await Promise.all([pipeline(createReadStream(filePath), upload), answered])
      return { storageKey: stored }
    },
    async openRead(storageKey) {
      const response = await fetch(await downloadUrl(storageKey), { signal: AbortSignal.timeout(TIMEOUT_MS) })
      if (response.status === 404) throw new StoredFileMissingError(storageKey)
      if (!response.ok || !response.body)
        throw new Error(`Cloudinary download failed with HTTP ${response.status}`)
      const length = Number(response.headers.get('content-length'))
      return {
        stream: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
        size:
          Number.isSafeInteger(length) && length >= 0 && response.headers.has('content-length')
            ? length
            : null,
      }
    },
    async delete(storageKey) {
      const cloudinary = await loadSdk()
      const options = { ...auth, ...agentOption(), ...RESOURCE, invalidate: true }
      // "not found" is a success: the object is gone either way.
      const result = (await cloudinary.uploader.destroy(storageKey, options)) as { result?: unknown }
      if (result.result !== 'ok' && result.result !== 'not found') {
        throw new Error(`Cloudinary delete failed: ${String(result.result)}`)
      }
    },
  }
}
