import type { TestProject } from 'vitest/node'
import { startTestDatabaseServer, type TestDatabaseInfo } from '../src/testing/index.js'

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- augmentation needs an interface
  export interface ProvidedContext {
    mpTestDb: TestDatabaseInfo
  }
}

export default async function setup(project: TestProject) {
  const server = await startTestDatabaseServer()
  project.provide('mpTestDb', server.info)
  return server.teardown
}
