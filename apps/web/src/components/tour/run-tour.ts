import { driver, type Driver } from 'driver.js'
import 'driver.js/dist/driver.css'
import './tour.css'
import type { StaffRole } from '../../lib/trpc'
import { tourSelector, tourSteps } from './tour-steps'

/**
 * Runs the tour with driver.js (MIT). Loaded only when a tour starts, so the library and its styles are
 * not part of any page's first load.
 */
export type TourControls = {
  role: StaffRole
  /** True when the navigation is a drawer that stays closed unless opened (phones). */
  isNavCollapsible: () => boolean
  setNavOpen: (isOpen: boolean) => void
  /** Called once when the tour ends, finished or closed. */
  onEnd: () => void
}

const isNavTarget = (target: string | null) => target?.startsWith('nav-') === true

export function runTour(controls: TourControls): Driver {
  const tour: Driver = driver({
    steps: tourSteps(controls.role).map((step) => ({
      element: step.target === null ? undefined : tourSelector(step.target),
      popover: { title: step.title, description: step.description },
      // On a phone the links are in the closed drawer: open it for their steps, close it for the others.
      onHighlightStarted: () => {
        if (controls.isNavCollapsible()) controls.setNavOpen(isNavTarget(step.target))
      },
    })),
    // A control that is not on screen (a role without it, a page still loading) is waited for briefly,
    // then its step is left out rather than pointing at nothing.
    skipMissingElement: true,
    waitForElement: 3000,
    showProgress: true,
    progressText: '{{current}} of {{total}}',
    nextBtnText: 'Next',
    prevBtnText: 'Back',
    doneBtnText: 'Finish',
    popoverClass: 'mp-tour',
    overlayOpacity: 0.55,
    stagePadding: 6,
    // The tour shows the controls; following one would leave the tour behind.
    disableActiveInteraction: true,
    // The drawer slides in while a step is highlighted: measure again once it is in place.
    onHighlighted: () => {
      tour.refresh()
    },
    // Finish, close, Escape or a click outside: the tour is over and is marked seen. driver.js calls
    // onDestroyed only while a step's element is still known (not always so right after a refresh), and
    // onDestroyStarted every time the person ends it — then it is ours to destroy.
    onDestroyStarted: () => {
      if (controls.isNavCollapsible()) controls.setNavOpen(false)
      controls.onEnd()
      tour.destroy()
    },
  })
  tour.drive()
  return tour
}
