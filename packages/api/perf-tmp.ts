import { writeFileSync } from 'node:fs'
import { renderReceiptPdf, renderStatementPdf } from './src/pdf/render.js'
const company = { name: 'Millennium Potters Microfinance Ltd', address: '12 Adeola Odeku Street, Victoria Island, Lagos', phone: '+234 803 000 0000', email: 'accounts@millenniumpotters.example', dateFormat: 'DD/MM/YYYY', timeZone: 'Africa/Lagos' }
const receipt = { company, receiptNumber: 'RCPT-2026-000123', loanNumber: 'LN-2026-000045', memberName: 'Adéọlá Ọlálékan', memberCode: 'MBR-00077', unionName: 'Oshodi Market Traders Union', paidOn: '2026-03-07', amount: 123456789, method: 'BANK_TRANSFER', reference: 'TRF/889900', notes: 'Paid at the union meeting. '.repeat(12), receivedBy: 'Chinedu Okafor', postedAt: new Date('2026-03-07T13:45:00Z'),
  lines: [
      { sequence: 3, dueDate: '2026-02-28', principal: 80000000, interest: 8000000, fee: 500000, penalty: 150000, total: 88650000 },
      { sequence: 4, dueDate: '2026-03-07', principal: 30000000, interest: 4506789, fee: 300000, penalty: 0, total: 34806789 },
    ], balanceAfter: 250000001, reversal: null as null | { reversedOn: string; reason: string }, printedAt: new Date('2026-03-08T23:30:00Z') }
let t = performance.now()
writeFileSync('/tmp/perf/receipt.pdf', await renderReceiptPdf(receipt))
console.log('receipt', performance.now() - t)
writeFileSync('/tmp/perf/receipt-rev.pdf', await renderReceiptPdf({ ...receipt, reversal: { reversedOn: '2026-03-10', reason: 'Cheque bounced at the bank.' } }))
const installments = Array.from({ length: 120 }, (_, i) => { const s = i + 1; const principal = 10000000 + s * 101; const interest = 1000000 + s; const fee = 50000; const penalty = s <= 3 ? 25000 : 0; const total = principal + interest + fee + penalty; const paid = s <= 2 ? total : s === 3 ? 5000000 : 0
  return { sequence: s, dueDate: new Date(Date.UTC(2026, 0, 5) + i * 7 * 864e5).toISOString().slice(0, 10), due: { principal, interest, fee, penalty, total }, paid: { principal: paid, interest: 0, fee: 0, penalty: 0, total: paid }, outstanding: total - paid, state: s <= 2 ? 'PAID' : s === 3 ? 'PARTIALLY_PAID' : 'PENDING' } })
const statement = { company: { ...company, dateFormat: 'D MMM YYYY' }, loanNumber: 'LN-2026-000045', status: 'ACTIVE', memberName: 'Ngozi Eze', memberCode: 'MBR-00078', unionName: 'Aba Road Tailors Union', officerName: 'Bola Ahmed', loanTypeName: 'Weekly trader loan', principal: 1200000000, termCount: 120, termUnit: 'WEEK' as const, interestDescription: 'Flat 10% per term', processingFee: 6000000, disbursedOn: '2026-01-02', asOf: '2026-01-30', installments,
  payments: [
      { receiptNumber: 'RCPT-A-0001', paidOn: '2026-01-05', amount: 11085101, method: 'CASH', principal: 10010100, interest: 1000001, fee: 50000, penalty: 25000, isReversed: false },
      { receiptNumber: 'RCPT-A-0002', paidOn: '2026-01-12', amount: 9999999, method: 'BANK_TRANSFER', principal: 0, interest: 0, fee: 0, penalty: 0, isReversed: true },
      { receiptNumber: 'RCPT-A-0003', paidOn: '2026-01-19', amount: 16085303, method: 'POS', principal: 15000000, interest: 1000002, fee: 50000, penalty: 35301, isReversed: false },
    ], totals: { due: 1330000000, paid: 27170404, outstanding: 1302829596, penaltiesAccrued: 75000 }, daysPastDue: 12, printedAt: new Date('2026-01-30T09:15:00Z') }
t = performance.now()
writeFileSync('/tmp/perf/statement.pdf', await renderStatementPdf(statement))
console.log('statement', performance.now() - t)
const notes = Array.from({ length: 100 }, (_, i) => `word${String(i).padStart(3, '0')}`).join(' ').slice(0, 500)
const longName = `Oluwaseun ${'Adebayo-'.repeat(13)}Okonkwo`.slice(0, 120)
writeFileSync('/tmp/perf/receipt-long.pdf', await renderReceiptPdf({ ...receipt, notes, memberName: longName, unionName: 'X'.repeat(120), receivedBy: longName, reference: 'R'.repeat(120), reversal: { reversedOn: '2026-03-10', reason: notes }, company: { ...company, name: longName, address: notes } }))
