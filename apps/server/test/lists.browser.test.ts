import { formatNaira } from '@mp/domain'
import { describe, expect, it } from 'vitest'
import { adminCredentials, signInCookie, trpcQuery, useBuiltApp, openSignedIn } from './browser-helpers.js'

type ListPage = { items: { id: string }[]; total: number; isTotalCapped: boolean; nextCursor: string | null }
type DueSummary = { count: number; totals: { dueInRange: number; overdueBefore: number; dueNow: number } }

/** The big lists page by cursor (Previous/Next) and the due list shows totals over every due loan. */
describe('cursor-paged lists in Chromium', () => {
  const started = useBuiltApp('mp-e2e-lists-')
  const consoleProblems: string[] = []

  const open = (token: string) => openSignedIn(started(), token, consoleProblems)

  it('walks the members list with Next and Previous, ten rows at a time', async () => {
    const { baseUrl, output } = started()
    const token = await signInCookie(baseUrl, adminCredentials(output))
    const members = await trpcQuery<ListPage>(baseUrl, token, 'member.list', { pageSize: 100 })
    expect(members.total).toBeGreaterThan(10)
    const { context, page } = await open(token)
    await page.goto(`${baseUrl}/members`)
    await page.getByRole('combobox', { name: 'Rows per page' }).click()
    await page.getByRole('option', { name: '10', exact: true }).click()
    const range = page.getByText(/^1–10 of \d+$/)
    await expect.poll(() => range.isVisible()).toBe(true)
    expect(await range.textContent()).toBe(`1–10 of ${String(members.total)}`)
    const table = page.getByRole('table', { name: 'Members' })
    const firstRows = await table.locator('tbody tr').allTextContents()
    expect(await page.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true)

    await page.getByRole('button', { name: 'Next page' }).click()
    await expect.poll(() => page.getByText(/^11–\d+ of \d+$/).isVisible()).toBe(true)
    await expect.poll(() => table.getAttribute('aria-busy')).toBe('false')
    const secondRows = await table.locator('tbody tr').allTextContents()
    expect(secondRows.some((row) => firstRows.includes(row))).toBe(false)

    await page.getByRole('button', { name: 'Previous page' }).click()
    await expect.poll(() => range.isVisible()).toBe(true)
    await expect.poll(() => table.locator('tbody tr').allTextContents()).toEqual(firstRows)
    await context.close()
    expect(consoleProblems).toEqual([])
  })

  it('shows the due list with the count and totals of every due loan', async () => {
    const { baseUrl, output } = started()
    const token = await signInCookie(baseUrl, adminCredentials(output))
    const summary = await trpcQuery<DueSummary>(baseUrl, token, 'loan.dueListSummary', {})
    const { context, page } = await open(token)
    await page.goto(`${baseUrl}/due-list`)
    await expect.poll(() => page.getByRole('heading', { name: 'Due list' }).first().isVisible()).toBe(true)
    if (summary.count === 0) {
      await expect.poll(() => page.getByText('Nothing due').isVisible()).toBe(true)
    } else {
      const total = page.getByRole('rowheader', { name: /^Total, all / })
      await expect.poll(() => total.isVisible()).toBe(true)
      expect(await total.textContent()).toBe(
        `Total, all ${summary.count.toLocaleString('en-NG')} loan${summary.count === 1 ? '' : 's'}`,
      )
      const footer = page.getByRole('table', { name: 'Due list' }).locator('tfoot')
      expect(await footer.textContent()).toContain(formatNaira(summary.totals.dueNow))
    }
    await context.close()
    expect(consoleProblems).toEqual([])
  })
})
