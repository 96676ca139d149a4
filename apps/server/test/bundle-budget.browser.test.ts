import { gzipSync } from 'node:zlib'
import type { BrowserContext, Page, Response } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { adminCredentials, signInCookie, trpcQuery, useBuiltApp, watchConsole } from './browser-helpers.js'

/**
 * Page weight budgets (docs/benchmarks.md "Web app: page weight and load time"), measured on the built
 * app the way a browser gets it: every script the page actually requests on a cold cache, each counted
 * at its gzip size (level 9, whatever encoding the server chose to send).
 */
const SIGN_IN_BUDGET = 200_000
// Everything the dashboard loads, its charts included (drawn as small SVG, no charts library).
const DASHBOARD_BUDGET = 350_000

type Script = { url: string; gzipBytes: number; wireBytes: number; encoding: string }

/** Records the scripts `page` downloads; `settle()` waits for the bodies still being read. */
function recordScripts(page: Page): { scripts: Script[]; settle: () => Promise<void> } {
  const scripts: Script[] = []
  const pending: Promise<void>[] = []
  const onResponse = (response: Response) => {
    if (response.request().resourceType() !== 'script') return
    pending.push(
      response.body().then((body) => {
        const headers = response.headers()
        scripts.push({
          url: new URL(response.url()).pathname,
          gzipBytes: gzipSync(body, { level: 9 }).byteLength,
          wireBytes: Number(headers['content-length'] ?? body.byteLength),
          encoding: headers['content-encoding'] ?? 'identity',
        })
      }),
    )
  }
  page.on('response', onResponse)
  return {
    scripts,
    // Until no body is left to read, then no more are recorded (none is read from a closed page).
    settle: async () => {
      let count: number
      do {
        count = pending.length
        await Promise.all(pending)
      } while (count !== pending.length)
      page.off('response', onResponse)
    },
  }
}

/**
 * In the page (a string: this package is type-checked without the DOM library): the Mantine classes
 * (`m_` and a hash) on elements of the page, and those of them no loaded CSS rule names.
 */
const UNSTYLED_MANTINE_CLASSES_SCRIPT = `(() => {
  const styled = new Set()
  const visit = (rules) => {
    for (const rule of rules) {
      if (rule.selectorText) for (const match of rule.selectorText.matchAll(/\\.(m_[\\da-f]+)/g)) styled.add(match[1])
      if (rule.cssRules) visit(rule.cssRules)
    }
  }
  for (const sheet of document.styleSheets) visit(sheet.cssRules)
  const used = new Set([...document.querySelectorAll('[class]')].flatMap((element) =>
    [...element.classList].filter((name) => /^m_[\\da-f]+$/.test(name))))
  return { unstyled: [...used].filter((name) => !styled.has(name)), used: used.size }
})()`

