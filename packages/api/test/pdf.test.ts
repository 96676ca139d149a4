// The printable receipt and statement, read back with a real PDF text extractor (pdf.js, via unpdf):
// what a person would copy out of the file is what these tests check, not pdfkit's own objects.
import { formatNaira } from '@mp/domain'
import { getDocumentProxy, getMeta } from 'unpdf'
import { describe, expect, it } from 'vitest'
import { formatDay, formatInstant, humanize } from '../src/pdf/format.js'
import { renderReceiptPdf, renderStatementPdf } from '../src/pdf/render.js'
import { characterSetsOf, cleanText, loadFontBytes } from '../src/pdf/fonts.js'
import type { CompanyHeader, ReceiptData, StatementData } from '../src/pdf/types.js'

const A4_WIDTH = 595.28

type Item = { text: string; x: number; width: number; rotated: boolean }
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
              width: item.width,
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
    payments: [
      {
        receiptNumber: 'RCPT-A-0001',
        paidOn: '2026-01-05',
        amount: 110_851_01,
        method: 'CASH',
        principal: 100_101_00,
        interest: 10_000_01,
        fee: 500_00,
        penalty: 250_00,
        isReversed: false,
      },
      {
        receiptNumber: 'RCPT-A-0002',
        paidOn: '2026-01-12',
        amount: 99_999_99,
        method: 'USSD',
        principal: 0,
        interest: 0,
        fee: 0,
        penalty: 0,
        isReversed: true,
      },
      {
        receiptNumber: 'RCPT-A-0003',
        paidOn: '2026-01-19',
        amount: 160_853_03,
        method: 'POS',
        principal: 150_000_00,
        interest: 10_000_02,
        fee: 500_00,
        penalty: 353_01,
        isReversed: false,
      },
    ],
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

describe('receipt pdf', () => {
  it('prints the receipt, its allocation and the balance on one A4 page', async () => {
    const bytes = await renderReceiptPdf(receipt())
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-')
    const pages = await extractPages(bytes)
    expect(pages).toHaveLength(1)
    const text = allText(pages)
    const items = pages[0]!.items.map((item) => item.text)

    expect(text).toContain('RCPT-2026-000123')
    expect(text).toContain('LN-2026-000045')
    expect(text).toContain('Adéọlá Ọlálékan')
    expect(text).toContain('Oshodi Market Traders Union')
    expect(items).toContain('₦1,234,567.89')
    expect(text).toContain('Transfer')
    expect(text).toContain('TRF/889900')
    expect(text).toContain('Chinedu Okafor')
    expect(text).toContain('Paid at the union meeting.')
    // Company date format and timezone: 13:45 UTC is 14:45 in Lagos; printed 23:30 UTC is the next day there.
    expect(items).toContain('07/03/2026')
    expect(text).toContain('07/03/2026 14:45 (Africa/Lagos)')
    expect(text).toContain('Printed 09/03/2026 00:30 (Africa/Lagos)')

    // Allocation lines, each figure in its own right-aligned cell.
    for (const figure of [
      '#3',
      '28/02/2026',
      '₦800,000.00',
      '₦80,000.00',
      '₦5,000.00',
      '₦1,500.00',
      '₦886,500.00',
    ]) {
      expect(items).toContain(figure)
    }
    for (const figure of ['#4', '₦300,000.00', '₦45,067.89', '₦3,000.00', '₦0.00', '₦348,067.89']) {
      expect(items).toContain(figure)
    }
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
    // (The diagonal REVERSED watermark is the one run that is meant to cross the page.)
    for (const item of pages.flatMap((page) => page.items).filter((run) => !run.rotated)) {
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

    const items = pages.flatMap((page) => page.items.map((item) => item.text))
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

    for (const payment of ['RCPT-A-0001', 'RCPT-A-0002', 'RCPT-A-0003']) expect(items).toContain(payment)
    for (const figure of ['₦110,851.01', '₦99,999.99', '₦160,853.03', '₦353.01'])
      expect(items).toContain(figure)
    expect(items).toContain('REVERSED')
    expect(items).toContain('USSD')
    expect(items).toContain('POS')

    for (const total of ['₦13,300,000.00', '₦271,704.04', '₦13,028,295.96', '₦750.00']) {
      expect(items.filter((text) => text === total).length).toBeGreaterThanOrEqual(2)
    }
    const text = allText(pages)
    expect(text).toContain('₦12,000,000.00')
    expect(text).toContain('120 weeks')
    expect(text).toContain('Flat 10% per term')
    expect(text).toContain('Active')
    expect(text).toContain('2 Jan 2026')
    expect(text).toContain('As of 30 Jan 2026')
  })

  it('fits a short loan on one page and says when there is nothing to list', async () => {
    const short = await extractPages(await renderStatementPdf(statement(4)))
    expect(short).toHaveLength(1)
    expect(short[0]!.text).toContain('Page 1 of 1')

    const empty = allText(
      await extractPages(
        await renderStatementPdf(statement(0, { payments: [], disbursedOn: null, daysPastDue: 0 })),
      ),
    )
    expect(empty).toContain('No repayment schedule yet.')
    expect(empty).toContain('No payments recorded.')
    expect(empty).toContain('Not disbursed')
  })
})
