import { Text } from '@mantine/core'

/** The small dimmed line under a figure that says where it comes from; nothing when there is none. */
export function FigureHint({ hint }: { hint?: string | undefined }) {
  if (!hint) return null
  return (
    <Text size="xs" c="dimmed">
      {hint}
    </Text>
  )
}
