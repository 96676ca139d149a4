import { Alert } from '@mantine/core'
import { IconInfoCircle } from '@tabler/icons-react'

/**
 * Why there is no Approve button on a loan waiting for approval (maker-checker, docs/product.md §4):
 * the server words it for the caller, so the page only shows it.
 */
export function ApprovalNote({ note }: { note: string | null }) {
  if (note === null) return null
  return (
    <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />} data-testid="approval-note">
      {note}
    </Alert>
  )
}
