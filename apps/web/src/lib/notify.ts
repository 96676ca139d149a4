import { notifications } from '@mantine/notifications'
import { isMaintenanceError, messageOf } from './errors'

// Mantine's toast close button has no name of its own: axe "button-name" (serious) while a toast shows.
const closeButtonProps = { 'aria-label': 'Close' }

/** A toast for a result the user asked for ("Staff member created"). */
export function notifySuccess(message: string, title?: string) {
  notifications.show({ color: 'green', title, message, closeButtonProps })
}

/** A toast for a failure that has no form to show it in (a row action, a toggle). */
export function notifyError(title: string, error: unknown) {
  // The maintenance toast from the query client already says why.
  if (isMaintenanceError(error)) return
  notifications.show({ color: 'red', title, message: messageOf(error), autoClose: 8000, closeButtonProps })
}
