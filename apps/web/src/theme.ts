import { createTheme, localStorageColorSchemeManager } from '@mantine/core'

// Teal until company branding (settings.primaryColor) is wired in by the branding issue.
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: { light: 7, dark: 6 },
  defaultRadius: 'md',
  cursorType: 'pointer',
  headings: { fontWeight: '650' },
})

// Module scope so the manager is one stable object: MantineProvider subscribes to it in an effect.
// Stored per browser, so a shared office PC keeps each person's choice only until someone changes it.
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'mp-color-scheme' })
