// The toast container on its own module, so src/app.tsx can load it after the first screen: importing
// the package by its name there would keep it in the first download (the store that `notifications.show`
// writes to is already there, and toasts raised before the container mounts wait in it).
// Its styles come with it (Mantine's Notification, and the package's own), layered as in src/styles.
import '@mantine/core/styles/Notification.layer.css'
import '@mantine/notifications/styles.layer.css'

export { Notifications as ToastContainer } from '@mantine/notifications'
