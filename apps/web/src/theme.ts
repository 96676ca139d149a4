import { createTheme, localStorageColorSchemeManager } from '@mantine/core'

// Teal until company branding (settings.primaryColor) is wired in by the branding issue.
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: { light: 7, dark: 6 },
  defaultRadius: 'md',
  cursorType: 'pointer',
  headings: { fontWeight: '650' },
})

// The light/dark choice lives in localStorage. MantineProvider applies it in a layout effect before
// the first paint, so no inline <ColorSchemeScript> is needed and the CSP can forbid inline scripts.
// Module scope keeps it one stable object: the provider subscribes to it in an effect.
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'mp-color-scheme' })
