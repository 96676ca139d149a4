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
  expect: { poll: { timeout: number; interval: number } }
}

export function sharedTestConfig(options: { name: string; globalSetup?: string[] }): SharedTestConfig {
  const resultsDir = process.env.MP_TEST_RESULTS_DIR
  return {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: options.globalSetup ?? [],
    // expect.poll gives up after 1 s by default: on a busy CI machine a page that needs two seconds to
    // load failed a browser test that was right. Generous waits, never wall-clock assertions.
    expect: { poll: { timeout: 20_000, interval: 100 } },
    reporters: resultsDir
      ? ['default', ['json', { outputFile: path.join(resultsDir, `${options.name}.json`) }]]
      : ['default'],
  }
}
