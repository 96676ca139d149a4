import { createCloudinaryStorage } from './cloudinary.js'
import { createLocalStorage } from './local.js'
import type { DocumentStorage } from './types.js'

export { createCloudinaryStorage } from './cloudinary.js'
export { createLocalStorage } from './local.js'
export { StoredFileMissingError, type DocumentStorage } from './types.js'
export { MAX_DOCUMENT_BYTES, checkDocumentFile, formatFileSize, sniffDocumentType } from './file-type.js'

/** Cloudinary when a CLOUDINARY_URL is given (docs/product.md §6), otherwise local disk under `localRoot`. */
export function createDocumentStorage(options: {
  cloudinaryUrl?: string | undefined
  localRoot: string
}): DocumentStorage {
  return options.cloudinaryUrl
    ? createCloudinaryStorage(options.cloudinaryUrl)
    : createLocalStorage(options.localRoot)
}
