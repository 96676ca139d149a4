import { ActionIcon, useComputedColorScheme, useMantineColorScheme } from '@mantine/core'
import { IconMoon, IconSun } from '@tabler/icons-react'

/**
 * Light/dark switch; MantineProvider's colour scheme manager persists the choice in localStorage. Named
 * by aria-label, with the browser's own tooltip (title): Mantine's Tooltip would bring the floating-ui
 * library into the sign-in page's first download (docs/benchmarks.md "Web app: page weight and load time").
 */
export function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme()
  // Read synchronously: this is a client-only SPA, so there is no server render to match.
  const computed = useComputedColorScheme('light', { getInitialValueInEffect: false })
  const isDark = computed === 'dark'
  const label = isDark ? 'Switch to light mode' : 'Switch to dark mode'
  return (
    <ActionIcon
      variant="default"
      size="lg"
      aria-label={label}
      title={label}
      onClick={() => {
        setColorScheme(isDark ? 'light' : 'dark')
      }}
    >
      {isDark ? <IconSun size={18} aria-hidden /> : <IconMoon size={18} aria-hidden />}
    </ActionIcon>
  )
}
