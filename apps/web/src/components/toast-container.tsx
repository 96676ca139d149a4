// The toast container on its own module, so src/app.tsx can load it after the first screen: importing
// the package by its name there would keep it in the first download (the store that `notifications.show`
// writes to is already there, and toasts raised before the container mounts wait in it).
export { Notifications as ToastContainer } from '@mantine/notifications'
