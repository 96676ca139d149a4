import { AppError } from '../errors.js'

/**
 * What an uploaded document really is, decided from its bytes and never from its name or the
 * browser's claimed type (docs/product.md §6; the old system trusted the extension and the MIME header).
 */
type DocumentFileKind = 'JPEG' | 'PNG' | 'PDF' | 'DOC' | 'DOCX'

export type DocumentFileType = {
  kind: DocumentFileKind
  mimeType: string
  /** The extension a file of this kind is saved with. */
  extension: string
  /** Extensions a user's file name may carry for this kind. */
  extensions: readonly string[]
  label: string
}

const DOCUMENT_FILE_TYPES: Record<DocumentFileKind, DocumentFileType> = {
  JPEG: {
    kind: 'JPEG',
    mimeType: 'image/jpeg',
    extension: 'jpg',
    extensions: ['jpg', 'jpeg', 'jpe', 'jfif'],
    label: 'JPEG image',
  },
  PNG: { kind: 'PNG', mimeType: 'image/png', extension: 'png', extensions: ['png'], label: 'PNG image' },
  PDF: { kind: 'PDF', mimeType: 'application/pdf', extension: 'pdf', extensions: ['pdf'], label: 'PDF' },
  DOC: {
    kind: 'DOC',
    mimeType: 'application/msword',
    extension: 'doc',
    extensions: ['doc'],
    label: 'Word (.doc) document',
  },
  DOCX: {
    kind: 'DOCX',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
    extensions: ['docx'],
    label: 'Word (.docx) document',
  },
}

/** docs/product.md §6: documents up to 5 MB (also a CHECK on document.size_bytes). */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024

const MB = 1024 * 1024

/** "7.2 MB"; close to the limit, exact bytes so "5.0 MB" never appears to be within 5 MB. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < MB) return `${(bytes / 1024).toFixed(1)} KB`
  const megabytes = (bytes / MB).toFixed(1)
  if (bytes > MAX_DOCUMENT_BYTES && Number(megabytes) <= MAX_DOCUMENT_BYTES / MB) {
    return `${bytes.toLocaleString('en-US')} bytes`
  }
  return `${megabytes} MB`
}

export function fileTooLargeMessage(bytes: number): string {
  return `File must be at most 5 MB (this one is ${formatFileSize(bytes)})`
}

const UNSUPPORTED_FILE_MESSAGE =
  'File content is not a JPEG, PNG, PDF, DOC or DOCX — a file named .pdf must really be a PDF'

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((byte, index) => bytes[index] === byte)
}

const JPEG = [0xff, 0xd8, 0xff]
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d] // %PDF-
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]
const ZIP_LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04]

const EOCD_SIGNATURE = 0x06054b50
const CENTRAL_HEADER_SIGNATURE = 0x02014b50
const EOCD_MIN_SIZE = 22
const MAX_ZIP_COMMENT = 0xffff

/**
 * The names in a ZIP's central directory, read from the end-of-central-directory record (the
 * authoritative index; local headers can lie). Undefined when the bytes are not a well-formed ZIP.
 * ZIP64 archives are not expected for 5 MB documents and are refused.
 */
export function zipEntryNames(bytes: Uint8Array): string[] | undefined {
  if (!startsWith(bytes, ZIP_LOCAL_HEADER) || bytes.length < EOCD_MIN_SIZE) return undefined
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const earliest = Math.max(0, bytes.length - EOCD_MIN_SIZE - MAX_ZIP_COMMENT)
  let eocd = -1
  for (let offset = bytes.length - EOCD_MIN_SIZE; offset >= earliest; offset--) {
    if (
      view.getUint32(offset, true) === EOCD_SIGNATURE &&
      offset + EOCD_MIN_SIZE + view.getUint16(offset + 20, true) === bytes.length
    ) {
      eocd = offset
      break
    }
  }
  if (eocd < 0) return undefined
  const entryCount = view.getUint16(eocd + 10, true)
  const directorySize = view.getUint32(eocd + 12, true)
  const directoryOffset = view.getUint32(eocd + 16, true)
  if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff)
    return undefined
  if (directoryOffset + directorySize > eocd) return undefined

  const names: string[] = []
  const decoder = new TextDecoder('utf-8', { fatal: false })
  let cursor = directoryOffset
  for (let index = 0; index < entryCount; index++) {
    if (cursor + 46 > eocd || view.getUint32(cursor, true) !== CENTRAL_HEADER_SIGNATURE) return undefined
    const nameLength = view.getUint16(cursor + 28, true)
    const extraLength = view.getUint16(cursor + 30, true)
    const commentLength = view.getUint16(cursor + 32, true)
    const nameStart = cursor + 46
    if (nameStart + nameLength > eocd) return undefined
    names.push(decoder.decode(bytes.subarray(nameStart, nameStart + nameLength)))
    cursor = nameStart + nameLength + extraLength + commentLength
  }
  return names
}

