// Plain data for the printable documents (docs/product.md §5: a receipt per repayment, a statement per loan).
// The services fill these from the database and @mp/domain; the renderers only lay them out, so every
// figure printed is one the API already reconciles. Money is integer kobo; dates are 'YYYY-MM-DD'.

export type CompanyHeader = {
  name: string
  address: string | null
  phone: string | null
  email: string | null
  /** e.g. 'DD/MM/YYYY' (company settings); dates are printed in this format. */
  dateFormat: string
  /** IANA zone the "printed at" time is shown in. */
  timeZone: string
}

export type ReceiptData = {
  company: CompanyHeader
  receiptNumber: string
  loanNumber: string
  memberName: string
  memberCode: string
  unionName: string
  paidOn: string
  amount: number
  method: string
  reference: string | null
  notes: string | null
  receivedBy: string
  postedAt: Date
  /** How the payment was applied, per installment (what was stored for it). */
  lines: {
    sequence: number
    dueDate: string
    principal: number
    interest: number
    fee: number
    penalty: number
    total: number
  }[]
  /** Balance still owed on the loan right after this payment (payoff amount then). */
  balanceAfter: number
  /** Set when the payment was later reversed: the receipt says so plainly. */
  reversal: { reversedOn: string; reason: string } | null
  printedAt: Date
}

export type StatementData = {
  company: CompanyHeader
  loanNumber: string
  status: string
  memberName: string
  memberCode: string
  unionName: string
  officerName: string
  loanTypeName: string
  principal: number
  termCount: number
  termUnit: 'DAY' | 'WEEK' | 'MONTH'
  /** Plain words, e.g. 'Flat 10% per term'. */
  interestDescription: string
  processingFee: number
  disbursedOn: string | null
  /** A top-up (docs/lending.md "Top-ups"): the loan it paid off, the payoff and the cash paid to the member. */
  topUp?: { loanNumber: string; payoff: number | null; cashToMember: number | null } | null
  /** The top-up that paid this loan off. */
  paidOffBy?: { loanNumber: string; date: string } | null
  asOf: string
  installments: {
    sequence: number
    dueDate: string
    /** Scheduled principal + interest + fee + penalty accrued as of `asOf`. */
    due: { principal: number; interest: number; fee: number; penalty: number; total: number }
    paid: { principal: number; interest: number; fee: number; penalty: number; total: number }
    outstanding: number
    state: string
  }[]
  /** What the loan owed as of `asOf` before any payment (schedule and penalties): the ledger's start. */
  openingBalance: number
  /** Payments, reversals and other changes in date order, each with the balance after it. */
  lines: StatementLine[]
  /** Sum of each money column of `lines`: reversals cancel their payments, so these are what counts. */
  lineTotals: StatementMoney
  totals: {
    due: number
    paid: number
    outstanding: number
    penaltiesAccrued: number
  }
  daysPastDue: number
  printedAt: Date
}

export type StatementSplit = { principal: number; interest: number; fee: number; penalty: number }

/** Money a statement line moved: received on a payment, taken back (negative) on a reversal. */
export type StatementMoney = StatementSplit & { amount: number }

export type StatementLine = {
  kind: 'PAYMENT' | 'REVERSAL' | 'CHANGE'
  date: string
  /** The payment's receipt (also on its reversal line); '' for a change. */
  receiptNumber: string
  /** Payment method, 'Reversal: <reason>', or what the change was. */
  detail: string
  /** Null for a change, which moves the balance without money changing hands. */
  money: StatementMoney | null
  /** Still owed after this line. */
  balance: number
  /** A payment later reversed: it keeps its split, and a REVERSAL line takes it back. */
  isReversed: boolean
}
