import { Button, Group, SimpleGrid, Stack, TextInput } from '@mantine/core'
import { ZUpdateProfileInput } from '@mp/api/schemas'
import { useCurrentUser } from '../../auth/current-user'
import { FormAlert } from '../../components/form-alert'
import { useServerForm } from '../../hooks/use-server-form'
import { notifySuccess } from '../../lib/notify'
import { roleLabel } from '../../lib/roles'
import { schemaErrors } from '../../lib/schema-errors'
import { trpc, type CurrentUser } from '../../lib/trpc'
import { SettingsSection } from './settings-section'

type Values = { firstName: string; lastName: string; phone: string }
const FIELDS = ['firstName', 'lastName', 'phone'] as const

/** auth.updateProfile's input; the form checks it with the server's own schema first. */
function toInput(values: Values) {
  return {
    firstName: values.firstName.trim(),
    lastName: values.lastName.trim(),
    phone: values.phone.trim() || null,
  }
}

export function ProfileSettings() {
  const me = useCurrentUser()
  const { phone } = me
  return (
    <SettingsSection
      title="Profile"
      description={`Your name and phone as other staff see them. You are signed in as ${me.email} (${roleLabel(me.role)}).`}
    >
      <ProfileForm me={me} phone={phone} />
    </SettingsSection>
  )
}

function ProfileForm({ me, phone }: { me: CurrentUser; phone: string | null | undefined }) {
  const utils = trpc.useUtils()
  const update = trpc.auth.updateProfile.useMutation()
  const form = useServerForm<Values>({
    initialValues: { firstName: me.firstName, lastName: me.lastName, phone: phone ?? '' },
    serverError: update.error,
    validate: (values) => schemaErrors(ZUpdateProfileInput, toInput(values), FIELDS),
  })

  return (
    <form
      noValidate
      aria-label="Profile"
      onSubmit={form.onSubmit((values) => {
        update.mutate(toInput(values), {
          onSuccess: (updated) => {
            form.reset({
              firstName: updated.firstName,
              lastName: updated.lastName,
              phone: updated.phone ?? '',
            })
            notifySuccess('Your profile was saved')
            void Promise.all([utils.auth.me.invalidate(), utils.staff.invalidate()])
          },
        })
      })}
    >
      <Stack gap="md">
        <FormAlert title="Your profile was not saved" message={form.formError} />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput label="First name" autoComplete="given-name" required {...form.text('firstName')} />
          <TextInput label="Last name" autoComplete="family-name" required {...form.text('lastName')} />
        </SimpleGrid>
        <TextInput
          label="Phone number"
          type="tel"
          autoComplete="tel"
          placeholder="0803 123 4567"
          description={
            phone === undefined
              ? 'Leave empty to remove your phone number.'
              : 'A Nigerian number, e.g. 0803 123 4567.'
          }
          {...form.text('phone')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending}>
            Save profile
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
