import path from 'node:path'

/**
 * Settings every package's vitest.config.ts starts from. When MP_TEST_RESULTS_DIR is set
 * (scripts/test.mjs does), each package also writes a JSON report there, which the test runner
 * sums into the closing "N passed, N failed" line.
 */
type SharedTestConfig = {
  include: string[]
  testTimeout: number
  hookTimeout: number
  globalSetup: string[]
  reporters: (string | [string, { outputFile: string }])[]
}

export function sharedTestConfig(options: { name: string; globalSetup?: string[] }): SharedTestConfig {
  const resultsDir = process.env.MP_TEST_RESULTS_DIR
  return {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: options.globalSetup ?? [],
    reporters: resultsDir
      ? ['default', ['json', { outputFile: path.join(resultsDir, `${options.name}.json`) }]]
      : ['default'],
  }
}
