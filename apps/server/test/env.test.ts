import { describe, expect, it } from 'vitest'
import { EnvError, loadEnv } from '../src/env.js'

describe('environment validation', () => {
  it('accepts an empty environment with the documented defaults', () => {
    expect(loadEnv({})).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      LOG_LEVEL: 'info',
      CORS_ORIGIN: [],
      DATABASE_POOL_SIZE: 10,
      DATABASE_FLAVOR: 'postgresql',
    })
  })

  it('parses the variables a deployment sets', () => {
    const env = loadEnv({
      NODE_ENV: 'production',
      PORT: '8080',
      DATABASE_URL: 'postgresql://app:secret@db.example.com:26257/mp?sslmode=require',
      CORS_ORIGIN: 'https://app.example.com, https://admin.example.com/',
      TRUST_PROXY: 'true',
      DATABASE_POOL_SIZE: '25',
      DATABASE_FLAVOR: 'cockroachdb',
    })
    expect(env).toMatchObject({
      PORT: 8080,
      DATABASE_POOL_SIZE: 25,
      DATABASE_FLAVOR: 'cockroachdb',
      CORS_ORIGIN: ['https://app.example.com', 'https://admin.example.com'],
      TRUST_PROXY: true,
    })
  })

  it('reports one clear line per bad variable, never echoing a connection string', () => {
    let error: unknown
    try {
      loadEnv({
        PORT: 'abc',
        DATABASE_URL: 'mysql://root:hunter2@x/db',
        LOG_LEVEL: 'loud',
        CORS_ORIGIN: 'example.com',
        MP_EMBEDDED_PG_PORT: '5432',
        DATABASE_POOL_SIZE: '1000',
      })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(EnvError)
    const lines = (error as EnvError).lines
    expect(lines).toHaveLength(6)
    expect(lines.find((line) => line.includes('PORT:') && !line.includes('MP_'))).toMatch(
      /PORT: must be a number \(got "abc"\)/,
    )
    expect(lines.find((line) => line.includes('DATABASE_URL'))).toMatch(
      /postgres:\/\/ or postgresql:\/\/ .*\(value hidden\)/,
    )
    expect(lines.join('\n')).not.toContain('hunter2')
    expect(lines.find((line) => line.includes('LOG_LEVEL'))).toMatch(
      /must be one of fatal, error, warn, info/,
    )
    expect(lines.find((line) => line.includes('CORS_ORIGIN'))).toMatch(/"example.com" is not an origin/)
    expect(lines.find((line) => line.includes('MP_EMBEDDED_PG_PORT'))).toMatch(/must not be 5432/)
    expect(lines.find((line) => line.includes('DATABASE_POOL_SIZE'))).toMatch(
      /DATABASE_POOL_SIZE: must be between 2 and 80 \(got "1000"\)/,
    )
  })
})
