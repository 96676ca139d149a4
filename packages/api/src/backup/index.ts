export {
  archiveEvents,
  assertSameSchema,
  fileChecksum,
  loadArchive,
  tableDigests,
  verifyArchive,
  writeArchive,
  type ArchiveProgress,
  type LoadHooks,
  type TableDigest,
  type VerifiedArchive,
} from './archive.js'
export {
  EXCLUDED_TABLES,
  backedUpTables,
  publicTables,
  sequenceValues,
  tablesClearedOnRestore,
  type TableInfo,
} from './catalog.js'
export { drillBackup, type DrillDifference, type DrillResult } from './drill.js'
export { BackupFileError, FORMAT_VERSION, MAGIC, type ArchiveHeader, type ArchiveManifest } from './format.js'
export { backupFileAppError, restoreFromFile, type Restorer, type RestoreResult } from './restore.js'
export {
  applyRetention,
  deleteBackup,
  failInterruptedRuns,
  fetchStoredBackup,
  getBackup,
  listBackups,
  openBackupDownload,
  runBackup,
  startBackup,
  STALE_AFTER_MS,
  type BackupActor,
  type BackupDeps,
  type BackupView,
  type StartedBackup,
} from './service.js'
