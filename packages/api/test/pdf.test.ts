// The printable receipt and statement, read back with a real PDF text extractor (pdf.js, via unpdf):
// what a person would copy out of the file is what these tests check, not pdfkit's own objects.
import { formatNaira } from '@mp/domain'
import { getDocumentProxy, getMeta } from 'unpdf'
import { describe, expect, it } from 'vitest'
import { formatDay, formatInstant, humanize } from '../src/pdf/format.js'
import { renderReceiptPdf, renderStatementPdf } from '../src/pdf/render.js'
import { renderThermalReceiptPdf } from '../src/pdf/thermal.js'
import { characterSetsOf, cleanText, loadFontBytes } from '../src/pdf/fonts.js'
import type { CompanyHeader, ReceiptData, StatementData, StatementLine } from '../src/pdf/types.js'

const A4_WIDTH = 595.28

type Item = { text: string; x: number; y: number; width: number; height: number; rotated: boolean }
type ExtractedPage = { items: Item[]; text: string }

async function extractPages(bytes: Uint8Array): Promise<ExtractedPage[]> {
  // pdf.js may take ownership of the buffer it is given; hand it a copy.
  const pdf = await getDocumentProxy(new Uint8Array(bytes))
  const pages: ExtractedPage[] = []
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number)
    const content = await page.getTextContent()
    const items = content.items.flatMap((item) =>
      'str' in item && item.str.trim() !== ''
        ? [
            {
              text: item.str,
              x: Number(item.transform[4]),
              y: Number(item.transform[5]),
              width: item.width,
              height: item.height,
              rotated: Number(item.transform[1]) !== 0,
            },
          ]
        : [],
    )
    pages.push({ items, text: items.map((item) => item.text).join('\n') })
  }
  return pages
}

function allText(pages: ExtractedPage[]): string {
  return pages.map((page) => page.text).join('\n')
}

function textsOf(pages: ExtractedPage[]): string[] {
  return pages.flatMap((page) => page.items.map((item) => item.text))
}

function expectAll(texts: string | string[], expected: string[]): void {
  for (const text of expected) expect(texts, text).toContain(text)
}

/** The texts of the table row (items on one baseline, left to right) that holds `cell`. */
function rowWith(pages: ExtractedPage[], cell: string, nth = 0): string[] {
  const found = pages.flatMap((page) =>
    page.items
      .filter((item) => item.text === cell)
      .map((hit) =>
        page.items
          .filter((item) => Math.abs(item.y - hit.y) < 1.5)
          .sort((a, b) => a.x - b.x)
          .map((item) => item.text),
      ),
  )
  const row = found[nth]
  if (row === undefined) throw new Error(`no row holds ${cell}`)
  return row
}

/** Pairs of upright text runs whose boxes overlap: text printed over text. */
function overlapping(page: ExtractedPage): string[] {
  const boxes = page.items.filter((item) => !item.rotated)
  const clashes: string[] = []
  boxes.forEach((a, index) => {
    for (const b of boxes.slice(index + 1)) {
      const isApartX = a.x + a.width <= b.x + 0.5 || b.x + b.width <= a.x + 0.5
      const isApartY = a.y + a.height <= b.y + 0.5 || b.y + b.height <= a.y + 0.5
      if (!isApartX && !isApartY) clashes.push(`${a.text} / ${b.text}`)
    }
  })
  return clashes
}

function withoutWhitespace(text: string): string {
  return text.replace(/\s+/g, '')
}

const company: CompanyHeader = {
  name: 'Millennium Potters Microfinance Ltd',
  address: '12 Adeola Odeku Street, Victoria Island, Lagos',
  phone: '+234 803 000 0000',
  email: 'accounts@millenniumpotters.example',
  dateFormat: 'DD/MM/YYYY',
  timeZone: 'Africa/Lagos',
}

