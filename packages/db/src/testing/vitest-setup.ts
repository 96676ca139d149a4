import type { TestProject } from 'vitest/node'
import { startTestDatabaseServer } from './index.js'

/**
 * vitest globalSetup shared by every package with database tests: one server (embedded, or the
 * DATABASE_URL one) and one migrated template per test run; files clone it with createTestDatabase.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestDatabaseServer()
  project.provide('mpTestDb', server.info)
  return server.teardown
}
