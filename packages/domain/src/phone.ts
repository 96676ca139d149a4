/**
 * One way to show a Nigerian phone number everywhere — screens, PDFs, exports: the national form in
 * groups of 3-3-4, '0803 123 4567', as people write and dial it (NCC's national numbering: a trunk 0
 * and ten digits; +234 replaces the 0 from abroad). Numbers are stored as +234XXXXXXXXXX; older or
 * foreign values that are not a Nigerian mobile or landline of ten national digits are shown as stored.
 */
export function formatPhone(value: string | null | undefined): string {
  if (value === null || value === undefined || value.trim() === '') return '—'
  const digits = value.replace(/[\s\-().]/g, '')
  const match = /^(?:\+?234|0)(\d{3})(\d{3})(\d{4})$/.exec(digits)
  if (!match) return value.trim()
  return `0${match[1] ?? ''} ${match[2] ?? ''} ${match[3] ?? ''}`
}