function receipt(overrides: Partial<ReceiptData> = {}): ReceiptData {
  return {
    company,
    receiptNumber: 'RCPT-2026-000123',
    loanNumber: 'LN-2026-000045',
    memberName: 'Adéọlá Ọlálékan',
    memberCode: 'MBR-00077',
    unionName: 'Oshodi Market Traders Union',
    paidOn: '2026-03-07',
    amount: 1_234_567_89,
    method: 'TRANSFER',
    reference: 'TRF/889900',
    notes: 'Paid at the union meeting.',
    receivedBy: 'Chinedu Okafor',
    postedAt: new Date('2026-03-07T13:45:00Z'),
    lines: [
      {
        sequence: 3,
        dueDate: '2026-02-28',
        principal: 800_000_00,
        interest: 80_000_00,
        fee: 5_000_00,
        penalty: 1_500_00,
        total: 886_500_00,
      },
      {
        sequence: 4,
        dueDate: '2026-03-07',
        principal: 300_000_00,
        interest: 45_067_89,
        fee: 3_000_00,
        penalty: 0,
        total: 348_067_89,
      },
    ],
    balanceAfter: 2_500_000_01,
    reversal: null,
    printedAt: new Date('2026-03-08T23:30:00Z'),
    ...overrides,
  }
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000
const TOTAL_DUE = 13_300_000_00

type Move = {
  date: string
  receipt: string
  detail: string
  split: [number, number, number, number]
  isReversed?: boolean
  isReversal?: boolean
}

/** Statement lines with the balance after each, as the service hands them over. */
function ledger(opening: number, moves: Move[]): StatementLine[] {
  let balance = opening
  const lines = moves.map((move): StatementLine => {
    const [principal, interest, fee, penalty] = move.split
    const amount = principal + interest + fee + penalty
    balance -= amount
    return {
      kind: move.isReversal === true ? 'REVERSAL' : 'PAYMENT',
      date: move.date,
      receiptNumber: move.receipt,
      detail: move.detail,
      money: { amount, principal, interest, fee, penalty },
      balance,
      isReversed: move.isReversed === true,
    }
  })
  return lines
}

function statement(count: number, overrides: Partial<StatementData> = {}): StatementData {
  const start = Date.UTC(2026, 0, 5)
  const installments = Array.from({ length: count }, (_, index) => {
    const sequence = index + 1
    const dueDate = new Date(start + index * WEEK_MS).toISOString().slice(0, 10)
    // Distinct figures per row, so each row's presence can be checked on its own.
    const principal = 100_000_00 + sequence * 1_01
    const interest = 10_000_00 + sequence
    const fee = 500_00
    const penalty = sequence <= 3 ? 250_00 : 0
    const total = principal + interest + fee + penalty
    const paidTotal = sequence <= 2 ? total : sequence === 3 ? 50_000_00 : 0
    return {
      sequence,
      dueDate,
      due: { principal, interest, fee, penalty, total },
      paid: { principal: paidTotal, interest: 0, fee: 0, penalty: 0, total: paidTotal },
      outstanding: total - paidTotal,
      state: sequence <= 2 ? 'PAID' : sequence === 3 ? 'PARTIAL' : 'UPCOMING',
    }
  })
  return {
    company: { ...company, dateFormat: 'D MMM YYYY' },
    loanNumber: 'LN-2026-000045',
    status: 'ACTIVE',
    memberName: 'Ngozi Eze',
    memberCode: 'MBR-00078',
    unionName: 'Aba Road Tailors Union',
    officerName: 'Bola Ahmed',
    loanTypeName: 'Weekly trader loan',
    principal: 12_000_000_00,
    termCount: count,
    termUnit: 'WEEK',
    interestDescription: 'Flat 10% per term',
    processingFee: 60_000_00,
    disbursedOn: '2026-01-02',
    asOf: '2026-01-30',
    installments,
    openingBalance: TOTAL_DUE,
    lines: ledger(TOTAL_DUE, [
      {
        date: '2026-01-05',
        receipt: 'RCPT-A-0001',
        detail: 'CASH',
        split: [100_101_00, 10_000_01, 500_00, 250_00],
      },
      {
        date: '2026-01-12',
        receipt: 'RCPT-A-0002',
        detail: 'USSD',
        split: [90_000_00, 9_999_99, 0, 0],
        isReversed: true,
      },
      {
        date: '2026-01-19',
        receipt: 'RCPT-A-0003',
        detail: 'POS',
        split: [150_000_00, 10_000_02, 500_00, 353_01],
      },
      {
        date: '2026-01-20',
        receipt: 'RCPT-A-0002',
        detail: 'Reversal: Cheque bounced at the bank',
        split: [-90_000_00, -9_999_99, 0, 0],
        isReversal: true,
      },
    ]),
    // The two payments that count: RCPT-A-0002 and its reversal cancel out.
    lineTotals: {
      amount: 271_704_04,
      principal: 250_101_00,
      interest: 20_000_03,
      fee: 1_000_00,
      penalty: 603_01,
    },
    totals: { due: 13_300_000_00, paid: 271_704_04, outstanding: 13_028_295_96, penaltiesAccrued: 750_00 },
    daysPastDue: 12,
    printedAt: new Date('2026-01-30T09:15:00Z'),
    ...overrides,
  }
}

describe('pdf formatting helpers', () => {
  it('prints calendar dates in the company format, as the web app does', () => {
    expect(formatDay('2026-03-07', 'DD/MM/YYYY')).toBe('07/03/2026')
    expect(formatDay('2026-03-07', 'MM/DD/YYYY')).toBe('03/07/2026')
    expect(formatDay('2026-03-07', 'YYYY-MM-DD')).toBe('2026-03-07')
    expect(formatDay('2026-03-07', 'DD-MM-YYYY')).toBe('07-03-2026')
    expect(formatDay('2026-03-07', 'D MMM YYYY')).toBe('7 Mar 2026')
    expect(formatDay('2026-12-25', 'DD-MM-YY')).toBe('25-12-26')
    expect(() => formatDay('2026-02-30', 'DD/MM/YYYY')).toThrow(RangeError)
    expect(() => formatDay('07/03/2026', 'DD/MM/YYYY')).toThrow(RangeError)
  })

  it('prints instants in the company timezone', () => {
    const lateUtc = new Date('2026-03-07T23:30:00Z')
    expect(formatInstant(lateUtc, 'DD/MM/YYYY', 'Africa/Lagos')).toBe('08/03/2026 00:30')
    expect(formatInstant(lateUtc, 'YYYY-MM-DD', 'UTC')).toBe('2026-03-07 23:30')
  })

  it('turns enum values into words and leaves prose alone', () => {
    expect(humanize('BANK_TRANSFER')).toBe('Bank transfer')
    expect(humanize('DUE_TODAY')).toBe('Due today')
    expect(humanize('POS')).toBe('POS')
    expect(humanize('Mobile money')).toBe('Mobile money')
  })
})

describe('fonts', () => {
  it('has the naira sign and the dotted vowels of Yoruba names, regular and bold', async () => {
    const characters = characterSetsOf(await loadFontBytes())
    for (const known of [characters.regular, characters.bold]) {
      for (const char of '₦ỌọẸẹṢṣÀàÉé') expect(known.has(char.codePointAt(0) ?? 0)).toBe(true)
    }
  })

  it('prints composed letters, drops control characters and marks what the font lacks', async () => {
    const { regular } = characterSetsOf(await loadFontBytes())
    // 'O' + a combining dot below composes to 'Ọ', one letter the font has a glyph for.
    expect(cleanText('O\u0323la\r\nPaid 👍\tby\u0000\u200b agent', regular)).toBe('Ọla\nPaid ? by agent')
  })
})

// The allocation rows of the sample receipt as printed, left to right.
const ROW_3 = ['#3', '28/02/2026', '₦800,000.00', '₦80,000.00', '₦5,000.00', '₦1,500.00', '₦886,500.00']
const ROW_4 = ['#4', '07/03/2026', '₦300,000.00', '₦45,067.89', '₦3,000.00', '₦0.00', '₦348,067.89']

describe('receipt pdf', () => {
  it('prints the receipt, its allocation and the balance on one A4 page', async () => {
    const bytes = await renderReceiptPdf(receipt())
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-')
    const pages = await extractPages(bytes)
    expect(pages).toHaveLength(1)
    const text = allText(pages)
    const items = pages[0]!.items.map((item) => item.text)

    expectAll(text, ['RCPT-2026-000123', 'LN-2026-000045', 'Adéọlá Ọlálékan', 'Oshodi Market Traders Union'])
    expect(items).toContain('₦1,234,567.89')
    expectAll(text, ['Transfer', 'TRF/889900', 'Chinedu Okafor', 'Paid at the union meeting.'])
    // Company date format and timezone: 13:45 UTC is 14:45 in Lagos; printed 23:30 UTC is the next day there.
    expect(items).toContain('07/03/2026')
    expect(text).toContain('07/03/2026 14:45 (Africa/Lagos)')
    expect(text).toContain('Printed 09/03/2026 00:30 (Africa/Lagos)')

    // Allocation lines, each figure in its own cell of its row.
    expect(rowWith(pages, '#3')).toEqual(ROW_3)
    expect(rowWith(pages, '#4')).toEqual(ROW_4)
    expect(text).toContain('Balance after this payment')
    expect(items).toContain('₦2,500,000.01')
    expect(text).toContain('Page 1 of 1')
    expect(text).not.toContain('REVERSED')
  })

  it('says REVERSED plainly, with the date and reason, when the payment was reversed', async () => {
    const bytes = await renderReceiptPdf(
      receipt({ reversal: { reversedOn: '2026-03-10', reason: 'Cheque bounced at the bank.' } }),
    )
    const pages = await extractPages(bytes)
    const text = allText(pages)
    expect(pages[0]!.items.map((item) => item.text)).toContain('REVERSED')
    expect(text).toContain('10/03/2026')
    expect(withoutWhitespace(text)).toContain(withoutWhitespace('Reason: Cheque bounced at the bank.'))
    expect(text).toContain('Balance when the payment was posted')
    expect(text).toContain('₦1,234,567.89')
    // Printed cleanly: what it had paid stays readable, nothing is printed over anything else (no
    // diagonal watermark across the figures either).
    expect(rowWith(pages, '#3')).toEqual(ROW_3)
    expect(rowWith(pages, '#4')).toEqual(ROW_4)
    expect(withoutWhitespace(text)).toContain(withoutWhitespace('REVERSED on 10/03/2026'))
    for (const page of pages) {
      expect(overlapping(page)).toEqual([])
      expect(page.items.filter((item) => item.rotated)).toEqual([])
    }
  })

  it('sets the document title and producer', async () => {
    const bytes = await renderReceiptPdf(receipt())
    const { info } = await getMeta(new Uint8Array(bytes))
    expect(info.Title).toBe('Payment receipt RCPT-2026-000123')
    expect(info.Producer).toBe('Millennium Potters Loans')
    expect(info.Author).toBe(company.name)
  })

  it('renders the same data to the same bytes', async () => {
    const first = await renderReceiptPdf(receipt())
    const second = await renderReceiptPdf(receipt())
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true)
  })

  it('wraps long free text instead of overflowing the page', async () => {
    const words = Array.from({ length: 100 }, (_, index) => `word${String(index).padStart(3, '0')}`)
    const notes = words.join(' ').slice(0, 500)
    const longName = `Oluwaseun ${'Adebayo-'.repeat(13)}Okonkwo`.slice(0, 120)
    const unbroken = 'X'.repeat(120)
    expect(notes).toHaveLength(500)
    expect(longName).toHaveLength(120)

    const bytes = await renderReceiptPdf(
      receipt({
        notes,
        memberName: longName,
        unionName: unbroken,
        receivedBy: longName,
        reference: 'R'.repeat(120),
        reversal: { reversedOn: '2026-03-10', reason: notes },
        company: { ...company, name: longName, address: notes },
      }),
    )
    const pages = await extractPages(bytes)
    const text = allText(pages)
    const squashed = withoutWhitespace(text)
    expect(squashed).toContain(withoutWhitespace(notes))
    expect(squashed).toContain(withoutWhitespace(longName))
    expect(squashed).toContain(unbroken)
    // Each note line is its own text run: several runs, none reaching past the right margin.
    const noteRuns = pages.flatMap((page) => page.items).filter((item) => item.text.includes('word0'))
    expect(noteRuns.length).toBeGreaterThan(3)
    for (const item of pages.flatMap((page) => page.items)) {
      expect(item.x).toBeGreaterThanOrEqual(0)
      expect(item.x + item.width).toBeLessThanOrEqual(A4_WIDTH - 39)
    }
  })

  it('copes with text the font cannot draw and with an empty allocation', async () => {
    const bytes = await renderReceiptPdf(
      receipt({
        notes: 'Paid 👍\tby\u0000 agent',
        lines: [],
        reference: null,
        company: { ...company, phone: null, email: null, address: null },
      }),
    )
    const text = allText(await extractPages(bytes))
    expect(text).toContain('This payment was not applied to any installment.')
    expect(text).toContain('Paid ? by agent')
  })
})

