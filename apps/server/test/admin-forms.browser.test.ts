import { describe, expect, it } from 'vitest'
import { adminCredentials, signInCookie, useBuiltApp, openSignedIn } from './browser-helpers.js'

/**
 * The admin's editors in Chromium against the built app (document types, loan types, unions): they check
 * the server's own rules (@mp/api/schemas) with its words before sending, then save.
 */
describe('admin forms in Chromium', () => {
  const started = useBuiltApp('mp-e2e-admin-forms-')
  const consoleProblems: string[] = []

  it('an admin adds a document type and a loan type, told what is wrong first, and deactivates one', async () => {
    const { baseUrl, output, browser } = started()
    const token = await signInCookie(baseUrl, adminCredentials(output))
    const { context, page } = await openSignedIn({ baseUrl, browser }, token, consoleProblems)
    const saves: string[] = []
    page.on('request', (request) => {
      if (/\/trpc\/(documentType|loanType)\.(create|update)/.test(request.url())) saves.push(request.url())
    })

    await page.goto(`${baseUrl}/document-types`)
    await page.getByRole('button', { name: 'New document type' }).click()
    const typeDialog = page.getByRole('dialog', { name: 'New document type' })
    await typeDialog.getByRole('checkbox', { name: 'Member' }).uncheck()
    await typeDialog.getByRole('button', { name: 'Add document type' }).click()
    await expect.poll(() => typeDialog.getByText('Name is required').count()).toBe(1)
    expect(await typeDialog.getByText('Choose at least one record the type applies to').count()).toBe(1)
    const typeName = `Tax clearance ${String(Date.now())}`
    await typeDialog.getByLabel(/^Name/).fill(typeName)
    await typeDialog.getByRole('checkbox', { name: 'Member' }).check()
    await typeDialog.getByRole('button', { name: 'Add document type' }).click()
    const typeRow = page.getByRole('row').filter({ hasText: typeName })
    await expect.poll(() => typeRow.count()).toBe(1)
    await page.getByRole('button', { name: `Deactivate ${typeName}` }).click()
    await page
      .getByRole('dialog', { name: `Deactivate ${typeName}?` })
      .getByRole('button', { name: 'Deactivate' })
      .click()
    await expect.poll(() => typeRow.getByText('Inactive').count()).toBe(1)

    await page.goto(`${baseUrl}/loan-types`)
    await page.getByRole('button', { name: 'New loan type' }).click()
    const loanDialog = page.getByRole('dialog', { name: 'New loan type' })
    const loanName = `Trader loan ${String(Date.now())}`
    await loanDialog.getByLabel(/^Name/).fill(loanName)
    await loanDialog.getByLabel(/^Minimum principal/).fill('50,000')
    await loanDialog.getByLabel(/^Maximum principal/).fill('40,000')
    await loanDialog.getByLabel(/^Minimum term/).fill('0')
    await loanDialog.getByLabel(/^Maximum term/).fill('12')
    await loanDialog.getByRole('textbox', { name: /^Flat rate/ }).fill('10')
    await loanDialog.getByRole('button', { name: 'Add loan type' }).click()
    await expect
      .poll(() => loanDialog.getByText('Maximum principal must be at least the minimum principal').count())
      .toBe(1)
    expect(await loanDialog.getByText('Minimum term must be at least 1').count()).toBe(1)
    expect(saves).toHaveLength(1)
    await loanDialog.getByLabel(/^Maximum principal/).fill('500,000')
    await loanDialog.getByLabel(/^Minimum term/).fill('4')
    // The product allows top-ups (docs/lending.md "Top-ups"): ticked here, kept by the server, shown ticked
    // when the type is opened again.
    const topUps = loanDialog.getByRole('checkbox', { name: 'Allows top-ups' })
    expect(await topUps.isChecked()).toBe(false)
    await topUps.check()
    await loanDialog.getByRole('button', { name: 'Add loan type' }).click()
    await expect.poll(() => page.getByRole('row').filter({ hasText: loanName }).count()).toBe(1)
    expect(saves).toHaveLength(2)
    await page.getByRole('button', { name: `Edit ${loanName}` }).click()
    const editDialog = page.getByRole('dialog', { name: `Edit ${loanName}` })
    await expect
      .poll(() => editDialog.getByRole('checkbox', { name: 'Allows top-ups' }).isChecked())
      .toBe(true)
    await editDialog.getByRole('button', { name: 'Close' }).click()
    await context.close()
    expect(consoleProblems).toEqual([])
  }, 240_000)

  it("the union editor asks for what the server needs, in the server's words, before creating", async () => {
    const { baseUrl, output, browser } = started()
    const token = await signInCookie(baseUrl, adminCredentials(output))
    const { context, page } = await openSignedIn({ baseUrl, browser }, token, consoleProblems)
    let creates = 0
    page.on('request', (request) => {
      if (request.url().includes('/trpc/union.create')) creates += 1
    })

    await page.goto(`${baseUrl}/unions`)
    await page.getByRole('button', { name: 'New union' }).click()
    const dialog = page.getByRole('dialog', { name: 'New union' })
    await dialog.getByLabel(/^Union name/).fill('Potters'.repeat(20))
    await dialog.getByRole('button', { name: 'Create union' }).click()
    await expect.poll(() => dialog.getByText('Union name must be at most 120 characters').count()).toBe(1)
    expect(await dialog.getByText('Choose the credit officer').count()).toBe(1)
    expect(creates).toBe(0)
    const unionName = `Potters Union ${String(Date.now())}`
    await dialog.getByLabel(/^Union name/).fill(unionName)
    await dialog
      .getByLabel(/^Credit officer/)
      .first()
      .click()
    await page.getByRole('option').first().click()
    await dialog.getByRole('button', { name: 'Create union' }).click()
    await expect.poll(() => dialog.isVisible()).toBe(false)
    await expect.poll(() => page.getByText(unionName).first().isVisible()).toBe(true)
    expect(creates).toBe(1)
    await context.close()
    expect(consoleProblems).toEqual([])
  }, 240_000)
})
