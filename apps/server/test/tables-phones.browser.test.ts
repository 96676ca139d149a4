import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { adminCredentials, signInCookie, trpcQuery, useBuiltApp, openSignedIn } from './browser-helpers.js'

type ListPage = { items: { id: string }[] }
type DueSummary = { count: number }

// Run in the page (strings: this package's TypeScript has no DOM types).

/** The table or card list is drawn with its rows: not fetching, no skeletons. */
const isDrawnScript = (selector: string) =>
  `(() => { const list = document.querySelector(${JSON.stringify(selector)}); return list !== null && list.getAttribute('aria-busy') !== 'true' && !list.querySelector('.mantine-Skeleton-root') })()`

/**
 * What a table cuts: the whole table scrolling sideways (a column off-screen), or an element in a cell
 * whose content is wider than its clipping box (overflow or ellipsis) with no title giving the whole text.
 */
const clippedScript = (name: string) => `(() => {
  const table = document.querySelector('table[aria-label=${JSON.stringify(name)}]')
  const problems = []
  const scroller = table.parentElement
  if (scroller && scroller.scrollWidth > scroller.clientWidth + 1) {
    problems.push('the table scrolls sideways: ' + scroller.scrollWidth + ' > ' + scroller.clientWidth + ' px')
  }
  for (const element of table.querySelectorAll('th, td, th *, td *')) {
    const style = getComputedStyle(element)
    const isClipping = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis'
    if (!isClipping || element.scrollWidth <= element.clientWidth + 1) continue
    if (element.closest('[title]')) continue
    // Text for screen readers only (a 1 px clipped box) is meant to be out of sight.
    if (element.clientWidth <= 1 || style.clipPath !== 'none' || style.clip.startsWith('rect')) continue
    problems.push('"' + (element.textContent || '').trim().slice(0, 40) + '" cut: ' + element.scrollWidth + ' > ' + element.clientWidth + ' px')
  }
  return problems
})()`

/** The cards whose figure or status is missing, empty or outside the screen's width. */
const outOfViewScript = (name: string, parts: readonly string[]) => `(() => {
  const parts = ${JSON.stringify(parts)}
  const cards = [...document.querySelectorAll('[role=list][aria-label=${JSON.stringify(name)}] > [role=listitem]')]
  return cards.flatMap((card, index) => parts.flatMap((part) => {
    const element = card.querySelector('[data-card="' + part + '"]')
    if (!element || (element.textContent || '').trim() === '') return ['card ' + (index + 1) + ' has no ' + part]
    const box = element.getBoundingClientRect()
    const isShown = box.width > 0 && box.left >= 0 && box.right <= window.innerWidth
    return isShown ? [] : ['card ' + (index + 1) + ' ' + part + ' off-screen']
  }))
})()`

/** "in view" when the focused element is the form's first field in error and inside the viewport. */
const FOCUSED_INVALID_SCRIPT = `(() => {
  const active = document.activeElement
  const first = document.querySelector('form [aria-invalid="true"]')
  if (!first) return 'no field in error'
  if (active !== first) return 'focus is on ' + (active ? active.tagName : 'nothing') + ', not the first field in error'
  const box = active.getBoundingClientRect()
  return box.top >= 0 && box.bottom <= window.innerHeight ? 'in view' : 'off-screen at ' + box.top
})()`

/** Every list page, with the table's accessible name. */
const LIST_PAGES: { path: string; table: string }[] = [
  { path: '/loans', table: 'Loans' },
  { path: '/members', table: 'Members' },
  { path: '/repayments', table: 'Repayments' },
  { path: '/due-list', table: 'Due list' },
  { path: '/staff', table: 'Staff' },
  { path: '/unions', table: 'Unions' },
  { path: '/assignments', table: 'Unions to reassign' },
  { path: '/audit-log', table: 'Audit log' },
  { path: '/login-history', table: 'Login history' },
  { path: '/loan-types', table: 'Loan types' },
  { path: '/settings/sessions', table: 'My sessions' },
]

/**
 * Lists on an office screen and on a phone (issue 15): at 1280 px every column fits and no cell cuts its
 * text (a badge reading "OV…" or an action scrolled off the right edge), except free text that carries its
 * whole value in a title; below 600 px the lists are cards showing the amount or status, with the filters
 * behind one button; a form's failed Next puts the first field in error in view and in focus.
 */
