import {
  Alert,
  Button,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core'
import { IconLock } from '@tabler/icons-react'
import { useCurrentUser } from '../../auth/current-user'
import { FormAlert } from '../../components/form-alert'
import { QueryView } from '../../components/states'
import { useServerForm } from '../../hooks/use-server-form'
import { notifySuccess } from '../../lib/notify'
import { trpc, type RouterOutputs } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import { SettingsSection } from './settings-section'

export type CompanySettingsData = RouterOutputs['settings']['get']

const DATE_FORMATS = [
  { value: 'DD/MM/YYYY', label: 'DD/MM/YYYY (31/01/2026)' },
  { value: 'MM/DD/YYYY', label: 'MM/DD/YYYY (01/31/2026)' },
  { value: 'YYYY-MM-DD', label: 'YYYY-MM-DD (2026-01-31)' },
] as const
type DateFormat = (typeof DATE_FORMATS)[number]['value']

function isDateFormat(value: string): value is DateFormat {
  return DATE_FORMATS.some((format) => format.value === value)
}

/** Every IANA zone the browser knows, with the current one kept even if it does not. */
function timeZoneOptions(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  return zones.includes(current) ? zones : [current, ...zones]
}

export function CompanySettings() {
  const settings = trpc.settings.get.useQuery()
  return (
    <SettingsSection
      title="Company"
      description="Who you are, and the rules every loan follows: date format, timezone and arrears thresholds."
    >
      <QueryView
        query={settings}
        errorTitle="Could not load company settings"
        loading={
          <Stack gap="md" aria-busy>
            <Skeleton height={60} />
            <Skeleton height={60} />
            <Skeleton height={60} />
          </Stack>
        }
      >
        {(data) => <CompanyForm key={data.updatedAt.toISOString()} settings={data} />}
      </QueryView>
    </SettingsSection>
  )
}

type Values = {
  name: string
  contactEmail: string
  contactPhone: string
  address: string
  dateFormat: string
  timezone: string
  defaultAfterDaysPastDue: number | string
  penaltyGraceDays: number | string
}

function CompanyForm({ settings }: { settings: CompanySettingsData }) {
  const me = useCurrentUser()
  const isAdmin = me.role === 'ADMIN'
  const format = useCompanyFormat()
  const utils = trpc.useUtils()
  const update = trpc.settings.update.useMutation()
  const form = useServerForm<Values>({
    initialValues: {
      name: settings.name,
      contactEmail: settings.contactEmail ?? '',
      contactPhone: settings.contactPhone ?? '',
      address: settings.address ?? '',
      dateFormat: settings.dateFormat,
      timezone: settings.timezone,
      defaultAfterDaysPastDue: settings.defaultAfterDaysPastDue,
      penaltyGraceDays: settings.penaltyGraceDays,
    },
    serverError: update.error,
    validate: (values) => ({
      name: values.name.trim() ? undefined : 'Enter the company name',
      defaultAfterDaysPastDue:
        typeof values.defaultAfterDaysPastDue === 'number'
          ? undefined
          : 'Enter a number of days from 1 to 3650',
      penaltyGraceDays:
        typeof values.penaltyGraceDays === 'number' ? undefined : 'Enter a number of days from 0 to 365',
    }),
  })
  const readOnly = !isAdmin

  return (
    <form
      noValidate
      aria-label="Company settings"
      onSubmit={form.onSubmit((values) => {
        if (!isDateFormat(values.dateFormat)) return
        update.mutate(
          {
            name: values.name.trim(),
            contactEmail: values.contactEmail.trim() || null,
            contactPhone: values.contactPhone.trim() || null,
            address: values.address.trim() || null,
            dateFormat: values.dateFormat,
            timezone: values.timezone,
            defaultAfterDaysPastDue: Number(values.defaultAfterDaysPastDue),
            penaltyGraceDays: Number(values.penaltyGraceDays),
          },
          {
            onSuccess: () => {
              notifySuccess('Company settings saved')
              void Promise.all([utils.settings.get.invalidate(), utils.settings.public.invalidate()])
            },
          },
        )
      })}
    >
      <Stack gap="md">
        {readOnly ? (
          <Alert color="gray" icon={<IconLock aria-hidden />}>
            Only administrators can change company settings.
          </Alert>
        ) : null}
        <FormAlert title="Company settings were not saved" message={form.formError} />
        <TextInput label="Company name" required readOnly={readOnly} {...form.text('name')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Contact email" type="email" readOnly={readOnly} {...form.text('contactEmail')} />
          <TextInput label="Contact phone" type="tel" readOnly={readOnly} {...form.text('contactPhone')} />
        </SimpleGrid>
        <Textarea label="Address" autosize minRows={2} readOnly={readOnly} {...form.text('address')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Date format"
            data={DATE_FORMATS}
            value={form.values.dateFormat}
            onChange={(value) => {
              if (value) form.setValue('dateFormat', value)
            }}
            error={form.errorOf('dateFormat')}
            allowDeselect={false}
            readOnly={readOnly}
          />
          <Select
            label="Timezone"
            description="Decides what “today” and “overdue” mean."
            data={timeZoneOptions(settings.timezone)}
            value={form.values.timezone}
            onChange={(value) => {
              if (value) form.setValue('timezone', value)
            }}
            error={form.errorOf('timezone')}
            allowDeselect={false}
            searchable
            readOnly={readOnly}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label="Days past due before default"
            description="A loan this many days overdue becomes DEFAULTED."
            min={1}
            max={3650}
            allowDecimal={false}
            allowNegative={false}
            value={form.values.defaultAfterDaysPastDue}
            onChange={(value) => {
              form.setValue('defaultAfterDaysPastDue', value)
            }}
            error={form.errorOf('defaultAfterDaysPastDue')}
            readOnly={readOnly}
          />
          <NumberInput
            label="Penalty grace days"
            description="Days after a due date before penalties start."
            min={0}
            max={365}
            allowDecimal={false}
            allowNegative={false}
            value={form.values.penaltyGraceDays}
            onChange={(value) => {
              form.setValue('penaltyGraceDays', value)
            }}
            error={form.errorOf('penaltyGraceDays')}
            readOnly={readOnly}
          />
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          Currency: {settings.currency} ({settings.currencySymbol}). Last changed{' '}
          {format.dateTime(settings.updatedAt)}.
        </Text>
        {isAdmin ? (
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending}>
              Save company settings
            </Button>
          </Group>
        ) : null}
      </Stack>
    </form>
  )
}
