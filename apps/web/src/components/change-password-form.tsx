import { Button, PasswordInput, Stack } from '@mantine/core'
import { ZChangePasswordInput } from '@mp/api/schemas'
import { useServerForm } from '../hooks/use-server-form'
import { schemaErrors } from '../lib/schema-errors'
import { trpc } from '../lib/trpc'
import { FormAlert } from './form-alert'
import { NewPasswordInput } from './new-password-input'

type Values = { currentPassword: string; newPassword: string; confirmPassword: string }

const INITIAL: Values = { currentPassword: '', newPassword: '', confirmPassword: '' }
const FIELDS = ['currentPassword', 'newPassword'] as const

/** auth.changePassword's input; the form checks it with the server's own schema first. */
function toInput(values: Values) {
  return { currentPassword: values.currentPassword, newPassword: values.newPassword }
}

// Business errors from auth.changePassword that belong under a field rather than above the form.
const REASON_FIELDS = {
  WRONG_CURRENT_PASSWORD: 'currentPassword',
  SAME_PASSWORD: 'newPassword',
  TOO_SHORT: 'newPassword',
  TOO_LONG: 'newPassword',
  TOO_COMMON: 'newPassword',
  CONTAINS_EMAIL: 'newPassword',
} as const

/**
 * Current password, new password (with a strength hint) and confirmation. Used by the forced change
 * after a one-time password and by Settings → Password. The server signs out every other session.
 */
export function ChangePasswordForm({
  email,
  currentLabel = 'Current password',
  submitLabel = 'Change password',
  onChanged,
}: {
  email: string
  currentLabel?: string
  submitLabel?: string
  onChanged: () => void
}) {
  const changePassword = trpc.auth.changePassword.useMutation()
  const form = useServerForm<Values>({
    initialValues: INITIAL,
    serverError: changePassword.error,
    reasonFields: REASON_FIELDS,
    validate: (values) => ({
      ...schemaErrors(ZChangePasswordInput, toInput(values), FIELDS),
      confirmPassword:
        values.confirmPassword === values.newPassword ? undefined : 'The two new passwords do not match',
    }),
  })

  return (
    <form
      noValidate
      aria-label={submitLabel}
      onSubmit={form.onSubmit((values) => {
        changePassword.mutate(toInput(values), {
          onSuccess: () => {
            form.reset()
            onChanged()
          },
        })
      })}
    >
      <Stack gap="md">
        <FormAlert title="Your password was not changed" message={form.formError} />
        {/* The account name lets password managers file the new password under the right login. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <PasswordInput
          label={currentLabel}
          name="current-password"
          autoComplete="current-password"
          required
          {...form.text('currentPassword')}
        />
        <NewPasswordInput email={email} {...form.text('newPassword')} />
        <PasswordInput
          label="Confirm new password"
          name="confirm-password"
          autoComplete="new-password"
          required
          {...form.text('confirmPassword')}
        />
        <Button type="submit" loading={changePassword.isPending}>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  )
}
