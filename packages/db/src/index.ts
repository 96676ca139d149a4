export { installTypeParsers, parseInt8, UnsafeIntegerError } from './parsers.js'
export {
  CONNECT_TIMEOUT_MS,
  POSTGRES_SESSION_OPTIONS,
  STATEMENT_TIMEOUT_MS,
  createKysely,
  createPool,
  ensureDatabase,
  openDatabase,
  redactUrl,
  withDatabase,
  type DatabaseFlavor,
  type DbConfig,
  type DbHandle,
} from './connection.js'
export { startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from './embedded.js'
export { findFreePort } from './free-port.js'
export type { DbLogger } from './logger.js'
export {
  MigrationError,
  classifyStatement,
  migrateToLatest,
  migrationStatus,
  planPendingMigrations,
  rollbackAll,
  rollbackLast,
  type MigrationPlan,
  type MigrationStatus,
  type PlannedStatement,
} from './migrator.js'
export { migrations } from './migrations/index.js'
export {
  DEFAULT_MAX_ATTEMPTS,
  RETRYABLE_SQLSTATES,
  TransactionConflictError,
  backoffDelayMs,
  inTransaction,
  isRetryableTransactionError,
  isTransactionConflict,
  sqlStateOf,
  type IsolationLevel,
  type TransactionOptions,
} from './transaction.js'
export { defaultDataDir, findRepoRoot } from './paths.js'
export * from './schema.js'
export { sql, type Kysely, type Transaction, type Selectable, type Insertable, type Updateable } from 'kysely'
