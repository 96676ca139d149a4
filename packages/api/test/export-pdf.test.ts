// The export PDF writer on its own, read back with pdf.js (unpdf): where each page's rows land.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExportColumn } from '../src/exports/columns.js'
import { writePdf } from '../src/exports/writers.js'

type Row = { number: string; amount: number }

const columns: ExportColumn<Row>[] = [
  { header: 'Loan number', type: 'text', value: (row) => row.number },
  { header: 'Amount', type: 'money', value: (row) => row.amount },
]

async function* rowsOf(count: number): AsyncIterable<Row> {
  for (let index = 1; index <= count; index++) {
    // As the database cursor does, a row at a time.
    await Promise.resolve()
    yield { number: `LN${String(index).padStart(8, '0')}`, amount: index * 100_00 }
  }
}

async function pagesOf(file: string): Promise<string[]> {
  const pdf = await getDocumentProxy(new Uint8Array(await readFile(file)))
  const pages: string[] = []
  for (let number = 1; number <= pdf.numPages; number++) {
    const content = await (await pdf.getPage(number)).getTextContent()
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '))
  }
  return pages
}

describe('export PDF', () => {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'export-pdf-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('starts the table on page 1 and puts rows on every page, each with its title and number', async () => {
    const file = path.join(dir, 'loans.pdf')
    const count = await writePdf({
      title: 'Loans',
      subtitle: 'All statuses',
      columns,
      rows: rowsOf(100),
      path: file,
      printedAt: '03/12/2026 17:10 (Africa/Lagos)',
    })
    expect(count).toBe(100)
    const pages = await pagesOf(file)
    // 100 rows of 11 pt fit on three landscape pages; a page holding only the title is a page too many.
    expect(pages).toHaveLength(3)
    expect(pages[0]).toContain('LN00000001')
    pages.forEach((text, index) => {
      expect(text).toContain('Loans')
      expect(text).toContain('Loan number')
      expect(text).toMatch(/LN\d{8}/)
      expect(text).toContain(`Page ${String(index + 1)} · printed 03/12/2026 17:10 (Africa/Lagos)`)
    })
    const printed = pages.join(' ').match(/LN\d{8}/g) ?? []
    expect(printed).toHaveLength(100)
  })
})
