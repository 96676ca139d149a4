import { describe, expect, it } from 'vitest'
import {
  downloadUrlOf,
  formatFileSize,
  MAX_UPLOAD_BYTES,
  previewKindOf,
  UPLOAD_EMPTY_ERROR,
  UPLOAD_SIZE_ERROR,
  UPLOAD_TYPE_ERROR,
  uploadProblem,
} from './files'

const file = (name: string, type: string, size = 1000) => ({ name, type, size })

describe('uploadProblem', () => {
  it('accepts JPEG, PNG, PDF, DOC and DOCX', () => {
    expect(uploadProblem(file('id.jpg', 'image/jpeg'))).toBeUndefined()
    expect(uploadProblem(file('id.PNG', 'image/png'))).toBeUndefined()
    expect(uploadProblem(file('bill.pdf', 'application/pdf'))).toBeUndefined()
    expect(uploadProblem(file('letter.doc', 'application/msword'))).toBeUndefined()
    expect(
      uploadProblem(
        file('letter.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
      ),
    ).toBeUndefined()
  })

  it('refuses other types, even when renamed', () => {
    expect(uploadProblem(file('photo.gif', 'image/gif'))).toBe(UPLOAD_TYPE_ERROR)
    expect(uploadProblem(file('setup.exe', 'application/x-msdownload'))).toBe(UPLOAD_TYPE_ERROR)
    expect(uploadProblem(file('script.pdf', 'text/javascript'))).toBe(UPLOAD_TYPE_ERROR)
  })

  it('falls back to the extension when the browser gives no type', () => {
    expect(uploadProblem(file('letter.docx', ''))).toBeUndefined()
    expect(uploadProblem(file('notes.txt', ''))).toBe(UPLOAD_TYPE_ERROR)
    expect(uploadProblem(file('no-extension', ''))).toBe(UPLOAD_TYPE_ERROR)
  })

  it('allows exactly 5 MB and refuses one byte more, and empty files', () => {
    expect(uploadProblem(file('id.pdf', 'application/pdf', MAX_UPLOAD_BYTES))).toBeUndefined()
    expect(uploadProblem(file('id.pdf', 'application/pdf', MAX_UPLOAD_BYTES + 1))).toBe(UPLOAD_SIZE_ERROR)
    expect(uploadProblem(file('id.pdf', 'application/pdf', 0))).toBe(UPLOAD_EMPTY_ERROR)
  })
})

describe('formatFileSize', () => {
  it('uses B, KB and MB', () => {
    expect(formatFileSize(512)).toBe('512 B')
    expect(formatFileSize(1536)).toBe('1.5 KB')
    expect(formatFileSize(250 * 1024)).toBe('250 KB')
    expect(formatFileSize(MAX_UPLOAD_BYTES)).toBe('5 MB')
  })
})

describe('previewKindOf', () => {
  it('previews images inline and PDFs in a frame, nothing else', () => {
    expect(previewKindOf('image/png')).toBe('image')
    expect(previewKindOf('image/jpeg')).toBe('image')
    expect(previewKindOf('application/pdf')).toBe('pdf')
    expect(previewKindOf('application/msword')).toBe('none')
  })
})

describe('downloadUrlOf', () => {
  it('asks the server for an attachment', () => {
    expect(downloadUrlOf('/files/documents/abc')).toBe('/files/documents/abc?download=1')
    expect(downloadUrlOf('/files/documents/abc?v=2')).toBe('/files/documents/abc?v=2&download=1')
  })
})
