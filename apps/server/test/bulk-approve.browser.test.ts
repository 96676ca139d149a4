import { formatNaira } from '@mp/domain'
import { describe, expect, it } from 'vitest'
import {
  seriousViolations,
  demoCredentials,
  signInCookie,
  trpcMutation,
  trpcQuery,
  useBuiltApp,
  openSignedIn,
} from './browser-helpers.js'

type Loan = { id: string; loanNumber: string }

/** Bulk approval from the loans list (docs/product.md §4), as a supervisor and as a credit officer. */
describe('bulk approve on the loans list in Chromium', () => {
  const started = useBuiltApp('mp-e2e-bulk-approve-')
  const problems: string[] = []

  const open = (token: string, width: number) =>
    openSignedIn(started(), token, problems, { width, bypassCSP: true })

  /** A new member of Alaba Potters Union (officer 1's, in supervisor 1's team) with a submitted application. */
  const pendingLoan = async (token: string, name: [string, string], principal: number, phone: string) => {
    const { baseUrl } = started()
    const unions = await trpcQuery<{ items: { id: string; name: string }[] }>(baseUrl, token, 'union.list', {
      search: 'Alaba Potters',
    })
    const unionId = unions.items.find((union) => union.name === 'Alaba Potters Union')?.id ?? ''
    const types = await trpcQuery<{ id: string; name: string }[]>(baseUrl, token, 'loanType.list', {})
    const weekly = types.find((type) => type.name === 'Weekly Union Loan')?.id ?? ''
    const member = await trpcMutation<{ id: string }>(baseUrl, token, 'member.create', {
      unionId,
      firstName: name[0],
      lastName: name[1],
      phone,
    })
    const startDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Lagos' }).format(new Date())
    const loan = await trpcMutation<Loan>(baseUrl, token, 'loan.create', {
      memberId: member.id,
      loanTypeId: weekly,
      principal,
      termCount: 12,
      startDate,
    })
    await trpcMutation(baseUrl, token, 'loan.submit', { id: loan.id })
    return loan
  }

  it('a supervisor approves three pending loans at once; the one they submitted is refused with the reason', async () => {
    const { baseUrl, output } = started()
    const officerToken = await signInCookie(baseUrl, demoCredentials(output, 'officer1@'))
    const supervisorToken = await signInCookie(baseUrl, demoCredentials(output, 'supervisor1@'))
    const first = await pendingLoan(officerToken, ['Bisola', 'Akande'], 3_000_000, '0803 777 0101')
    const second = await pendingLoan(officerToken, ['Chidi', 'Okafor'], 4_500_050, '0803 777 0102')
    const own = await pendingLoan(supervisorToken, ['Dayo', 'Ilori'], 2_500_000, '0803 777 0103')

    const { context, page } = await open(supervisorToken, 1280)
    await page.goto(`${baseUrl}/loans?status=PENDING_APPROVAL`)
    const table = page.getByRole('table', { name: 'Loans' })
    await expect
      .poll(() => table.getByRole('checkbox', { name: `Select ${own.loanNumber}` }).isVisible())
      .toBe(true)
    for (const loan of [first, second])
      await table.getByRole('checkbox', { name: `Select ${loan.loanNumber}` }).check()
    // By keyboard too: Space ticks a focused box.
    await table.getByRole('checkbox', { name: `Select ${own.loanNumber}` }).focus()
    await page.keyboard.press('Space')
    // The confirmation states the count and the exact total principal.
    await page.getByRole('button', { name: 'Approve 3 loans' }).click()
    const dialog = page.getByRole('dialog', { name: 'Approve 3 loans?' })
    await expect.poll(() => dialog.isVisible()).toBe(true)
    expect(await dialog.textContent()).toContain(formatNaira(3_000_000 + 4_500_050 + 2_500_000))
    expect(formatNaira(3_000_000 + 4_500_050 + 2_500_000)).toBe('₦100,000.50')
    expect(await seriousViolations(page)).toEqual([])
    await dialog.getByRole('button', { name: 'Approve 3 loans' }).press('Enter')

    const summary = page.getByRole('status').filter({ hasText: 'Approved 2 loans' })
    await expect.poll(() => summary.isVisible()).toBe(true)
    expect(await summary.textContent()).toContain('1 loan not approved')
    // The button that opened the dialog is gone; the keyboard focus is on the summary.
    const focused = `document.activeElement?.getAttribute('role') + ' ' + document.activeElement?.textContent`
    await expect.poll(() => page.evaluate<string>(focused)).toMatch(/^status Approved 2 loans/)
    const refused = summary.getByRole('list', { name: 'Loans not approved' })
    expect(await refused.textContent()).toContain(own.loanNumber)
    expect(await refused.textContent()).toContain('You submitted this loan, so someone else must approve it.')

    // The list refreshes: the approved loans leave the pending list, the refused one stays, nothing ticked.
    await expect.poll(() => table.getByText(first.loanNumber).count()).toBe(0)
    await expect.poll(() => table.getByText(second.loanNumber).count()).toBe(0)
    expect(await table.getByRole('checkbox', { name: `Select ${own.loanNumber}` }).isChecked()).toBe(false)
    const statuses = await Promise.all(
      [first, second, own].map((loan) =>
        trpcQuery<{ status: string }>(baseUrl, supervisorToken, 'loan.get', { id: loan.id }),
      ),
    )
    expect(statuses.map((loan) => loan.status)).toEqual(['APPROVED', 'APPROVED', 'PENDING_APPROVAL'])
    expect(await seriousViolations(page)).toEqual([])
    await context.close()

    // On a phone the cards carry the tick boxes, with "select all on this page" above them.
    const phone = await open(supervisorToken, 390)
    await phone.page.goto(`${baseUrl}/loans?status=PENDING_APPROVAL`)
    const cards = phone.page.getByRole('list', { name: 'Loans' })
    await expect
      .poll(() => cards.getByRole('checkbox', { name: `Select ${own.loanNumber}` }).isVisible())
      .toBe(true)
    await phone.page.getByRole('checkbox', { name: 'Select all on this page' }).check()
    await expect
      .poll(() => phone.page.getByRole('button', { name: /^Approve \d+ loans?$/ }).isVisible())
      .toBe(true)
    expect(await seriousViolations(phone.page)).toEqual([])
    await phone.context.close()
    expect(problems).toEqual([])
  })

  it('a credit officer sees no tick boxes and no bulk approval', async () => {
    const { baseUrl, output } = started()
    const officerToken = await signInCookie(baseUrl, demoCredentials(output, 'officer1@'))
    const { context, page } = await open(officerToken, 1280)
    await page.goto(`${baseUrl}/loans?status=PENDING_APPROVAL`)
    const table = page.getByRole('table', { name: 'Loans' })
    await expect.poll(() => table.getAttribute('aria-busy')).toBe('false')
    await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThan(0)
    expect(await page.getByRole('checkbox').count()).toBe(0)
    expect(await page.getByRole('button', { name: /^Approve/ }).count()).toBe(0)
    await context.close()
    expect(problems).toEqual([])
  })
})