// "WordDocument" in UTF-16LE: the stream every Word 97–2003 file has in its OLE2 directory. Other
// OLE2 files (Excel .xls, PowerPoint .ppt, .msi installers) do not, so they are refused.
const WORD_DOCUMENT_STREAM = new Uint8Array(
  Array.from('WordDocument').flatMap((char) => [char.charCodeAt(0), 0]),
)

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0]
  outer: for (
    let start = haystack.indexOf(first ?? 0);
    start >= 0;
    start = haystack.indexOf(first ?? 0, start + 1)
  ) {
    if (start + needle.length > haystack.length) return false
    for (let index = 1; index < needle.length; index++) {
      if (haystack[start + index] !== needle[index]) continue outer
    }
    return true
  }
  return false
}

/** The document kind the bytes are, or undefined for anything else (HTML, EXE, XLSX, plain ZIP…). */
export function sniffDocumentType(bytes: Uint8Array): DocumentFileType | undefined {
  if (startsWith(bytes, JPEG)) return DOCUMENT_FILE_TYPES.JPEG
  if (startsWith(bytes, PNG)) return DOCUMENT_FILE_TYPES.PNG
  if (startsWith(bytes, PDF)) return DOCUMENT_FILE_TYPES.PDF
  if (startsWith(bytes, OLE2))
    return contains(bytes, WORD_DOCUMENT_STREAM) ? DOCUMENT_FILE_TYPES.DOC : undefined
  if (startsWith(bytes, ZIP_LOCAL_HEADER)) {
    return zipEntryNames(bytes)?.includes('word/document.xml') ? DOCUMENT_FILE_TYPES.DOCX : undefined
  }
  return undefined
}

function extensionOf(fileName: string): string | undefined {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(fileName)
  return match?.[1]?.toLowerCase()
}

const MAX_FILE_NAME = 200

/**
 * The name kept for display and downloads: no folders (old browsers send C:\fakepath\…), no control
 * characters (C0, DEL, C1), no bidi embeddings/overrides/isolates (U+202A–U+202E, U+2066–U+2069: with
 * them "invoice‮fdp.exe" shows as "invoiceexe.pdf"), at most 200 characters with the extension kept.
 */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? ''
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
  if (cleaned.length <= MAX_FILE_NAME) return cleaned
  const extension = extensionOf(cleaned)
  const suffix = extension ? `.${extension}` : ''
  return cleaned.slice(0, MAX_FILE_NAME - suffix.length) + suffix
}

export type CheckedDocumentFile = { type: DocumentFileType; fileName: string }

/**
 * Size, emptiness and content checks for an upload (docs/product.md §6), with messages that name the limit.
 * The name must agree with the content: a PNG called contract.pdf is refused rather than served
 * later as a "PDF" that will not open; a name without an extension gets the right one.
 */
export function checkDocumentFile(input: { bytes: Uint8Array; fileName: string }): CheckedDocumentFile {
  const size = input.bytes.byteLength
  if (size === 0)
    throw new AppError('BAD_REQUEST', 'File is empty — choose the scanned document again', 'FILE_EMPTY')
  if (size > MAX_DOCUMENT_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', fileTooLargeMessage(size), 'FILE_TOO_LARGE')
  const type = sniffDocumentType(input.bytes)
  if (!type) throw new AppError('BAD_REQUEST', UNSUPPORTED_FILE_MESSAGE, 'FILE_TYPE_NOT_ALLOWED')

  let fileName = cleanFileName(input.fileName)
  const extension = extensionOf(fileName)
  if (extension === undefined) {
    fileName = `${fileName || 'document'}.${type.extension}`
  } else if (!type.extensions.includes(extension)) {
    throw new AppError(
      'BAD_REQUEST',
      `File content is a ${type.label} but its name ends in .${extension} — rename it to .${type.extension} or choose the right file`,
      'FILE_NAME_MISMATCH',
    )
  }
  return { type, fileName }
}
