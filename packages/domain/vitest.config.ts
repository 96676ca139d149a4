import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The property suites replay thousands of random loans; give slow CI machines room.
    testTimeout: 60_000,
  },
  benchmark: {
    include: ['src/**/*.bench.ts', 'bench/**/*.bench.ts'],
  },
})
