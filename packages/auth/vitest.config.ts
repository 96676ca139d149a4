import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { sharedTestConfig } from '../../vitest.shared.js'

export default defineConfig({
  test: sharedTestConfig({
    name: 'auth',
    globalSetup: [fileURLToPath(import.meta.resolve('@mp/db/testing/vitest-setup'))],
  }),
})
