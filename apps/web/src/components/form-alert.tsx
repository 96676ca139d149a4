import { Alert } from '@mantine/core'
import { IconAlertCircle } from '@tabler/icons-react'

/** The form-level message from useServerForm (business errors, network trouble); nothing when null. */
export function FormAlert({ title, message }: { title: string; message: string | null }) {
  if (message === null) return null
  return (
    <Alert color="red" icon={<IconAlertCircle aria-hidden />} title={title} role="alert">
      {message}
    </Alert>
  )
}
