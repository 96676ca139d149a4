import { Group, Image, Skeleton, Text, ThemeIcon } from '@mantine/core'
import { IconBuildingBank } from '@tabler/icons-react'
import { trpc } from '../lib/trpc'

// Shown while settings are unavailable; the chrome must never break because branding failed to load.
const FALLBACK_NAME = 'Loan office'

/** Company logo and name from `settings.public`. */
export function Brand({ size = 'md' }: { size?: 'md' | 'lg' }) {
  const settings = trpc.settings.public.useQuery()
  const markSize = size === 'lg' ? 44 : 30

  if (settings.isPending) {
    return (
      <Group gap="sm" wrap="nowrap" aria-busy>
        <Skeleton circle height={markSize} />
        <Skeleton height={size === 'lg' ? 22 : 16} width={size === 'lg' ? 200 : 140} />
      </Group>
    )
  }

  const name = settings.data?.name ?? FALLBACK_NAME
  const logoUrl = settings.data?.logoUrl
  return (
    <Group gap="sm" wrap="nowrap" miw={0}>
      {logoUrl ? (
        <Image src={logoUrl} alt="" h={markSize} w="auto" fit="contain" />
      ) : (
        <ThemeIcon size={markSize} radius="md" variant="filled" color="accent" aria-hidden>
          <IconBuildingBank size={markSize * 0.6} />
        </ThemeIcon>
      )}
      <Text fw={700} size={size === 'lg' ? 'xl' : 'md'} truncate>
        {name}
      </Text>
    </Group>
  )
}
