import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  adminCredentials,
  demoCredentials,
  signInCookie as signInAt,
  trpcQuery,
  useBuiltApp,
  watchConsole,
  openSignedIn,
} from './browser-helpers.js'

type Backup = {
  id: string
  state: 'RUNNING' | 'DONE' | 'FAILED'
  checksum: string | null
  size: number | null
  fileName: string
  tableCounts: Record<string, number> | null
}

describe('Settings → Backups in Chromium', () => {
  const started = useBuiltApp('mp-e2e-backups-')
  const consoleProblems: string[] = []
  /** The archive the first test downloads; the last one uploads it again. */
  let downloaded: Buffer | undefined

  it('an admin makes a backup, sees it listed with its counts, and downloads it', async () => {
    const { baseUrl, output, browser } = started()
    const token = await signInAt(baseUrl, adminCredentials(output))
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    })
    await context.addCookies([{ name: 'mp_session', value: token, url: baseUrl }])
    const page = await context.newPage()
    watchConsole(page, consoleProblems)

    await page.goto(`${baseUrl}/settings/backups`)
    await expect.poll(() => page.getByText('No backups yet').isVisible()).toBe(true)
    await page.getByRole('button', { name: 'Back up now' }).click()

    // The page follows the run by itself until it is done.
    const table = page.getByRole('table', { name: 'Backups' })
    await expect
      .poll(() => table.getByText('Done', { exact: true }).isVisible(), { timeout: 120_000 })
      .toBe(true)
    const [backup] = await trpcQuery<Backup[]>(baseUrl, token, 'backup.list', undefined)
    expect(backup?.state).toBe('DONE')
    const counts = backup?.tableCounts ?? {}
    // The demo organisation: its loans, members and repayments are in the backup and on the page.
    expect(counts.loan).toBeGreaterThan(0)
    expect(counts.repayment).toBeGreaterThan(0)
    const rowText = (await table.locator('tbody tr').first().textContent()) ?? ''
    expect(rowText).toContain(`${(counts.loan ?? 0).toLocaleString('en')} loans`)
    expect(rowText).toContain(`${(counts.member ?? 0).toLocaleString('en')} members`)
    expect(rowText).toContain(`${(counts.repayment ?? 0).toLocaleString('en')} repayments`)

    // Every table's count, on request.
    await table.getByRole('button', { name: /^All \d+ tables/ }).click()
    const dialog = page.getByRole('dialog', { name: 'Rows in this backup' })
    await expect.poll(() => dialog.getByText('loan_installment', { exact: true }).isVisible()).toBe(true)
    await page.keyboard.press('Escape')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      table.getByRole('link', { name: /^Download the backup of/ }).click(),
    ])
    const bytes = await fs.readFile(await download.path())
    downloaded = bytes
    expect(download.suggestedFilename()).toBe(backup?.fileName)
    expect(bytes.length).toBe(backup?.size)
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(backup?.checksum)
    expect(gunzipSync(bytes).subarray(0, 9).toString('utf8')).toBe('MPBACKUP\n')

    // Anyone but an admin: the same 404 as a backup that does not exist.
    const officer = await signInAt(baseUrl, demoCredentials(output, 'officer1@'))
    const refused = await fetch(`${baseUrl}/files/backups/${backup?.id ?? ''}`, {
      headers: { cookie: `mp_session=${officer}` },
    })
    expect(refused.status).toBe(404)

    await context.close()
    expect(consoleProblems).toEqual([])
  }, 240_000)

  it('an admin restores it after typing RESTORE, stays signed in, and everyone else is signed out', async () => {
    const { baseUrl, output, browser } = started()
    const token = await signInAt(baseUrl, adminCredentials(output))
    const officer = await signInAt(baseUrl, demoCredentials(output, 'officer1@'))
    const me = (cookie: string) => trpcQuery<{ email: string } | null>(baseUrl, cookie, 'auth.me', undefined)
    expect((await me(officer))?.email).toMatch(/^officer1@/)

    const { context, page } = await openSignedIn({ baseUrl, browser }, token, consoleProblems)
    await page.goto(`${baseUrl}/settings/backups`)
    const table = page.getByRole('table', { name: 'Backups' })
    await expect.poll(() => table.getByRole('button', { name: 'Restore' }).first().isVisible()).toBe(true)
    await table.getByRole('button', { name: 'Restore' }).first().click()
    const dialog = page.getByRole('dialog', { name: 'Restore this backup?' })
    const confirm = dialog.getByRole('button', { name: 'Restore backup' })
    // Not without the typed word.
    expect(await confirm.isDisabled()).toBe(true)
    await dialog.getByLabel('Type RESTORE to confirm').fill('RESTORE')
    await confirm.click()

    // The page reloads on the restored data; the admin is still signed in and sees the pre-restore backup.
    await expect
      .poll(() => table.getByText('Before a restore', { exact: false }).isVisible(), { timeout: 120_000 })
      .toBe(true)
    expect((await me(token))?.email).toMatch(/^admin@/)
    expect(await me(officer)).toBeNull()
    const backups = await trpcQuery<{ trigger: string; state: string }[]>(
      baseUrl,
      token,
      'backup.list',
      undefined,
    )
    expect(backups[0]).toMatchObject({ trigger: 'PRE_RESTORE', state: 'DONE' })
    expect(backups.some((backup) => backup.trigger === 'MANUAL' && backup.state === 'DONE')).toBe(true)
    await context.close()
    expect(consoleProblems).toEqual([])
  }, 240_000)

  it('an admin restores the downloaded file from their computer', async () => {
    const { baseUrl, output, browser } = started()
    expect(downloaded, 'the first test downloaded the archive').toBeDefined()
    const file = path.join(os.tmpdir(), `mp-e2e-upload-${String(process.pid)}.mpbackup.gz`)
    await fs.writeFile(file, downloaded ?? Buffer.alloc(0))
    try {
      const token = await signInAt(baseUrl, adminCredentials(output))
      const { context, page } = await openSignedIn({ baseUrl, browser }, token, consoleProblems)
      await page.goto(`${baseUrl}/settings/backups`)
      await page.getByRole('button', { name: 'Restore from a file…' }).click()
      const dialog = page.getByRole('dialog', { name: 'Restore from a file?' })
      await dialog.locator('input[type="file"]').setInputFiles(file)
      const confirm = dialog.getByRole('button', { name: 'Restore backup' })
      expect(await confirm.isDisabled()).toBe(true)
      await dialog.getByLabel('Type RESTORE to confirm').fill('RESTORE')
      await confirm.click()
      // Restored: a second pre-restore backup appears on the reloaded page, and the admin is still in.
      const preRestore = page
        .getByRole('table', { name: 'Backups' })
        .getByText('Before a restore', { exact: false })
      await expect.poll(() => preRestore.count(), { timeout: 120_000 }).toBe(2)
      await context.close()
      expect(consoleProblems).toEqual([])
    } finally {
      await fs.rm(file, { force: true })
    }
  }, 240_000)
})
