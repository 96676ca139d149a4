import { Button, Group, Text } from '@mantine/core'
import { IconEye } from '@tabler/icons-react'
import { notifyError } from '../../lib/notify'
import { trpc } from '../../lib/trpc'

/**
 * BVN and NIN arrive masked (•••••••1234). Admins and supervisors may reveal the full numbers: the
 * server hands them out one member at a time and records each look in the audit log.
 */
export function useIdentifierReveal(memberId: string) {
  const reveal = trpc.member.revealIdentifiers.useMutation()
  return {
    revealed: reveal.data ?? null,
    isPending: reveal.isPending,
    reveal: () => {
      reveal.mutate(
        { id: memberId },
        {
          onError: (error) => {
            notifyError('The numbers were not revealed', error)
          },
        },
      )
    },
  }
}

export function IdentifierValue({
  masked,
  full,
}: {
  masked: string | null
  full: string | null | undefined
}) {
  if (masked === null) return 'Not given'
  return (
    <Text ff="monospace" size="sm">
      {full ?? masked}
    </Text>
  )
}

export function RevealIdentifiersButton({
  isRevealed,
  isPending,
  onReveal,
}: {
  isRevealed: boolean
  isPending: boolean
  onReveal: () => void
}) {
  if (isRevealed) return null
  return (
    <Group>
      <Button
        size="xs"
        variant="light"
        leftSection={<IconEye size={14} aria-hidden />}
        loading={isPending}
        onClick={onReveal}
      >
        Reveal BVN and NIN
      </Button>
    </Group>
  )
}
