import type { Readable } from 'node:stream'
import type { DocumentStorage as StorageKind } from '@mp/db'

/**
 * Where document bytes live (docs/product.md §6): local disk by default, Cloudinary when CLOUDINARY_URL is set.
 * Either way the bytes are only ever handed out by the server's scope-checked file route, never by a
 * public URL (the old system served uploads publicly).
 */
export type DocumentStorage = {
  kind: StorageKind
  /** Stores the bytes under a server-made key (never a user's file name); returns the key to keep. */
  put(input: { key: string; bytes: Uint8Array; mimeType: string }): Promise<{ storageKey: string }>
  /** The bytes stored under the key; throws StoredFileMissingError when there are none. */
  get(storageKey: string): Promise<{ bytes: Uint8Array }>
  /** Removes the object; removing one that is already gone is not an error. */
  delete(storageKey: string): Promise<void>
  /**
   * Stores a file from disk, streamed: exports and backups of any size pass through without being held
   * in memory (Cloudinary receives it in chunks). Same key rules as `put`.
   */
  putFile(input: { key: string; filePath: string; mimeType: string }): Promise<{ storageKey: string }>
  /** The stored bytes as a stream (and their size when the storage knows it); StoredFileMissingError when none. */
  openRead(storageKey: string): Promise<{ stream: Readable; size: number | null }>
}

export class StoredFileMissingError extends Error {
  constructor(readonly storageKey: string) {
    super(`No stored file under ${storageKey}`)
    this.name = 'StoredFileMissingError'
  }
}

/** Keys the storages accept: lowercase letters, digits, dashes and single slashes (no "..", no "/" at ends). */
const STORAGE_KEY = /^[a-z0-9-]+(\/[a-z0-9-]+)*$/

export function assertStorageKey(key: string): void {
  if (!STORAGE_KEY.test(key) || key.length > 200)
    throw new Error(`Invalid storage key: ${JSON.stringify(key)}`)
}
