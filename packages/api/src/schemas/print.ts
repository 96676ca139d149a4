// Paper a receipt prints on (issue 15 item 6): A4 in the office, or the 58 mm and 80 mm thermal rolls
// field officers carry (docs/user-guide.md "Printing receipts"). The receipt route answers 400 for any
// other `format`; the web app offers these three.
export const RECEIPT_FORMATS = ['a4', 'thermal58', 'thermal80'] as const

export type TReceiptFormat = (typeof RECEIPT_FORMATS)[number]

export function isReceiptFormat(value: unknown): value is TReceiptFormat {
  return RECEIPT_FORMATS.some((format) => format === value)
}
