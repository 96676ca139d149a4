import { Alert, Button, Group, Modal, Stack, Text, type MantineColor } from '@mantine/core'
import { IconAlertCircle } from '@tabler/icons-react'
import type { ReactNode, SubmitEvent } from 'react'
import { messageOf } from '../lib/errors'

type ConfirmDialogProps = {
  opened: boolean
  onClose: () => void
  title: string
  /** What will happen, in plain words. */
  message: ReactNode
  /** Extra fields (a reason, say), inside the dialog's form. */
  children?: ReactNode
  confirmLabel: string
  confirmColor?: MantineColor
  onConfirm: () => void
  isPending?: boolean
  /** The mutation's error (or a message already worked out), shown above the buttons. */
  error?: unknown
  isConfirmDisabled?: boolean
}

/** "Are you sure?" for anything hard to undo. Enter confirms; Escape and Cancel close. */
export function ConfirmDialog({
  opened,
  onClose,
  title,
  message,
  children,
  confirmLabel,
  confirmColor,
  onConfirm,
  isPending = false,
  error,
  isConfirmDisabled = false,
}: ConfirmDialogProps) {
  const errorText = typeof error === 'string' ? error : error ? messageOf(error) : null
  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!isPending && !isConfirmDisabled) onConfirm()
  }
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          {typeof message === 'string' ? <Text size="sm">{message}</Text> : message}
          {children}
          {errorText ? (
            <Alert color="red" icon={<IconAlertCircle aria-hidden />} role="alert">
              {errorText}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={isPending}>
              Cancel
            </Button>
            <Button type="submit" color={confirmColor} loading={isPending} disabled={isConfirmDisabled}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
