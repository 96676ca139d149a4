import { trpc } from '../lib/trpc'

/** React 19 hoists <title> into <head>; one per page, rendered by the page itself. */
export function DocumentTitle({ page }: { page?: string }) {
  const settings = trpc.settings.public.useQuery()
  const company = settings.data?.name ?? 'Loan office'
  // A single string child: React 19 warns when <title> gets several text nodes.
  const text = page ? `${page} · ${company}` : company
  return <title>{text}</title>
}
