import { useMediaQuery } from '@mantine/hooks'

/**
 * Below 600 px lists turn into cards and their filters fold behind one button (issue 15: phones). 37.49em
 * is 599.84 px at the browser's 16 px, so a 600 px window still gets the table.
 */
const PHONE_MEDIA_QUERY = '(max-width: 37.49em)'

/** True on a phone-width window; read on the first render too, so a phone never draws the table first. */
export function useIsPhone(): boolean {
  return useMediaQuery(PHONE_MEDIA_QUERY, false, { getInitialValueInEffect: false })
}