const total = (scripts: readonly Script[]) => scripts.reduce((sum, script) => sum + script.gzipBytes, 0)
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`

describe('page weight of the built app in Chromium', () => {
  const started = useBuiltApp('mp-e2e-budget-')
  const problems: string[] = []

  /** A fresh context: an empty cache, as on a first visit. */
  const coldPage = async (token?: string): Promise<{ context: BrowserContext; page: Page }> => {
    const { baseUrl, browser } = started()
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    if (token) await context.addCookies([{ name: 'mp_session', value: token, url: baseUrl }])
    const page = await context.newPage()
    watchConsole(page, problems)
    return { context, page }
  }

  it(`the sign-in form needs at most ${kb(SIGN_IN_BUDGET)} of gzipped JavaScript, sent with brotli`, async () => {
    const { baseUrl } = started()
    const { context, page } = await coldPage()
    const { scripts, settle } = recordScripts(page)
    await page.goto(`${baseUrl}/sign-in`)
    const email = page.getByLabel('Email address')
    await expect.poll(() => email.isEnabled()).toBe(true)
    await page.waitForLoadState('networkidle')
    await settle()
    const weight = total(scripts)
    console.info(`sign-in: ${scripts.length} scripts, ${kb(weight)} gzipped`)
    expect(
      weight,
      scripts.map((script) => `${script.url} ${kb(script.gzipBytes)}`).join('\n'),
    ).toBeLessThanOrEqual(SIGN_IN_BUDGET)
    // Chromium accepts brotli, so every script of any size comes precompressed with it.
    for (const script of scripts.filter((candidate) => candidate.gzipBytes > 1024))
      expect(script.encoding, script.url).toBe('br')
    await context.close()
  })

  it('the sign-in page carries the styles of every Mantine part it draws (its stylesheet is a subset)', async () => {
    const { baseUrl } = started()
    const { context, page } = await coldPage()
    await page.goto(`${baseUrl}/sign-in`)
    const email = page.getByLabel('Email address')
    await expect.poll(() => email.isEnabled()).toBe(true)
    await page.waitForLoadState('networkidle')
    // Before any typing: typing starts loading the signed-in shell, and all of Mantine's styles with it.
    // Mantine's classes are `m_` and a hash; each one on the page must appear in some loaded rule.
    const unstyled = await page.evaluate<{
      unstyled: string[]
      used: number
    }>(UNSTYLED_MANTINE_CLASSES_SCRIPT)
    expect(unstyled.used).toBeGreaterThan(10)
    // A class listed here belongs to a component missing from apps/web/src/styles/first-screen.ts.
    expect(unstyled.unstyled).toEqual([])
    await context.close()
  })

  it(`the dashboard, charts included, needs at most ${kb(DASHBOARD_BUDGET)} of gzipped JavaScript`, async () => {
    const { baseUrl, output } = started()
    const token = await signInCookie(baseUrl, adminCredentials(output))
    const { context, page } = await coldPage(token)
    const { scripts, settle } = recordScripts(page)
    await page.goto(`${baseUrl}/`)
    const portfolio = page.getByRole('region', { name: 'Portfolio outstanding', exact: true })
    await expect
      .poll(async () => ((await portfolio.isVisible()) ? portfolio.textContent() : ''))
      .toMatch(/₦[\d,]+\.\d{2}/)
    // The charts come last: wait until all three are drawn, so everything the page loads is counted.
    const charts = page.getByRole('img', {
      name: /^(Disbursed and collected by month|PAR30 trend|Loan status mix)/,
    })
    await expect.poll(() => charts.count()).toBe(3)
    await page.waitForLoadState('networkidle')
    await settle()
    const weight = total(scripts)
    console.info(`dashboard: ${kb(weight)} gzipped in ${scripts.length} scripts, charts included`)
    const list = scripts.map((script) => `${script.url} ${kb(script.gzipBytes)}`).join('\n')
    expect(weight, list).toBeLessThanOrEqual(DASHBOARD_BUDGET)
    await context.close()
  })

  it('caches fingerprinted assets for a year, revalidates index.html, and compresses API answers above 1 KB', async () => {
    const { baseUrl, output } = started()
    const html = await fetch(`${baseUrl}/`, {
      headers: { accept: 'text/html', 'accept-encoding': 'br, gzip' },
    })
    expect(html.headers.get('cache-control')).toBe('no-cache')
    expect(html.headers.get('content-encoding')).toBe('br')
    const page = await html.text()
    const entry = /src="(\/assets\/index-[\w-]+\.js)"/.exec(page)?.[1] ?? ''
    expect(entry).not.toBe('')

    for (const [accept, encoding] of [
      ['br, gzip', 'br'],
      ['gzip', 'gzip'],
      ['identity', null],
    ] as const) {
      const asset = await fetch(`${baseUrl}${entry}`, { headers: { 'accept-encoding': accept } })
      expect(asset.status).toBe(200)
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      expect(asset.headers.get('content-encoding')).toBe(encoding)
      expect(asset.headers.get('content-type')).toMatch(/javascript/)
      expect(asset.headers.get('vary')).toMatch(/accept-encoding/i)
      // Whatever the encoding, the same script arrives (fetch undoes the compression).
      expect(await asset.text()).toContain('import')
    }

    // A large tRPC answer (the dashboard) is compressed; a small one (the public settings) is not.
    const token = await signInCookie(baseUrl, adminCredentials(output))
    const dashboard = await fetch(
      `${baseUrl}/trpc/report.dashboard?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`,
      { headers: { cookie: `mp_session=${token}`, 'accept-encoding': 'br, gzip' } },
    )
    expect(dashboard.status).toBe(200)
    expect(dashboard.headers.get('content-encoding')).toBe('br')
    expect(Number(dashboard.headers.get('content-length'))).toBeGreaterThan(0)
    const body = (await dashboard.json()) as { result: { data: { json: { kpis: unknown[] } } } }
    expect(body.result.data.json.kpis.length).toBeGreaterThan(0)

    const settings = await fetch(`${baseUrl}/trpc/settings.public`, {
      headers: { 'accept-encoding': 'br, gzip' },
    })
    expect(settings.status).toBe(200)
    expect(settings.headers.get('content-encoding')).toBeNull()
    expect(Number(settings.headers.get('content-length'))).toBeLessThan(1024)

    // Errors keep their status and JSON through the compressor.
    const unauthorised = await fetch(
      `${baseUrl}/trpc/report.dashboard?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`,
      { headers: { 'accept-encoding': 'br, gzip' } },
    )
    expect(unauthorised.status).toBe(401)
    expect(unauthorised.headers.get('content-type')).toMatch(/json/)
    // The helpers' queries, which do not ask for compression, still read plain JSON.
    const plain = await trpcQuery<{ kpis: unknown[] }>(baseUrl, token, 'report.dashboard', {})
    expect(plain.kpis.length).toBeGreaterThan(0)
  })

  it('logged no console errors', () => {
    expect(problems).toEqual([])
  })
})
