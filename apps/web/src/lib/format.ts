// Display formatting for money and dates: @mp/domain's formatters, shared with the server's PDFs.
export { formatDate, formatDateTime, formatNaira, type DateFormatOptions } from '@mp/domain'
// One phone format on every screen and in every PDF: '0803 123 4567'.
export { formatPhone } from '@mp/domain'
