import '../styles/full'
import { Alert, Button, PasswordInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core'
import { ZFirstAdminInput } from '@mp/api/schemas'
import { IconInfoCircle } from '@tabler/icons-react'
import { Navigate, useNavigate } from 'react-router'
import { SIGN_IN_PATH } from '../auth/paths'
import { AuthCard } from '../components/auth-card'
import { FormAlert } from '../components/form-alert'
import { NewPasswordInput } from '../components/new-password-input'
import { ErrorState, LoadingState } from '../components/states'
import { useServerForm } from '../hooks/use-server-form'
import { notifySuccess } from '../lib/notify'
import { schemaErrors } from '../lib/schema-errors'
import { trpc } from '../lib/trpc'

type Values = {
  email: string
  firstName: string
  lastName: string
  password: string
  confirmPassword: string
}

const INITIAL: Values = { email: '', firstName: '', lastName: '', password: '', confirmPassword: '' }
const FIELDS = ['email', 'firstName', 'lastName', 'password'] as const

/** setup.createFirstAdmin's input: what the server checks, and what the form checks first with the same schema. */
function toInput(values: Values) {
  return {
    email: values.email.trim(),
    firstName: values.firstName.trim(),
    lastName: values.lastName.trim(),
    password: values.password,
  }
}

const REASON_FIELDS = {
  TOO_SHORT: 'password',
  TOO_LONG: 'password',
  TOO_COMMON: 'password',
  CONTAINS_EMAIL: 'password',
} as const

/**
 * The one-time setup screen (docs/product.md §1): creates the first administrator on an empty database. Once an
 * admin exists the server refuses it and this route sends everyone to sign-in.
 */
export function SetupPage() {
  const status = trpc.setup.status.useQuery(undefined, { staleTime: 0 })

  if (status.data === undefined) {
    if (status.error) {
      return (
        <ErrorState
          isFullPage
          title="Could not check whether setup is needed"
          error={status.error}
          isRetrying={status.isFetching}
          onRetry={() => void status.refetch()}
        />
      )
    }
    return <LoadingState isFullPage label="Checking setup…" />
  }
  if (!status.data.isSetupRequired) return <Navigate to={SIGN_IN_PATH} replace />
  return <SetupForm />
}

function SetupForm() {
  const utils = trpc.useUtils()
  const navigate = useNavigate()
  const createFirstAdmin = trpc.setup.createFirstAdmin.useMutation()
  const form = useServerForm<Values>({
    initialValues: INITIAL,
    serverError: createFirstAdmin.error,
    reasonFields: REASON_FIELDS,
    validate: (values) => ({
      ...schemaErrors(ZFirstAdminInput, toInput(values), FIELDS),
      confirmPassword:
        values.confirmPassword === values.password ? undefined : 'The two passwords do not match',
    }),
  })

  return (
    <AuthCard page="Set up" title="Set up the loan office" width={520}>
      <Alert color="blue" icon={<IconInfoCircle aria-hidden />}>
        No administrator exists yet. Create the first one: it can then add every other member of staff. This
        page disappears once it is done.
      </Alert>
      <FormAlert title="Could not create the administrator" message={form.formError} />
      <form
        noValidate
        aria-label="Create the first administrator"
        onSubmit={form.onSubmit((values) => {
          createFirstAdmin.mutate(toInput(values), {
            onSuccess: (user) => {
              utils.auth.me.setData(undefined, user)
              utils.setup.status.setData(undefined, { isSetupRequired: false })
              notifySuccess(`Welcome, ${user.firstName}. You are the administrator.`, 'Setup complete')
              void navigate('/', { replace: true })
              void utils.auth.me.invalidate()
            },
          })
        })}
      >
        <Stack gap="md">
          <TextInput
            label="Email address"
            type="email"
            autoComplete="username"
            required
            {...form.text('email')}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput label="First name" autoComplete="given-name" required {...form.text('firstName')} />
            <TextInput label="Last name" autoComplete="family-name" required {...form.text('lastName')} />
          </SimpleGrid>
          <NewPasswordInput label="Password" email={form.values.email} {...form.text('password')} />
          <PasswordInput
            label="Confirm password"
            autoComplete="new-password"
            required
            {...form.text('confirmPassword')}
          />
          <Text size="xs" c="dimmed">
            You will be signed in as this administrator straight away.
          </Text>
          <Button type="submit" fullWidth loading={createFirstAdmin.isPending}>
            Create administrator
          </Button>
        </Stack>
      </form>
    </AuthCard>
  )
}