describe('thermal receipt pdf', () => {
  it('wraps long text to a 58 mm roll and keeps every figure of the A4 receipt', async () => {
    const longName = `Oluwaseun ${'Adebayo-'.repeat(13)}Okonkwo`.slice(0, 120)
    const data = receipt({
      memberName: longName,
      unionName: 'X'.repeat(80),
      reversal: { reversedOn: '2026-03-10', reason: 'Cheque bounced at the bank.' },
    })
    const [roll, a4] = await Promise.all([
      extractPages(await renderThermalReceiptPdf(data, 'thermal58')),
      extractPages(await renderReceiptPdf(data)),
    ])
    expect(roll).toHaveLength(1)
    const figures = (pages: ExtractedPage[]) => new Set(allText(pages).match(/₦[\d,]+\.\d{2}/g))
    expect(figures(roll)).toEqual(figures(a4))
    const squashed = withoutWhitespace(allText(roll))
    for (const text of [longName, 'X'.repeat(80), 'REVERSEDon10/03/2026', 'Reason:Chequebouncedatthebank.']) {
      expect(squashed).toContain(withoutWhitespace(text))
    }
    for (const item of roll[0]!.items) {
      expect(item.x, item.text).toBeGreaterThanOrEqual(0)
      expect(item.x + item.width, item.text).toBeLessThanOrEqual(164)
    }
    expect(overlapping(roll[0]!)).toEqual([])
  })
})

