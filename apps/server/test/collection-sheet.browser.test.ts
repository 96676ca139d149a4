import { todayIn } from '@mp/domain'
import { describe, expect, it } from 'vitest'
import { demoCredentials, signInCookie, trpcQuery, useBuiltApp, openSignedIn } from './browser-helpers.js'

/**
 * Posting a union's meeting from the collection sheet in Chromium: the poster sees their own sheet as
 * "Sheet posted", not as a warning that the meeting was "Already posted" (issue 15); once they dismiss
 * the summary, the warning names the sheet, so a second post of the same meeting is not made by accident.
 */
describe('the collection sheet in Chromium', () => {
  const started = useBuiltApp('mp-e2e-sheet-')

  it('shows one’s own post as posted, and warns of it only once the summary is dismissed', async () => {
    const { baseUrl, browser, output } = started()
    const token = await signInCookie(baseUrl, demoCredentials(output, 'officer1@'))
    type Loans = { items: { id: string; unionId: string }[] }
    const loans = await trpcQuery<Loans>(baseUrl, token, 'loan.list', { status: 'ACTIVE', pageSize: 1 })
    const unionId = loans.items[0]?.unionId
    expect(unionId, 'officer1 has a union with a running loan').toBeDefined()

    const problems: string[] = []
    const { context, page } = await openSignedIn({ baseUrl, browser }, token, problems)
    // Today's collection: without a date the sheet opens on the union's next meeting, which may be days
    // ahead and cannot be posted before its day.
    await page.goto(`${baseUrl}/collection-sheet?union=${unionId ?? ''}&date=${todayIn('Africa/Lagos')}`)
    const sheet = page.getByRole('table', { name: 'Collection sheet' })
    await expect.poll(() => sheet.isVisible()).toBe(true)
    const warning = page.getByRole('alert').filter({ hasText: /^Already posted/ })
    expect(await warning.count()).toBe(0)

    // One member pays what is due; the rest of the sheet stays empty.
    await sheet
      .getByRole('button', { name: /^Fill the due amount for / })
      .first()
      .click()
    await page.getByRole('button', { name: 'Post sheet' }).first().click()
    const confirm = page.getByRole('dialog', { name: 'Post this collection sheet?' })
    await confirm.getByRole('button', { name: 'Post sheet' }).click()

    const posted = page.getByRole('alert').filter({ hasText: /^Sheet posted/ })
    await expect.poll(() => posted.isVisible()).toBe(true)
    // The sheet just posted is in the summary, not in a warning as if someone else had posted it.
    await expect.poll(() => sheet.getAttribute('aria-busy')).toBe('false')
    expect(await warning.count()).toBe(0)

    await posted.getByRole('button', { name: 'Dismiss' }).click()
    await expect.poll(() => warning.isVisible()).toBe(true)
    expect(await warning.textContent()).toMatch(/^Already posted: 1 sheet for /)
    await context.close()
    expect(problems).toEqual([])
  })
})
