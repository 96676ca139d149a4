export { appRouter, createCaller, type AppRouter } from './root.js'
export {
  createInnerContext,
  type Context,
  type ContextLogger,
  type InnerContextOptions,
  type RequestMeta,
} from './context.js'
export { AppError, refusalOf, type AppErrorCode } from './errors.js'
export {
  BUSY_MESSAGE,
  MAX_HEAVY_PER_USER,
  RETRY_AFTER_SECONDS,
  UNAVAILABLE_MESSAGE,
  busyError,
  createHeavyWorkLimiter,
  databaseBackpressure,
  isDatabaseUnavailable,
  isPoolTimeout,
  isQueryTimeout,
  type HeavyWorkLimiter,
} from './backpressure.js'
export { recordAudit, type AuditInput } from './audit.js'
export {
  applyRetention,
  BackupFileError,
  deleteBackup,
  drillBackup,
  EXCLUDED_TABLES,
  getBackup,
  listBackups,
  openBackupDownload,
  restoreFromFile,
  runBackup,
  startBackup,
  verifyArchive,
  type BackupActor,
  type BackupDeps,
  type BackupView,
  type DrillResult,
  type RestoreResult,
} from './backup/index.js'
export { RESTORE_CONFIRMATION } from './schemas/backup.js'
export { ZSignInInput, type TSignInInput } from './schemas/auth.js'
export { generateOneTimePassword, normaliseNigerianPhone } from './services/staff.js'
export { insertAdmin } from './services/setup.js'
export {
  createCloudinaryStorage,
  createDocumentStorage,
  createLocalStorage,
  formatFileSize,
  MAX_DOCUMENT_BYTES,
  StoredFileMissingError,
  type DocumentStorage,
} from './storage/index.js'
export { findDocumentForDownload, type DocumentDownload, type DocumentItem } from './services/document.js'
export {
  loanStatement,
  repaymentReceipt,
  type PrintContext,
  type PrintedFile,
} from './services/loan-print.js'
export {
  EXPORT_MIME,
  MAX_EXPORTS_PER_USER,
  findExport,
  runExportJob,
  sweepExports,
  waitForExport,
  type ExportJobView,
} from './exports/jobs.js'
export {
  JOB_SCHEMA,
  QUEUES,
  startJobQueue,
  type JobContext,
  type JobHandlers,
  type JobName,
  type JobPayloads,
  type JobQueue,
  type JobQueueOptions,
} from './jobs/queue.js'
export { jobHandlers, scheduleDailyClose, scheduleJobs, type WorkerDeps } from './jobs/handlers.js'
export {
  backupCron,
  drillCron,
  readBackupSchedule,
  runBackupDrill,
  runScheduledBackup,
  syncBackupSchedule,
  type BackupSchedule,
} from './jobs/backup-jobs.js'
export {
  INSTALLMENT_LEDGER_FIELDS,
  LEDGER_STATE_FIELDS,
  ledgerFacts,
  ledgerOf,
  rebuildLedger,
  reconcileAllocations,
  verifyLedger,
  writeLedgers,
  type AllocationReconciliation,
  type LedgerDifference,
  type LedgerRunOptions,
  type LedgerVerification,
  type LoanLedger,
} from './ledger/index.js'
export { closeDay, closeDue, lastClosedDay, type CloseResult } from './ledger/close.js'
export {
  differencesCsv,
  formatImportReport,
  importLegacy,
  legacyDocumentsCsv,
  LegacyImportRefused,
  type LegacyImportOptions,
  type LegacyImportResult,
  type LoanDifference,
} from './legacy/index.js'
