import { randomUUID } from 'node:crypto'
import { chmod, copyFile, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { assertStorageKey, StoredFileMissingError, type DocumentStorage } from './types.js'

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT'
}

/**
 * Documents on local disk under `root` (the server uses $MP_DATA_DIR/uploads, outside the web root).
 * Keys are server-made UUID paths, checked again here so a key can never climb out of the root.
 * Writes go to a temporary file in the same folder and are renamed into place, so a crash never
 * leaves half a file under a real key.
 */
export function createLocalStorage(root: string): DocumentStorage {
  const absoluteRoot = path.resolve(root)
  const fileOf = (key: string) => {
    assertStorageKey(key)
    return path.join(absoluteRoot, ...key.split('/'))
  }
  return {
    kind: 'LOCAL',
    async put({ key, bytes }) {
      const file = fileOf(key)
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 })
      const temporary = `${file}.${randomUUID()}.tmp`
      try {
        // 'wx': the temporary name is fresh, never someone else's file; 0600: only the server reads it.
        await writeFile(temporary, bytes, { flag: 'wx', mode: 0o600 })
        await rename(temporary, file)
      } catch (error) {
        await rm(temporary, { force: true })
        throw error
      }
      return { storageKey: key }
    },
    async get(storageKey) {
      try {
        const buffer = await readFile(fileOf(storageKey))
        return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) }
      } catch (error) {
        if (isMissing(error)) throw new StoredFileMissingError(storageKey)
        throw error
      }
    },
    async delete(storageKey) {
      await rm(fileOf(storageKey), { force: true })
    },
    async putFile({ key, filePath }) {
      const file = fileOf(key)
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 })
      const temporary = `${file}.${randomUUID()}.tmp`
      try {
        // Copied (the source may be on another file system), then renamed into place like `put`.
        await copyFile(filePath, temporary)
        await chmod(temporary, 0o600)
        await rename(temporary, file)
      } catch (error) {
        await rm(temporary, { force: true })
        throw error
      }
      return { storageKey: key }
    },
    async openRead(storageKey) {
      try {
        // Opened first, so a missing file is an error here and not in the middle of a response.
        const handle = await open(fileOf(storageKey), 'r')
        const { size } = await handle.stat()
        return { stream: handle.createReadStream(), size }
      } catch (error) {
        if (isMissing(error)) throw new StoredFileMissingError(storageKey)
        throw error
      }
    },
  }
}
