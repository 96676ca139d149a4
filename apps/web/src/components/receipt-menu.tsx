import { Button, Menu } from '@mantine/core'
import type { TReceiptFormat } from '@mp/api/schemas'
import { IconChevronDown, IconReceipt } from '@tabler/icons-react'
import { receiptUrl } from '../lib/repayments'

// The paper a receipt prints on: A4 in the office, or the 58 mm / 80 mm thermal printers field officers
// carry (docs/user-guide.md "Printing receipts"). Every format the server takes, in words.
const PAPERS: Record<TReceiptFormat, string> = {
  a4: 'A4 page',
  thermal58: '58 mm thermal roll',
  thermal80: '80 mm thermal roll',
}

/** "Receipt ▾": opens the receipt PDF of a repayment on the paper chosen, in a new tab. */
export function ReceiptMenu({ repaymentId, receiptNumber }: { repaymentId: string; receiptNumber: string }) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconReceipt size={14} aria-hidden />}
          rightSection={<IconChevronDown size={12} aria-hidden />}
          aria-label={`Receipt ${receiptNumber}: choose the paper`}
        >
          Receipt
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Print on</Menu.Label>
        {(Object.entries(PAPERS) as [TReceiptFormat, string][]).map(([format, label]) => (
          <Menu.Item
            key={format}
            component="a"
            href={receiptUrl(repaymentId, format)}
            target="_blank"
            rel="noopener"
          >
            {label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  )
}
