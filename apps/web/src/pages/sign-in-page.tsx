import {
  Alert,
  Box,
  Button,
  Center,
  Checkbox,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { IconAlertCircle, IconInfoCircle } from '@tabler/icons-react'
import { useState, type SubmitEvent } from 'react'
import { Navigate, useLocation, useNavigate } from 'react-router'
import { returnPathFrom } from '../auth/guards'
import { SETUP_PATH } from '../auth/paths'
import { Brand } from '../components/brand'
import { ColorSchemeToggle } from '../components/color-scheme-toggle'
import { DocumentTitle } from '../components/document-title'
import { fieldErrorsOf, messageOf } from '../lib/errors'
import { trpc } from '../lib/trpc'

export function SignInPage() {
  const utils = trpc.useUtils()
  const navigate = useNavigate()
  const location = useLocation()
  const settings = trpc.settings.public.useQuery()
  // On an empty database nobody can sign in yet: the first administrator is created on /setup.
  const setup = trpc.setup.status.useQuery()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [isRemembered, setIsRemembered] = useState(false)

  const signIn = trpc.auth.signIn.useMutation({
    onSuccess: async (user) => {
      // Seed the cache so the shell renders at once, then confirm against the server: if the session
      // cookie did not stick (e.g. a Secure cookie over plain http), auth.me answers null and the
      // guard brings the user back here rather than into a shell whose every call fails.
      utils.auth.me.setData(undefined, user)
      await navigate(returnPathFrom(location.state), { replace: true })
      await utils.auth.me.invalidate()
    },
  })

  const fieldErrors = fieldErrorsOf(signIn.error)
  const hasFieldErrors = fieldErrors.email !== undefined || fieldErrors.password !== undefined
  // Field problems show under their fields; everything else (wrong password, lockout, deactivated,
  // server unreachable) in one alert above the form.
  const formError = signIn.error && !hasFieldErrors ? messageOf(signIn.error) : null

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault()
    signIn.mutate({ email, password, rememberMe: isRemembered })
  }

  function clearErrors() {
    if (signIn.error) signIn.reset()
  }

  if (setup.data?.isSetupRequired) return <Navigate to={SETUP_PATH} replace />

  return (
    <Box mih="100dvh" p="md">
      <DocumentTitle page="Sign in" />
      <Group justify="flex-end">
        <ColorSchemeToggle />
      </Group>
      <Center mih="calc(100dvh - 6rem)">
        <Paper withBorder shadow="sm" radius="lg" p={{ base: 'lg', sm: 'xl' }} w="100%" maw={420}>
          <Stack gap="lg">
            <Stack gap="xs" align="center">
              <Brand size="lg" />
              <Title order={1} size="h3" ta="center">
                Sign in
              </Title>
              <Text size="sm" c="dimmed" ta="center">
                Staff access only. Your administrator gives you your account.
              </Text>
            </Stack>

            {settings.data?.isMaintenanceMode ? (
              <Alert color="yellow" icon={<IconInfoCircle aria-hidden />} title="Under maintenance">
                {settings.data.maintenanceMessage ??
                  'The loan office is being updated. Only administrators can work until it is finished.'}
              </Alert>
            ) : null}

            {formError ? (
              <Alert
                color="red"
                icon={<IconAlertCircle aria-hidden />}
                role="alert"
                title="Could not sign you in"
              >
                {formError}
              </Alert>
            ) : null}

            <form onSubmit={handleSubmit} noValidate aria-label="Sign in">
              <Stack gap="md">
                <TextInput
                  label="Email address"
                  type="email"
                  name="email"
                  autoComplete="username"
                  required
                  // The page exists to sign in: the cursor starts in the email field.
                  autoFocus
                  value={email}
                  error={fieldErrors.email}
                  onChange={(event) => {
                    setEmail(event.currentTarget.value)
                    clearErrors()
                  }}
                />
                <PasswordInput
                  label="Password"
                  name="password"
                  autoComplete="current-password"
                  required
                  value={password}
                  error={fieldErrors.password}
                  onChange={(event) => {
                    setPassword(event.currentTarget.value)
                    clearErrors()
                  }}
                />
                <Checkbox
                  label="Remember me"
                  description="Stay signed in on this device. Leave unticked on a shared computer."
                  name="rememberMe"
                  checked={isRemembered}
                  onChange={(event) => {
                    setIsRemembered(event.currentTarget.checked)
                  }}
                />
                <Button type="submit" fullWidth loading={signIn.isPending} disabled={signIn.isPending}>
                  Sign in
                </Button>
              </Stack>
            </form>
          </Stack>
        </Paper>
      </Center>
    </Box>
  )
}
