// The portfolio query the Portfolio, PAR and Aging tabs share (one request for the three), and its view.
import { keepPreviousData, skipToken } from '@tanstack/react-query'
import { type ReactNode } from 'react'
import { isAsOfNotReady } from '../../lib/as-of-run'
import { trpc } from '../../lib/trpc'
import { type CompanyFormat } from '../../lib/use-company-format'
import { AsOfComputation } from './as-of-computation'
import { InvalidChoice, ReportView } from './report-parts'
import { type Portfolio, type PortfolioInput } from './report-types'

/**
 * A portfolio report for a valid as-of date, or — for a past date not computed yet — its computation with
 * a progress bar (the server works it out in the background, then the report loads). `children` also
 * gets whether a newer answer is on its way (aria-busy).
 */
export function PortfolioView({
  input,
  format,
  errorTitle,
  cards,
  children,
}: {
  /** null while the as-of date is not valid. */
  input: PortfolioInput | null
  format: CompanyFormat
  errorTitle: string
  cards?: number
  children: (data: Portfolio, isFetching: boolean) => ReactNode
}) {
  const query = trpc.report.portfolio.useQuery(input ?? skipToken, { placeholderData: keepPreviousData })
  if (input === null) return <InvalidChoice message="Choose an as-of date no later than today." />
  if (query.data === undefined && isAsOfNotReady(query.error))
    return <AsOfComputation asOf={input.asOf ?? ''} format={format} what="The figures" />
  return (
    <ReportView query={query} errorTitle={errorTitle} cards={cards}>
      {(data) => children(data, query.isFetching)}
    </ReportView>
  )
}
