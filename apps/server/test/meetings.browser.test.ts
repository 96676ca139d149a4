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
 * Loans that follow the union's meetings, in Chromium on the built app (issue 16 items 1-2): a product
 * that follows meetings and a union meeting every Tuesday give a loan whose proposed installments are
 * all Tuesdays, shown on the loan's page; the union's collection sheet opens on its next meeting.
 */
const TUESDAY = 2

function weekday(iso: string): number {
  const day = new Date(`${iso}T00:00:00Z`).getUTCDay()
  return day === 0 ? 7 : day
}

/** The company's default date format, DD/MM/YYYY. */
function shown(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`
}

describe('loans on union meetings in Chromium', () => {
  const started = useBuiltApp('mp-e2e-meetings-')

  it('shows Tuesday installments for a loan of a union meeting on Tuesdays, and the sheet opens on the next meeting', async () => {
    const { baseUrl, browser, output } = started()
    const token = await signInCookie(baseUrl, adminCredentials(output))
    type Page<T> = { items: T[] }
    const unions = await trpcQuery<Page<{ id: string }>>(baseUrl, token, 'union.list', { pageSize: 5 })
    const unionId = unions.items[0]?.id ?? ''
    await trpcMutation(baseUrl, token, 'union.update', {
      id: unionId,
      meetingDay: 'TUESDAY',
      meetingFrequency: 'WEEKLY',
    })
    const members = await trpcQuery<Page<{ id: string }>>(baseUrl, token, 'member.list', {
      unionId,
      pageSize: 1,
    })
    const type = await trpcMutation<{ id: string; followsMeetings: boolean }>(
      baseUrl,
      token,
      'loanType.create',
      {
        name: 'Weekly at the Tuesday meeting',
        description: null,
        minPrincipal: 1_000_000,
        maxPrincipal: 100_000_000,
        termUnit: 'WEEK',
        minTerm: 4,
        maxTerm: 26,
        interest: { method: 'FLAT', rate: '0.10', basis: 'PER_TERM' },
        processingFee: null,
        penalty: null,
        allocationOrder: 'VERTICAL',
        rounding: 'HALF_EVEN',
        installmentMultiple: null,
        followsMeetings: true,
        meetingMinGapDays: 7,
      },
    )
    expect(type.followsMeetings).toBe(true)
    type Settings = { timezone: string }
    const settings = await trpcQuery<Settings>(baseUrl, token, 'settings.get', undefined).catch(() => null)
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: settings?.timezone ?? 'Africa/Lagos' }).format(
      new Date(),
    )
    const loan = await trpcMutation<{ id: string; previewSchedule: { installments: { dueDate: string }[] } }>(
      baseUrl,
      token,
      'loan.create',
      {
        memberId: members.items[0]?.id ?? '',
        loanTypeId: type.id,
        principal: 5_000_000,
        termCount: 4,
        startDate: today,
        purpose: 'Stock for the market',
        guarantorIds: [],
        overrideReason: 'Browser test of meeting dates',
      },
    )
    const dates = loan.previewSchedule.installments.map((i) => i.dueDate)
    expect(dates).toHaveLength(4)
    // Weekly meetings on Tuesdays (none of these is a fixed-date holiday's Tuesday in the demo calendar).
    for (const date of dates) expect(weekday(date), date).toBe(TUESDAY)
    expect((dates[0] ?? '') > today).toBe(true)

    const problems: string[] = []
    const { context, page } = await openSignedIn({ baseUrl, browser }, token, problems)
    await page.goto(`${baseUrl}/loans/${loan.id}`)
    const table = page.getByRole('table', { name: 'Proposed schedule' })
    await expect.poll(() => table.isVisible(), { timeout: 30_000 }).toBe(true)
    const cells = await table.locator('tbody tr td:nth-child(2)').allTextContents()
    expect(cells.map((c) => c.trim())).toEqual(dates.map(shown))

    // The application form's live preview shows the same meeting dates (asked from the server for the
    // member's union), and says where they come from.
    await page.goto(`${baseUrl}/loans/${loan.id}/edit`)
    await expect
      .poll(() => page.getByText(/Due dates as the loan will get them/).isVisible(), { timeout: 30_000 })
      .toBe(true)
    const preview = page.getByRole('table', { name: 'Schedule preview' })
    const previewCells = await preview.locator('tbody tr td:nth-child(2)').allTextContents()
    expect(previewCells.map((c) => c.trim())).toEqual(dates.map(shown))

    // The collection sheet without a date opens on the union's next meeting, a Tuesday on or after today.
    const union = await trpcQuery<{ nextMeeting: string | null }>(baseUrl, token, 'union.get', {
      id: unionId,
    })
    const next = union.nextMeeting ?? ''
    expect(next >= today).toBe(true)
    await page.goto(`${baseUrl}/collection-sheet?union=${unionId}`)
    // The date field says so, and the sheet's heading names the meeting's date.
    await expect
      .poll(
        () =>
          page
            .getByText(/^Next meeting/)
            .first()
            .isVisible(),
        { timeout: 30_000 },
      )
      .toBe(true)
    const heading = page.getByText(`${shown(next)} · next meeting`)
    await expect.poll(() => heading.isVisible(), { timeout: 30_000 }).toBe(true)
    await context.close()
    expect(problems).toEqual([])
  })
})
