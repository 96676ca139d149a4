// The portfolio query the Portfolio, PAR and Aging tabs share (one request for the three), and its view.
import { keepPreviousData, skipToken } from '@tanstack/react-query'
import { type ReactNode } from 'react'
import { isAsOfNotReady } from '../../lib/as-of-run'
import { trpc } from '../../lib/trpc'
import { type CompanyFormat } from '../../lib/use-company-format'
import { AsOfComputation } from './as-of-computation'
import { ReportView } from './report-parts'
import { type Portfolio, type PortfolioInput } from './report-types'

export function usePortfolio(input: PortfolioInput | null) {
  return trpc.report.portfolio.useQuery(input ?? skipToken, { placeholderData: keepPreviousData })
}

/**
 * A portfolio report, or — for a past date not computed yet — its computation with a progress bar (the
 * server works it out in the background, then the report loads).
 */
export function PortfolioView({
  query,
  asOf,
  format,
  errorTitle,
  cards,
  children,
}: {
  query: ReturnType<typeof usePortfolio>
  asOf: string
  format: CompanyFormat
  errorTitle: string
  cards?: number
  children: (data: Portfolio) => ReactNode
}) {
  if (query.data === undefined && isAsOfNotReady(query.error))
    return <AsOfComputation asOf={asOf} format={format} what="The figures" />
  return (
    <ReportView query={query} errorTitle={errorTitle} cards={cards}>
      {children}
    </ReportView>
  )
}
