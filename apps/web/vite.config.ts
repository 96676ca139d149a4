import react from '@vitejs/plugin-react'
import { defaultClientConditions } from 'vite'
import { defineConfig } from 'vitest/config'
import { sharedTestConfig } from '../../vitest.shared.js'

// What the SPA asks the server for. Vite proxies these to the Fastify server in dev so the browser sees
// one origin, exactly as in production: the session cookie stays first-party and no CORS is involved.
const apiServer = 'http://localhost:3000'
const proxy = Object.fromEntries(['/trpc', '/health', '/files', '/exports'].map((path) => [path, apiServer]))

export default defineConfig({
  plugins: [react()],
  resolve: {
    // Workspace packages expose their TypeScript source under '@mp/source', so `@mp/domain` is bundled
    // from src without building it first; the rest are Vite's usual browser conditions.
    conditions: ['@mp/source', ...defaultClientConditions],
  },
  server: { port: 5173, strictPort: true, proxy },
  preview: { port: 4173, strictPort: true, proxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Mantine's core is one ~515 kB library chunk, cached across deploys; the charts load lazily.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // Libraries change far less often than our pages: separate chunks stay cached across deploys.
        codeSplitting: {
          groups: [
            {
              // Only the dashboard and report charts need these; their pages load them lazily.
              name: 'charts',
              test: /[\\/]node_modules[\\/](recharts|@mantine[\\/]charts|d3-[a-z-]+|victory-vendor|decimal\.js-light|internmap|@reduxjs|react-redux|redux|reselect|immer|es-toolkit|eventemitter3)[\\/]/,
              // Below react and mantine, so their modules stay in their own (eager) chunks.
              priority: 2,
            },
            {
              name: 'react',
              test: /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 4,
            },
            {
              name: 'mantine',
              test: /[\\/]node_modules[\\/]@(mantine[\\/](?!charts)|floating-ui|tabler)/,
              priority: 3,
            },
            { name: 'vendor', test: /[\\/]node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  test: {
    ...sharedTestConfig({ name: 'web' }),
    environment: 'node',
    // Type tests (`*.test-d.ts`) are checked by tsc as part of `pnpm test` too, not only `pnpm typecheck`.
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
})
