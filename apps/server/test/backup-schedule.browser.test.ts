import { describe, expect, it } from 'vitest'
import { adminCredentials, signInCookie, trpcQuery, useBuiltApp, openSignedIn } from './browser-helpers.js'

/** Settings → Backups, the schedule (docs/backups.md "Schedule"), as an admin sets it in Chromium. */
describe('the backup schedule in Chromium', () => {
  const started = useBuiltApp('mp-e2e-backup-schedule-')
  const consoleProblems: string[] = []

  it('an admin changes daily backups to weekly ones and the server keeps and applies it', async () => {
    const { baseUrl, output, browser } = started()
    const token = await signInCookie(baseUrl, adminCredentials(output))
    const { context, page } = await openSignedIn({ baseUrl, browser }, token, consoleProblems)

    await page.goto(`${baseUrl}/settings/backups`)
    const summary = page.getByTestId('backup-schedule-summary')
    // Mantine labels both a select's input and its list: the input is the first.
    await expect
      .poll(() => summary.textContent())
      .toBe('Every day at 02:00 (Africa/Lagos); automatic backups kept 30 days')

    await page.getByLabel('How often').first().click()
    await page.getByRole('option', { name: 'Every week' }).click()
    await page.getByLabel('On', { exact: true }).first().click()
    await page.getByRole('option', { name: 'Friday' }).click()
    await page.getByLabel('At (Africa/Lagos)').first().click()
    await page.getByRole('option', { name: '23:00' }).click()
    const keep = page.getByLabel(/^Keep automatic backups \(days\)/)
    await keep.fill('14')
    await page.getByRole('button', { name: 'Save schedule' }).click()
    await expect
      .poll(() => summary.textContent())
      .toBe('Every Friday at 23:00 (Africa/Lagos); automatic backups kept 14 days')

    // Kept by the server, not only on the page.
    const stored = await trpcQuery<{
      frequency: string
      hour: number
      weekday: number
      retentionDays: number
    }>(baseUrl, token, 'backupSchedule.get', undefined)
    expect(stored).toMatchObject({ frequency: 'WEEKLY', hour: 23, weekday: 5, retentionDays: 14 })
    await page.reload()
    await expect
      .poll(() => summary.textContent())
      .toBe('Every Friday at 23:00 (Africa/Lagos); automatic backups kept 14 days')

    // Nothing has failed, so the dashboard has no backup notice.
    await page.goto(`${baseUrl}/`)
    await expect.poll(() => page.getByRole('heading', { name: /^Welcome/ }).isVisible()).toBe(true)
    expect(await page.getByText('Backups need attention').count()).toBe(0)
    await context.close()
    expect(consoleProblems).toEqual([])
  }, 240_000)
})
