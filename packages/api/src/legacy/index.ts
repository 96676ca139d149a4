export {
  importLegacy,
  LegacyImportRefused,
  type LegacyImportOptions,
  type LegacyImportResult,
} from './import.js'
export { differencesCsv, formatImportReport, legacyDocumentsCsv } from './report.js'
export { koboOf } from './read.js'
export type { LoanDifference } from './run.js'
