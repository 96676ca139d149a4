import {
  Alert,
  Box,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { IconInfoCircle } from '@tabler/icons-react'
import { Navigate, useNavigate } from 'react-router'
import { SIGN_IN_PATH } from '../auth/paths'
import { Brand } from '../components/brand'
import { ColorSchemeToggle } from '../components/color-scheme-toggle'
import { DocumentTitle } from '../components/document-title'
import { FormAlert } from '../components/form-alert'
import { NewPasswordInput } from '../components/new-password-input'
import { ErrorState, LoadingState } from '../components/states'
import { useServerForm } from '../hooks/use-server-form'
import { notifySuccess } from '../lib/notify'
import { trpc } from '../lib/trpc'

type Values = {
  email: string
  firstName: string
  lastName: string
  password: string
  confirmPassword: string
}

const INITIAL: Values = { email: '', firstName: '', lastName: '', password: '', confirmPassword: '' }

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
      email: values.email.trim() ? undefined : 'Enter your email address',
      firstName: values.firstName.trim() ? undefined : 'Enter your first name',
      lastName: values.lastName.trim() ? undefined : 'Enter your last name',
      password: values.password ? undefined : 'Choose a password',
      confirmPassword:
        values.confirmPassword === values.password ? undefined : 'The two passwords do not match',
    }),
  })

  return (
    <Box mih="100dvh" p="md">
      <DocumentTitle page="Set up" />
      <Group justify="flex-end">
        <ColorSchemeToggle />
      </Group>
      <Center mih="calc(100dvh - 6rem)">
        <Paper withBorder shadow="sm" radius="lg" p={{ base: 'lg', sm: 'xl' }} w="100%" maw={520}>
          <Stack gap="lg">
            <Stack gap="xs" align="center">
              <Brand size="lg" />
              <Title order={1} size="h3" ta="center">
                Set up the loan office
              </Title>
            </Stack>
            <Alert color="blue" icon={<IconInfoCircle aria-hidden />}>
              No administrator exists yet. Create the first one: it can then add every other member of staff.
              This page disappears once it is done.
            </Alert>
            <FormAlert title="Could not create the administrator" message={form.formError} />
            <form
              noValidate
              aria-label="Create the first administrator"
              onSubmit={form.onSubmit((values) => {
                createFirstAdmin.mutate(
                  {
                    email: values.email.trim(),
                    firstName: values.firstName.trim(),
                    lastName: values.lastName.trim(),
                    password: values.password,
                  },
                  {
                    onSuccess: (user) => {
                      utils.auth.me.setData(undefined, user)
                      utils.setup.status.setData(undefined, { isSetupRequired: false })
                      notifySuccess(
                        `Welcome, ${user.firstName}. You are the administrator.`,
                        'Setup complete',
                      )
                      void navigate('/', { replace: true })
                      void utils.auth.me.invalidate()
                    },
                  },
                )
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
                  <TextInput
                    label="First name"
                    autoComplete="given-name"
                    required
                    {...form.text('firstName')}
                  />
                  <TextInput
                    label="Last name"
                    autoComplete="family-name"
                    required
                    {...form.text('lastName')}
                  />
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
          </Stack>
        </Paper>
      </Center>
    </Box>
  )
}
