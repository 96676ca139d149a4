import { PasswordInput, Progress, Stack, Text } from '@mantine/core'
import type { ChangeEvent } from 'react'
import { passwordStrength } from '../lib/password'

const COLORS = ['red', 'red', 'orange', 'yellow', 'green'] as const

/** A new-password field with a strength hint under it; the server's policy is the real check. */
export function NewPasswordInput({
  label = 'New password',
  value,
  onChange,
  error,
  email,
}: {
  label?: string
  value: string
  onChange: (event: ChangeEvent<HTMLInputElement>) => void
  error: string | undefined
  /** The account's email: a password containing it is refused. */
  email?: string
}) {
  const strength = passwordStrength(value, { email })
  const hintId = 'new-password-hint'
  return (
    <Stack gap={6}>
      <PasswordInput
        label={label}
        name="new-password"
        autoComplete="new-password"
        required
        value={value}
        onChange={onChange}
        error={error}
        description="At least 8 characters. Not a common password, and not your email address."
      />
      {value ? (
        <Stack gap={4} id={hintId}>
          <Progress
            value={strength.problem ? 10 : strength.score * 25}
            color={strength.problem ? 'red' : COLORS[strength.score]}
            size="sm"
            aria-label="Password strength"
          />
          <Text size="xs" c="dimmed" aria-live="polite">
            Strength: {strength.problem ? strength.problem : strength.label}
          </Text>
        </Stack>
      ) : null}
    </Stack>
  )
}
