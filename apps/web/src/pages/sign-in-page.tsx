import { Alert, Button, Checkbox, PasswordInput, Stack, TextInput } from '@mantine/core'
import type * as ServerSchemas from '@mp/api/schemas'
import { IconAlertCircle, IconInfoCircle } from '@tabler/icons-react'
import { useState, type SubmitEvent } from 'react'
import { Navigate, useLocation, useNavigate } from 'react-router'
import { returnPathFrom } from '../auth/guards'
import { SETUP_PATH } from '../auth/paths'
import { AuthCard } from '../components/auth-card'
import { fieldErrorsOf, messageOf } from '../lib/errors'
import { schemaErrors } from '../lib/schema-errors'
import { trpc } from '../lib/trpc'

const FIELDS = ['email', 'password'] as const
type Field = (typeof FIELDS)[number]

type Schemas = typeof ServerSchemas
// The server's schemas (and zod with them) are not part of the form's download: the sign-in page is the
// first download on a phone and stays within its budget (docs/benchmarks.md). They load once the
// visitor starts typing, so by Sign in they are here.
let schemas: Schemas | null = null
let schemasLoading: Promise<Schemas | null> | null = null
/** The schemas, loading them once; null when they could not be loaded (the next call tries again). */
function loadSchemas(): Promise<Schemas | null> {
  schemasLoading ??= import('@mp/api/schemas').then(
    (module) => (schemas = module),
    () => {
      schemasLoading = null
      return null
    },
  )
  return schemasLoading
}

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
  // The server's own input rules (@mp/api/schemas), checked before anything is sent.
  const [clientErrors, setClientErrors] = useState<Partial<Record<Field, string>>>({})

  const signIn = trpc.auth.signIn.useMutation({
    onSuccess: async (user) => {
      // Seed the cache so the shell renders at once, then confirm against the server: if the session
      // cookie did not stick (e.g. a Secure cookie over plain http), auth.me answers null and the
      // guard brings the user back here rather than into a shell whose every call fails.
      utils.auth.me.setData(undefined, user)
      const next = returnPathFrom(location.state)
      // The dashboard's figures are asked for now, while the shell draws, not once it has drawn (not
      // for a user who must first replace a one-time password: the server would refuse them).
      if (next === '/' && !user.mustChangePassword)
        void import('./dashboard-page').then(({ prefetchDashboard }) => {
          prefetchDashboard(utils, user.role)
        })
      await navigate(next, { replace: true })
      await utils.auth.me.invalidate()
    },
  })

  const serverErrors = fieldErrorsOf(signIn.error)
  const fieldErrors = {
    email: clientErrors.email ?? serverErrors.email,
    password: clientErrors.password ?? serverErrors.password,
  }
  const hasFieldErrors = fieldErrors.email !== undefined || fieldErrors.password !== undefined
  // Field problems show under their fields; everything else (wrong password, lockout, deactivated,
  // server unreachable) in one alert above the form.
  const formError = signIn.error && !hasFieldErrors ? messageOf(signIn.error) : null

  async function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault()
    const input = { email, password, rememberMe: isRemembered }
    // Checked with the server's own rules before anything is sent. They started loading with the first
    // keystroke, so here they are (or nearly); should the load fail, the server checks the same rules and
    // its answer shows under the same fields.
    const rules = schemas ?? (await loadSchemas())
    const errors = rules ? schemaErrors(rules.ZSignInInput, input, FIELDS) : {}
    setClientErrors(errors)
    if (Object.keys(errors).length > 0) return
    signIn.mutate(input)
  }

  function clearErrors(field: Field) {
    if (signIn.error) signIn.reset()
    if (clientErrors[field] !== undefined) setClientErrors((current) => ({ ...current, [field]: undefined }))
  }

  if (setup.data?.isSetupRequired) return <Navigate to={SETUP_PATH} replace />

  return (
    <AuthCard
      page="Sign in"
      title="Sign in"
      description="Staff access only. Your administrator gives you your account."
      width={420}
    >
      {settings.data?.isMaintenanceMode ? (
        <Alert color="yellow" icon={<IconInfoCircle aria-hidden />} title="Under maintenance">
          {settings.data.maintenanceMessage ??
            'The loan office is being updated. Only administrators can work until it is finished.'}
        </Alert>
      ) : null}

      {formError ? (
        <Alert color="red" icon={<IconAlertCircle aria-hidden />} role="alert" title="Could not sign you in">
          {formError}
        </Alert>
      ) : null}

      <form
        onSubmit={(event) => void handleSubmit(event)}
        onInputCapture={() => void loadSchemas()}
        noValidate
        aria-label="Sign in"
      >
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
              clearErrors('email')
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
              clearErrors('password')
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
    </AuthCard>
  )
}
