import { useEffect, useState } from 'react'

/**
 * For a dialog that is mounted to open and unmounted to close (`{isOpen ? <Dialog … /> : null}`): gives the
 * keyboard focus back to the control that had it when the dialog appeared. Mantine's Modal returns the focus
 * when its `opened` turns false, not when it is unmounted, so without this the focus fell back to the start of
 * the page (WAI-ARIA Authoring Practices, dialog pattern: "When a dialog closes, focus returns to the element
 * that invoked the dialog"; WCAG 2.4.3 Focus Order). Call it at the top of the dialog component.
 */
export function useReturnFocus(): void {
  // Read during the first render, before the dialog's focus trap moves the focus inside.
  const [opener] = useState(() =>
    document.activeElement instanceof HTMLElement && document.activeElement !== document.body
      ? document.activeElement
      : null,
  )
  useEffect(
    () => () => {
      if (!opener) return
      // After the dialog has left the page; only when nothing else took the focus meanwhile (a navigation,
      // another dialog), and only if the opener is still there (a row menu's item is not).
      window.setTimeout(() => {
        const active = document.activeElement
        if (opener.isConnected && (active === null || active === document.body)) opener.focus()
      }, 0)
    },
    [opener],
  )
}