describe('statement pdf', () => {
  it('prints every installment, payment and total across numbered pages for a 120-installment loan', async () => {
    const data = statement(120)
    const bytes = await renderStatementPdf(data)
    const pages = await extractPages(bytes)
    const count = pages.length
    expect(count).toBeGreaterThan(1)
    pages.forEach((page, index) => {
      expect(page.text).toContain(`Page ${index + 1} of ${count}`)
      expect(page.text).toContain('Printed 30 Jan 2026 10:15 (Africa/Lagos)')
      if (index > 0) expect(page.text).toContain('Loan statement LN-2026-000045 · Ngozi Eze (continued)')
    })

    const items = textsOf(pages)
    for (const inst of data.installments) {
      expect(items).toContain(formatDay(inst.dueDate, 'D MMM YYYY'))
      expect(items).toContain(formatNaira(inst.due.principal))
      expect(items).toContain(formatNaira(inst.outstanding))
      expect(items).toContain(String(inst.sequence))
    }
    expect(items).toContain('Partial')
    expect(items).toContain('Upcoming')

    // The schedule's header row is repeated on every page the schedule runs onto.
    const scheduleDates = new Set(data.installments.map((inst) => formatDay(inst.dueDate, 'D MMM YYYY')))
    for (const page of pages) {
      const texts = page.items.map((item) => item.text)
      if (texts.some((text) => scheduleDates.has(text))) {
        expect(texts).toContain('Due date')
        expect(texts).toContain('Outstanding')
      }
    }

    expectAll(items, ['RCPT-A-0001', 'RCPT-A-0002', 'RCPT-A-0003', '₦110,851.01', '₦99,999.99'])
    expectAll(items, ['₦160,853.03', '₦353.01', 'USSD · REVERSED', 'POS'])

    for (const total of ['₦13,300,000.00', '₦271,704.04', '₦13,028,295.96', '₦750.00']) {
      expect(items.filter((text) => text === total).length).toBeGreaterThanOrEqual(2)
    }
    const text = allText(pages)
    expectAll(text, [
      '₦12,000,000.00',
      '120 weeks',
      'Flat 10% per term',
      'Active',
      '2 Jan 2026',
      'As of 30 Jan 2026',
    ])
  })

  it('shows what a reversed payment had paid, its reversal taking it back, and a running balance to the kobo', async () => {
    const data = statement(4)
    const pages = await extractPages(await renderStatementPdf(data))
    expect(pages).toHaveLength(1)
    const row = (cell: string, nth = 0) => rowWith(pages, cell, nth).join(' | ')
    expect(row('Total due', 2)).toBe('Total due | ₦13,300,000.00')
    expect(row('RCPT-A-0001')).toBe(
      '5 Jan 2026 | RCPT-A-0001 | Cash | ₦110,851.01 | ₦100,101.00 | ₦10,000.01 | ₦500.00 | ₦250.00 | ₦13,189,148.99',
    )
    // The reversed payment keeps its split (not ₦0.00) and is marked; the balance moved when it was paid.
    expect(row('RCPT-A-0002')).toBe(
      '12 Jan 2026 | RCPT-A-0002 | USSD · REVERSED | ₦99,999.99 | ₦90,000.00 | ₦9,999.99 | ₦0.00 | ₦0.00 | ₦13,089,149.00',
    )
    expect(row('RCPT-A-0003')).toBe(
      '19 Jan 2026 | RCPT-A-0003 | POS | ₦160,853.03 | ₦150,000.00 | ₦10,000.02 | ₦500.00 | ₦353.01 | ₦12,928,295.97',
    )
    // Its reversal is a line of its own that takes the same amounts back.
    expect(row('RCPT-A-0002', 1)).toBe(
      '20 Jan 2026 | RCPT-A-0002 | Reversal: Cheque | -₦99,999.99 | -₦90,000.00 | -₦9,999.99 | ₦0.00 | ₦0.00 | ₦13,028,295.96',
    )
    expect(withoutWhitespace(allText(pages))).toContain('Reversal:Chequebouncedatthebank')
    // Totals: what counts towards the loan (reversals cancel); the last balance is the outstanding amount.
    expect(row('Totals', 1)).toBe(
      'Totals | ₦271,704.04 | ₦250,101.00 | ₦20,000.03 | ₦1,000.00 | ₦603.01 | ₦13,028,295.96',
    )
    expect(data.lineTotals.amount).toBe(data.totals.paid)
    expect(data.lines.at(-1)?.balance).toBe(data.totals.outstanding)
    for (const page of pages) expect(overlapping(page)).toEqual([])
  })

  it('fits a short loan on one page and says when there is nothing to list', async () => {
    const short = await extractPages(await renderStatementPdf(statement(4)))
    expect(short).toHaveLength(1)
    expect(short[0]!.text).toContain('Page 1 of 1')

    const empty = allText(
      await extractPages(
        await renderStatementPdf(
          statement(0, { lines: [], openingBalance: 0, disbursedOn: null, daysPastDue: 0 }),
        ),
      ),
    )
    expectAll(empty, ['No repayment schedule yet.', 'No payments recorded.', 'Not disbursed'])
  })
})
