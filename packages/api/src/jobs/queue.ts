import PgBoss from 'pg-boss'

/**
 * Background and scheduled work on a PostgreSQL-backed job queue (pg-boss; docs/reliability.md "Two
 * instances"). Jobs are rows in the database, so every instance sees the same queue: a job runs once,
 * on whichever instance's worker takes it first (SELECT … FOR UPDATE SKIP LOCKED inside pg-boss), a
 * failed job is retried with backoff, a job whose instance died is retried after its expiry, and
 * queued jobs survive restarts. Schedules (cron, in the company's time zone) are kept in the database
 * too and fire once across instances.
 *
 * Every kind of job is named here with its payload and its queue settings, so adding one is one entry.
 */
export type JobPayloads = {
  /** Writes one export file (packages/api/src/exports/jobs.ts). */
  export: { exportId: string }
  /** Fails lost exports and deletes old export files (packages/api/src/exports/jobs.ts sweepExports). */
  'export-sweep': { reason: 'schedule' }
  /** The daily close: portfolio snapshots for every day owed (docs/reports.md "The close"). */
  'daily-close': { reason: 'schedule' | 'start-up' | 'manual' }
  /** A scheduled backup and the retention of automatic ones (packages/api/src/jobs/backup-jobs.ts). */
  backup: { trigger: 'schedule' }
  /** The weekly restore drill on the newest backup. */
  'backup-drill': { trigger: 'schedule' }
}

export type JobName = keyof JobPayloads

type QueueSettings = {
  policy: 'standard' | 'stately'
  retryLimit: number
  /** Seconds before the first retry; doubled each time with retryBackoff. */
  retryDelay: number
  retryBackoff: boolean
  /** How long a job may stay active before it is taken for dead (its instance crashed) and retried. */
  expireInSeconds: number
}

export const QUEUES: Readonly<Record<JobName, QueueSettings>> = {
  // An export that fails for a passing reason (the database restarting) is tried twice more; a user's
  // mistake is not retried (the handler marks it failed and completes).
  export: { policy: 'standard', retryLimit: 2, retryDelay: 5, retryBackoff: true, expireInSeconds: 30 * 60 },
  // Housekeeping: one queued and one running at most; a failed sweep is simply done at the next tick.
  'export-sweep': {
    policy: 'stately',
    retryLimit: 0,
    retryDelay: 60,
    retryBackoff: false,
    expireInSeconds: 10 * 60,
  },
  // 'stately': at most one close queued and one running, however many instances ask at once.
  'daily-close': {
    policy: 'stately',
    retryLimit: 3,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 2 * 60 * 60,
  },
  // One backup queued and one running at most; a failed run is recorded and retried once, later.
  backup: {
    policy: 'stately',
    retryLimit: 1,
    retryDelay: 15 * 60,
    retryBackoff: false,
    expireInSeconds: 6 * 60 * 60,
  },
  'backup-drill': {
    policy: 'stately',
    retryLimit: 0,
    retryDelay: 60,
    retryBackoff: false,
    expireInSeconds: 6 * 60 * 60,
  },
}

export type JobContext = {
  id: string
  /** 0 on the first run, 1 on the first retry, … */
  retryCount: number
  /** True when a failure now will not be retried. */
  isLastAttempt: boolean
}

export type JobHandlers = {
  [N in JobName]?: (data: JobPayloads[N], job: JobContext) => Promise<void>
}

type JobLogger = {
  info: (object: Record<string, unknown>, message: string) => void
  error: (object: Record<string, unknown>, message: string) => void
}

