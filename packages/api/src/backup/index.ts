export { assertSameSchema, loadArchive, tableDigests, verifyArchive } from './archive.js'
export {
  EXCLUDED_TABLES,
  backedUpTables,
  publicTables,
  sequenceValues,
  tablesClearedOnRestore,
} from './catalog.js'
export { drillBackup, type DrillResult } from './drill.js'
export { BackupFileError } from './format.js'
export { restoreFromFile, type RestoreResult } from './restore.js'
export {
  applyRetention,
  deleteBackup,
  fetchStoredBackup,
  getBackup,
  listBackups,
  openBackupDownload,
  runBackup,
  startBackup,
  type BackupActor,
  type BackupDeps,
  type BackupView,
} from './service.js'
