// What the browser checks before an upload, for instant feedback. The server checks again, by the
// file's content rather than its name (docs/product.md §6), and its answer is the one that counts.

/** docs/product.md §6: documents up to 5 MB. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024

type AllowedType = { mimeType: string; extensions: readonly string[]; label: string }

const ALLOWED_TYPES: readonly AllowedType[] = [
  { mimeType: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG' },
  { mimeType: 'image/png', extensions: ['png'], label: 'PNG' },
  { mimeType: 'application/pdf', extensions: ['pdf'], label: 'PDF' },
  { mimeType: 'application/msword', extensions: ['doc'], label: 'DOC' },
  {
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    label: 'DOCX',
  },
]

/** For `<input accept>`: both the MIME types and the extensions, since browsers differ. */
export const UPLOAD_ACCEPT = ALLOWED_TYPES.flatMap((type) => [
  type.mimeType,
  ...type.extensions.map((extension) => `.${extension}`),
]).join(',')

export const UPLOAD_TYPES_TEXT = 'JPEG, PNG, PDF, DOC or DOCX'
export const UPLOAD_TYPE_ERROR = `Choose a ${UPLOAD_TYPES_TEXT} file`
export const UPLOAD_SIZE_ERROR = 'The file is larger than 5 MB. Scan it at a lower resolution or compress it.'
export const UPLOAD_EMPTY_ERROR = 'The file is empty'

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.')
  return dot === -1 ? '' : fileName.slice(dot + 1).toLowerCase()
}

/**
 * Why this file cannot be uploaded, or undefined when it may be. Some browsers report no MIME type
 * for Word files, so an allowed extension with an empty type passes; a known wrong type does not.
 */
export function uploadProblem(file: { name: string; type: string; size: number }): string | undefined {
  const extension = extensionOf(file.name)
  const byExtension = ALLOWED_TYPES.find((type) => type.extensions.includes(extension))
  const byMime = ALLOWED_TYPES.find((type) => type.mimeType === file.type)
  const isAllowed = file.type === '' ? byExtension !== undefined : byMime !== undefined
  if (!isAllowed) return UPLOAD_TYPE_ERROR
  if (file.size === 0) return UPLOAD_EMPTY_ERROR
  if (file.size > MAX_UPLOAD_BYTES) return UPLOAD_SIZE_ERROR
  return undefined
}

/** `1536` → `1.5 KB`; sizes as an office worker reads them. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const kilobytes = bytes / 1024
  if (kilobytes < 1024) return `${trimmed(kilobytes)} KB`
  return `${trimmed(kilobytes / 1024)} MB`
}

function trimmed(value: number): string {
  return value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10)
}

export type PreviewKind = 'image' | 'pdf' | 'none'

/** How a stored document can be shown in the page: images inline, PDFs in a frame, Word not at all. */
export function previewKindOf(mimeType: string): PreviewKind {
  if (mimeType === 'image/jpeg' || mimeType === 'image/png') return 'image'
  if (mimeType === 'application/pdf') return 'pdf'
  return 'none'
}

/** The server's file URL with `?download=1`, which answers as an attachment. */
export function downloadUrlOf(url: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}download=1`
}