export type JobQueue = {
  send<N extends JobName>(
    name: N,
    data: JobPayloads[N],
    options?: { singletonKey?: string; startAfterSeconds?: number },
  ): Promise<string | null>
  /** Keeps one schedule per name (replacing an earlier one): `cron` read in `tz`. */
  schedule<N extends JobName>(name: N, cron: string, data: JobPayloads[N], tz: string): Promise<void>
  /** Removes the schedule of a name (no error when there is none). */
  unschedule(name: JobName): Promise<void>
  /** Whether this instance runs jobs (MP_JOB_WORKERS) or only queues them. */
  readonly hasWorkers: boolean
  /** Stops taking jobs, waits up to `timeoutMs` for running ones, closes the queue's connections. */
  stop(timeoutMs?: number): Promise<void>
}

export type JobQueueOptions = {
  /** The PostgreSQL the queue lives in (its own schema, `pgboss`): the app's database by default. */
  url: string
  logger: JobLogger
  /** Handlers this instance runs; none: it only queues (e.g. a web-only instance). */
  handlers?: JobHandlers | undefined
  /** Connections the queue may hold (its own pool, apart from the app's). Default 3. */
  poolSize?: number | undefined
  /** How often an idle worker looks for work. Default 2 s. */
  pollingIntervalSeconds?: number | undefined
  /** How often pg-boss's maintenance (expiry, retention) runs. Default 60 s. */
  maintenanceIntervalSeconds?: number | undefined
  /** How often schedules are checked (a cron fires at most once a minute whatever this is). Default 30 s. */
  cronMonitorIntervalSeconds?: number | undefined
}

export const JOB_SCHEMA = 'pgboss'

/** Starts the queue: creates its schema and queues on first use (idempotent, safe from several instances). */
export async function startJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const boss = new PgBoss({
    connectionString: options.url,
    schema: JOB_SCHEMA,
    max: options.poolSize ?? 3,
    application_name: 'mp-jobs',
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    cronMonitorIntervalSeconds: options.cronMonitorIntervalSeconds ?? 30,
    cronWorkerIntervalSeconds: Math.min(5, options.cronMonitorIntervalSeconds ?? 5),
    // Finished jobs are kept a week for diagnosis, then deleted.
    deleteAfterDays: 7,
  })
  // pg-boss reports its own connection trouble here; a database outage must not end the process.
  boss.on('error', (error) => {
    options.logger.error({ err: error }, 'job queue error')
  })
  await boss.start()
  for (const [name, settings] of Object.entries(QUEUES)) {
    await boss.createQueue(name, { name, ...settings })
    // createQueue keeps an existing queue as it was; settings changed in code apply from here.
    await boss.updateQueue(name, { name, ...settings })
  }

  const handlers = options.handlers ?? {}
  const run = async <N extends JobName>(name: N, jobs: PgBoss.JobWithMetadata<JobPayloads[N]>[]) => {
    const handler = handlers[name]
    if (!handler) return
    for (const job of jobs) {
      options.logger.info({ job: job.id, queue: name, retry: job.retryCount }, 'job started')
      await handler(job.data, {
        id: job.id,
        retryCount: job.retryCount,
        isLastAttempt: job.retryCount >= job.retryLimit,
      })
      options.logger.info({ job: job.id, queue: name }, 'job finished')
    }
  }
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2
  for (const name of Object.keys(handlers) as JobName[]) {
    await boss.work<JobPayloads[typeof name]>(
      name,
      { batchSize: 1, pollingIntervalSeconds, includeMetadata: true },
      (jobs) => run(name, jobs),
    )
  }

  return {
    hasWorkers: Object.keys(handlers).length > 0,
    send: (name, data, sendOptions = {}) =>
      boss.send(name, data, {
        ...(sendOptions.singletonKey === undefined ? {} : { singletonKey: sendOptions.singletonKey }),
        ...(sendOptions.startAfterSeconds === undefined ? {} : { startAfter: sendOptions.startAfterSeconds }),
      }),
    schedule: async (name, cron, data, tz) => {
      await boss.schedule(name, cron, data, { tz })
    },
    unschedule: async (name) => {
      await boss.unschedule(name)
    },
    stop: async (timeoutMs = 5_000) => {
      await boss.stop({ graceful: true, timeout: timeoutMs, wait: true })
    },
  }
}
