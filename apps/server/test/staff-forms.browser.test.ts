import { describe, expect, it } from 'vitest'
import { adminCredentials, signInCookie, useBuiltApp, watchConsole, openSignedIn } from './browser-helpers.js'

/**
 * Sign-in, staff and settings forms in Chromium against the built app: each checks the server's own
 * input schema (@mp/api/schemas) before sending, so a mistake is named in the server's words under its
 * field and nothing goes over the wire.
 */
describe('staff and settings forms in Chromium', () => {
  const started = useBuiltApp('mp-e2e-staff-forms-')
  const consoleProblems: string[] = []

  it('names bad input in the server’s words before sending it', async () => {
    const { baseUrl, output, browser } = started()
    const sent: string[] = []
    const track = (url: string) => {
      const match = /\/trpc\/((?:auth|staff|settings)\.(?:signIn|create|update|updateProfile))/.exec(url)
      if (match?.[1] !== undefined) sent.push(match[1])
    }

    const signedOut = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const signInPage = await signedOut.newPage()
    watchConsole(signInPage, consoleProblems)
    signInPage.on('request', (request) => {
      track(request.url())
    })
    await signInPage.goto(`${baseUrl}/sign-in`)
    await signInPage.getByLabel(/^Email address/).fill('not an email')
    await signInPage.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => signInPage.getByText('Enter a valid email address').count()).toBe(1)
    expect(await signInPage.getByText('Enter your password').count()).toBe(1)
    await signedOut.close()

    const token = await signInCookie(baseUrl, adminCredentials(output))
    const { context, page } = await openSignedIn({ baseUrl, browser }, token, consoleProblems)
    page.on('request', (request) => {
      track(request.url())
    })

    await page.goto(`${baseUrl}/staff`)
    await page.getByRole('button', { name: 'Add staff member' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add staff member' })
    await dialog.getByLabel(/^Email address/).fill('ada.officer@example.test')
    await dialog.getByLabel(/^Phone number/).fill('12345')
    await dialog.getByRole('button', { name: 'Create staff member' }).click()
    await expect.poll(() => dialog.getByText('First name is required').count()).toBe(1)
    expect(await dialog.getByText('Last name is required').count()).toBe(1)
    expect(
      await dialog.getByText('Phone must be a Nigerian number such as 08031234567 or +2348031234567').count(),
    ).toBe(1)
    expect(await dialog.getByText('Choose a role').count()).toBe(1)
    await page.keyboard.press('Escape')

    await page.goto(`${baseUrl}/settings/profile`)
    const profile = page.getByRole('form', { name: 'Profile' })
    await profile.getByLabel(/^First name/).fill(' ')
    await profile.getByRole('button', { name: 'Save profile' }).click()
    await expect.poll(() => profile.getByText('First name is required').count()).toBe(1)

    await page.goto(`${baseUrl}/settings/branding`)
    const branding = page.getByRole('form', { name: 'Branding' })
    await branding.getByLabel(/^Logo URL/).fill('http://example.com/logo.png')
    await branding.getByRole('button', { name: /^Save/ }).click()
    await expect.poll(() => branding.getByText('Logo URL must be an https:// address').count()).toBe(1)

    expect(sent).toEqual([])
    await context.close()
    expect(consoleProblems).toEqual([])
  }, 240_000)
})
