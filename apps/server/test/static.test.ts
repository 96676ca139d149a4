import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { openTestDb, type TestDb } from './helpers.js'

describe('serving the web app', () => {
  let testDb: TestDb
  let dist: string
  beforeAll(async () => {
    testDb = await openTestDb()
    dist = await fs.mkdtemp(path.join(os.tmpdir(), 'mp-web-dist-'))
    await fs.mkdir(path.join(dist, 'assets'))
    await fs.writeFile(path.join(dist, 'index.html'), '<!doctype html><title>MP</title><div id="root"></div>')
    await fs.writeFile(path.join(dist, 'assets', 'index-abc123.js'), 'console.info("app")')
    await fs.writeFile(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  })
  afterAll(async () => {
    await testDb.close()
    await fs.rm(dist, { recursive: true, force: true })
  })

  it('serves assets, falls back to index.html for app routes, and keeps API 404s as JSON', async () => {
    const app = await buildApp({ db: testDb.db, webDist: dist })
    try {
      const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' })
      expect(asset.statusCode).toBe(200)
      expect(asset.headers['cache-control']).toContain('immutable')

      const deepLink = await app.inject({
        method: 'GET',
        url: '/loans/LN00000001?tab=schedule',
        headers: { accept: 'text/html' },
      })
      expect(deepLink.statusCode).toBe(200)
      expect(deepLink.body).toContain('<div id="root">')
      expect(deepLink.headers['cache-control']).toBe('no-cache')

      const root = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } })
      expect(root.body).toContain('<div id="root">')

      const missingAsset = await app.inject({ method: 'GET', url: '/assets/missing.js' })
      expect(missingAsset.statusCode).toBe(404)

      const api = await app.inject({ method: 'GET', url: '/trpc/no.such.procedure' })
      expect(api.statusCode).toBe(404)
      expect(api.headers['content-type']).toMatch(/json/)

      const unknownApi = await app.inject({
        method: 'GET',
        url: '/files/nothing',
        headers: { accept: 'text/html' },
      })
      expect(unknownApi.statusCode).toBe(404)
    } finally {
      await app.close()
    }
  })
})
