export {
  importLegacy,
  LegacyImportRefused,
  type LegacyImportOptions,
  type LegacyImportResult,
} from './import.js'
export { differencesCsv, formatImportReport, legacyDocumentsCsv } from './report.js'
export { koboOf, type LegacyDb } from './read.js'
export type { EntityCounts, LoanDifference, Refusal } from './run.js'
