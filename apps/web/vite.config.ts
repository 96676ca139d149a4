import fs from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import react from '@vitejs/plugin-react'
import { defaultClientConditions, type Plugin } from 'vite'
import { defineConfig } from 'vitest/config'
import { sharedTestConfig } from '../../vitest.shared.js'

// What the SPA asks the server for. Vite proxies these to the Fastify server in dev so the browser sees
// one origin, exactly as in production: the session cookie stays first-party and no CORS is involved.
const apiServer = 'http://localhost:3000'
const proxy = Object.fromEntries(['/trpc', '/health', '/files', '/exports'].map((path) => [path, apiServer]))

const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

// Text files worth compressing; images and fonts are compressed formats already.
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt|xml)$/
// Below this a compressed copy saves less than a network packet.
const MIN_BYTES = 1024

/**
 * Writes `name.br` and `name.gz` next to every text file of the build, at the highest levels (done once
 * per build, not per request). The server sends them with @fastify/static's `preCompressed`
 * (apps/server/src/app.ts; docs/benchmarks.md "Web app: page weight and load time"). A copy no smaller
 * than the original is not written, and the server then sends the original.
 */
function precompress(): Plugin {
  let outDir = ''
  return {
    name: 'mp-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    async closeBundle() {
      const entries = await fs.readdir(outDir, { recursive: true, withFileTypes: true })
      const files = entries
        .filter((entry) => entry.isFile() && COMPRESSIBLE.test(entry.name))
        .map((entry) => path.join(entry.parentPath, entry.name))
      await Promise.all(
        files.map(async (file) => {
          const source = await fs.readFile(file)
          if (source.byteLength < MIN_BYTES) return
          const [br, gz] = await Promise.all([
            brotli(source, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
                [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.byteLength,
              },
            }),
            gzip(source, { level: zlib.constants.Z_BEST_COMPRESSION }),
          ])
          if (br.byteLength < source.byteLength) await fs.writeFile(`${file}.br`, br)
          if (gz.byteLength < source.byteLength) await fs.writeFile(`${file}.gz`, gz)
        }),
      )
    },
  }
}

export default defineConfig({
  plugins: [react(), precompress()],
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
    // The largest chunk is the charts library (recharts, ~490 kB before compression), loaded only by
    // the pages that draw charts.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // Every page is loaded on first use (src/app.tsx). Libraries are grouped so that few requests
        // are needed, which counts on a 150 ms mobile link (docs/benchmarks.md "Web app: page weight
        // and load time"): React and the router, which change least often, are one chunk cached across
        // deploys; the rest of what the sign-in page needs ($initial: statically imported from the
        // entry) is one more; every other library goes with the pages that import it, grouped by the
        // set of pages (entriesAware), with groups under 5 kB merged into their closest neighbour.
        // So the charts and date pickers come only with the pages that draw them.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 4,
            },
            { name: 'vendor', test: /[\\/]node_modules[\\/]/, tags: ['$initial'], priority: 3 },
            {
              // The toast container, loaded just after the first screen: one chunk of its own, so it
              // does not fetch the pages' shared chunks with it.
              name: 'toasts',
              test: /[\\/]node_modules[\\/](@mantine[\\/]notifications|react-transition-group)[\\/]/,
              priority: 2,
            },
            {
              name: 'libs',
              test: /[\\/]node_modules[\\/]/,
              entriesAware: true,
              entriesAwareMergeThreshold: 5_000,
              priority: 1,
            },
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