describe('tables and phones in Chromium', () => {
  const started = useBuiltApp('mp-e2e-tables-')
  const consoleProblems: string[] = []

  const open = (token: string, viewport: { width: number; height: number }) =>
    openSignedIn(started(), token, consoleProblems, { ...viewport, isMobile: viewport.width < 600 })

  /** The table drawn with its rows (no skeletons, not fetching). */
  const waitForTable = async (page: Page, name: string) => {
    const table = page.getByRole('table', { name, exact: true })
    await expect.poll(() => table.isVisible(), { timeout: 20_000 }).toBe(true)
    await expect
      .poll(() => page.evaluate<boolean>(isDrawnScript(`table[aria-label=${JSON.stringify(name)}]`)), {
        timeout: 20_000,
      })
      .toBe(true)
  }

  /** Cells whose content is cut (scrolled or ellipsed inside a clipping box) without a title to read it from. */
  const clippedCells = (page: Page, name: string) => page.evaluate<string[]>(clippedScript(name))

  it('fits every list at 1280 px: no clipped cell, no column off-screen', async () => {
    const { baseUrl, output } = started()
    const token = await signInCookie(baseUrl, adminCredentials(output))
    const { context, page } = await open(token, { width: 1280, height: 900 })
    const found: Record<string, string[]> = {}
    for (const { path, table } of LIST_PAGES) {
      await page.goto(`${baseUrl}${path}`)
      await waitForTable(page, table)
      found[path] = await clippedCells(page, table)
    }
    // A loan's payments, with their Reverse action at the right edge.
    const repayments = await trpcQuery<ListPage & { items: { loanId: string }[] }>(
      baseUrl,
      token,
      'repayment.list',
      {
        pageSize: 1,
      },
    )
    const loanId = repayments.items[0]?.loanId
    expect(loanId, 'the demo data has a payment').toBeDefined()
    await page.goto(`${baseUrl}/loans/${loanId ?? ''}?tab=payments`)
    await waitForTable(page, 'Payments')
    found['loan payments'] = await clippedCells(page, 'Payments')
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((key) => [key, []])))
    await context.close()
    expect(consoleProblems).toEqual([])
  })

  it('turns lists into cards at 390 px, with the amount or status in view and the filters behind a button', async () => {
    const { baseUrl, output } = started()
    const token = await signInCookie(baseUrl, adminCredentials(output))
    const due = await trpcQuery<DueSummary>(baseUrl, token, 'loan.dueListSummary', {})
    const { context, page } = await open(token, { width: 390, height: 844 })
    const phoneLists: { path: string; list: string; parts: ('figure' | 'status')[]; filter: RegExp }[] = [
      { path: '/loans', list: 'Loans', parts: ['figure', 'status'], filter: /^Status/ },
      { path: '/repayments', list: 'Repayments', parts: ['figure', 'status'], filter: /^Method/ },
      { path: '/members', list: 'Members', parts: ['status'], filter: /^Verification/ },
      { path: '/staff', list: 'Staff', parts: ['status'], filter: /^Role/ },
      { path: '/unions', list: 'Unions', parts: ['figure'], filter: /^Credit officer/ },
      ...(due.count > 0
        ? [{ path: '/due-list', list: 'Due list', parts: ['figure' as const], filter: /^Credit officer/ }]
        : []),
    ]
    for (const { path, list, parts, filter } of phoneLists) {
      await page.goto(`${baseUrl}${path}`)
      const cards = page.getByRole('list', { name: list, exact: true }).getByRole('listitem')
      await expect
        .poll(
          () => page.evaluate<boolean>(isDrawnScript(`[role=list][aria-label=${JSON.stringify(list)}]`)),
          { timeout: 20_000, message: `${path}: the cards are drawn` },
        )
        .toBe(true)
      expect(await cards.count(), `${path}: cards`).toBeGreaterThan(0)
      expect(await page.getByRole('table', { name: list, exact: true }).count(), `${path}: no table`).toBe(0)
      // Every card shows its figure and status inside the screen's width.
      const outOfView = await page.evaluate<string[]>(outOfViewScript(list, parts))
      expect(outOfView, path).toEqual([])
      expect(
        await page.evaluate<number>('document.documentElement.scrollWidth'),
        `${path}: no sideways scroll`,
      ).toBeLessThanOrEqual(390)
      // The filters wait behind one button.
      const filterInput = page.getByLabel(filter).first()
      expect(await filterInput.isVisible(), `${path}: filters folded`).toBe(false)
      await page.getByRole('button', { name: /^Filters/ }).click()
      await expect.poll(() => filterInput.isVisible()).toBe(true)
    }
    await context.close()
    expect(consoleProblems).toEqual([])
  })

  it('puts the first field in error in view and in focus when Next or Save fails on a phone', async () => {
    const { baseUrl, output } = started()
    const token = await signInCookie(baseUrl, adminCredentials(output))
    const { context, page } = await open(token, { width: 390, height: 740 })
    const focusedInvalid = () => page.evaluate<string>(FOCUSED_INVALID_SCRIPT)

    await page.goto(`${baseUrl}/members/new`)
    const next = page.getByRole('button', { name: 'Next', exact: true })
    await expect.poll(() => next.isVisible(), { timeout: 20_000 }).toBe(true)
    await next.scrollIntoViewIfNeeded()
    await next.click()
    await expect.poll(focusedInvalid).toBe('in view')

    await page.goto(`${baseUrl}/loans/new`)
    const save = page.getByRole('button', { name: 'Save application', exact: true })
    await expect.poll(() => save.isVisible(), { timeout: 20_000 }).toBe(true)
    await save.scrollIntoViewIfNeeded()
    await save.click()
    await expect.poll(focusedInvalid).toBe('in view')
    await context.close()
    expect(consoleProblems).toEqual([])
  })
})
