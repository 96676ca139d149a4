/** The slice of a logger the db package needs (pino's logger satisfies it). */
export type DbLogger = {
  info: (message: string) => void
  warn: (message: string) => void
  error: (message: string) => void
}
