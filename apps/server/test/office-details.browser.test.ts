import { describe, expect, it } from 'vitest'
import { adminCredentials, signInCookie, trpcMutation, useBuiltApp, openSignedIn } from './browser-helpers.js'

/** The small states and details of the office screens (issue 15 item 6), in Chromium against the built app. */
describe('office details in Chromium', () => {
  const started = useBuiltApp('mp-e2e-office-details-')
  const consoleProblems: string[] = []

  it('a document type added in another tab appears in the member wizard without a reload, its fields kept', async () => {
    const { baseUrl, output, browser } = started()
    const token = await signInCookie(baseUrl, adminCredentials(output))
    const { context, page } = await openSignedIn({ baseUrl, browser }, token, consoleProblems)

    await page.goto(`${baseUrl}/members/new`)
    await page.getByLabel(/^First name/).fill('Kemi')
    await page.getByLabel(/^Last name/).fill('Adeyinka')
    await page.getByLabel(/^Phone number/).fill('0803 555 0101')
    await page.getByLabel(/^Date of birth/).fill('14/02/1988')
    await page
      .getByLabel(/^Union/)
      .first()
      .click()
    await page.getByRole('option').first().click()
    await page.getByRole('button', { name: 'Next' }).click()
    // The documents step reads the types once when it opens.
    const firstRead = page.waitForResponse((response) => response.url().includes('documentType.list'))
    await page.getByRole('button', { name: 'Next' }).click()
    await firstRead
    const picker = page.getByLabel(/^Document type/).first()
    await picker.click()
    await page.keyboard.press('Escape')
    const typeName = `Tax clearance ${String(Date.now())}`
    expect(await page.getByRole('option', { name: typeName }).count()).toBe(0)
    // "Another tab": the type is created while the wizard stays open, then this tab regains focus.
    await trpcMutation(baseUrl, token, 'documentType.create', { name: typeName, appliesTo: ['MEMBER'] })
    await page.evaluate("window.dispatchEvent(new Event('focus'))")
    await picker.click()
    await expect.poll(() => page.getByRole('option', { name: typeName }).count()).toBe(1)
    await page.keyboard.press('Escape')
    // The wizard kept what was typed before the type appeared.
    await page.getByRole('button', { name: 'Back' }).first().click()
    await page.getByRole('button', { name: 'Back' }).first().click()
    expect(await page.getByLabel(/^First name/).inputValue()).toBe('Kemi')
    await context.close()
    expect(consoleProblems).toEqual([])
  }, 240_000)
})
