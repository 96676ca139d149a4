import { describe, expect, it } from 'vitest'
import {
  adminCredentials,
  signInCookie,
  trpcMutation,
  trpcQuery,
  useBuiltApp,
  openSignedIn,
} from './browser-helpers.js'

/**
 * Settings → Calendar and a union's meeting rule (docs/lending.md "Working days and holidays", "Union
 * meetings"), as an admin uses them in Chromium.
 */
describe('the company calendar and union meetings in Chromium', () => {
  const started = useBuiltApp('mp-e2e-calendar-')
  const consoleProblems: string[] = []

  it("an admin adds Nigeria's holidays and one of their own, and sets a union's meeting rule", async () => {
    const { baseUrl, output, browser } = started()
    const token = await signInCookie(baseUrl, adminCredentials(output))
    const { context, page } = await openSignedIn({ baseUrl, browser }, token, consoleProblems)

    await page.goto(`${baseUrl}/settings/calendar`)
    await page.getByRole('button', { name: "Add Nigeria's fixed-date public holidays" }).click()
    const table = page.getByRole('table', { name: /^Holidays in / })
    await expect
      .poll(() => table.getByRole('cell', { name: 'Boxing Day', exact: true }).count())
      .toBeGreaterThan(0)

    await page.getByRole('button', { name: 'Add holiday', exact: true }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Holiday name').fill('Company retreat')
    await dialog.getByText('Every year').click()
    await dialog.getByLabel('Month').first().click()
    await page.getByRole('option', { name: 'March' }).click()
    await dialog.getByRole('textbox', { name: /^Day/ }).fill('2')
    await dialog.getByRole('button', { name: 'Add holiday' }).click()
    await expect.poll(() => table.getByRole('cell', { name: 'Company retreat' }).count()).toBeGreaterThan(0)
    const stored = await trpcQuery<{ yearly: { name: string; month: number; day: number }[] }>(
      baseUrl,
      token,
      'calendar.holidays',
      { fromYear: 2026, toYear: 2026 },
    )
    expect(stored.yearly).toContainEqual(
      expect.objectContaining({ name: 'Company retreat', month: 3, day: 2 }),
    )

    // A union that meets on the 1st of every month.
    const officers = await trpcQuery<{ id: string }[]>(baseUrl, token, 'union.officers', undefined)
    const union = await trpcMutation<{ id: string }>(baseUrl, token, 'union.create', {
      name: 'Calendar Test Union',
      creditOfficerId: officers[0]?.id,
    })
    await page.goto(`${baseUrl}/unions/${union.id}`)
    await expect.poll(() => page.getByText('No meeting day').count()).toBeGreaterThan(0)
    await page.getByRole('button', { name: 'Edit', exact: true }).click()
    const edit = page.getByRole('dialog')
    await expect
      .poll(() => edit.getByText('Changing the meeting rule affects new loans only.').count())
      .toBe(1)
    await edit.getByLabel('Meeting frequency').first().click()
    await page.getByRole('option', { name: 'Monthly on a date' }).click()
    await edit.getByLabel('Day of the month').first().click()
    await page.getByRole('option', { name: '1', exact: true }).click()
    await edit.getByRole('button', { name: 'Save changes' }).click()
    await expect.poll(() => page.getByText('Monthly on day 1').count()).toBeGreaterThan(0)
    const detail = await trpcQuery<{
      meetingFrequency: string
      meetingDayOfMonth: number
      nextMeeting: string
    }>(baseUrl, token, 'union.get', { id: union.id })
    expect(detail).toMatchObject({ meetingFrequency: 'MONTHLY_DATE', meetingDayOfMonth: 1 })
    // 1 January is New Year's Day: a meeting then is shown on the next working day.
    expect(detail.nextMeeting.slice(5)).not.toBe('01-01')
    expect(await page.getByText('No meeting day').count()).toBe(0)
    await context.close()
    expect(consoleProblems).toEqual([])
  }, 240_000)
})
