import { Alert, Button, Group, Skeleton, Stack, Switch, Text, Textarea } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useState } from 'react'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { QueryView } from '../../components/states'
import { mapServerErrors } from '../../lib/errors'
import { notifySuccess } from '../../lib/notify'
import { trpc } from '../../lib/trpc'
import type { CompanySettingsData } from './company-settings'
import { SettingsSection } from './settings-section'

/** Admin: switch maintenance mode (docs/product.md §8). Other staff then see "Under maintenance" and cannot save. */
export function MaintenanceSettings() {
  const settings = trpc.settings.get.useQuery()
  return (
    <SettingsSection
      title="Maintenance mode"
      description="While it is on, other staff see an “Under maintenance” page and cannot change anything. Administrators keep working."
    >
      <QueryView
        query={settings}
        errorTitle="Could not load maintenance mode"
        loading={<Skeleton height={160} />}
      >
        {(data) => <MaintenanceForm key={data.updatedAt.toISOString()} settings={data} />}
      </QueryView>
    </SettingsSection>
  )
}

function MaintenanceForm({ settings }: { settings: CompanySettingsData }) {
  const utils = trpc.useUtils()
  const setMaintenance = trpc.settings.setMaintenance.useMutation()
  const [message, setMessage] = useState(settings.maintenanceMessage ?? '')
  const [pending, setPending] = useState<boolean | null>(null)
  const isOn = settings.isMaintenanceMode
  const server = mapServerErrors(setMaintenance.error, ['message'])

  function save(isMaintenanceMode: boolean) {
    setMaintenance.mutate(
      { isMaintenanceMode, message: message.trim() || null },
      {
        onSuccess: (result) => {
          setPending(null)
          notifySuccess(
            result.isMaintenanceMode === isOn
              ? 'Maintenance message saved'
              : result.isMaintenanceMode
                ? 'Maintenance mode is on. Other staff now see the maintenance page.'
                : 'Maintenance mode is off. Everyone can work again.',
          )
          void Promise.all([utils.settings.get.invalidate(), utils.settings.public.invalidate()])
        },
      },
    )
  }

  return (
    <Stack gap="md">
      {isOn ? (
        <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} title="Maintenance mode is on">
          Other staff cannot work until you turn it off.
        </Alert>
      ) : null}
      <Switch
        label="Maintenance mode"
        description={isOn ? 'On: only administrators can work.' : 'Off: everyone can work.'}
        checked={isOn}
        size="md"
        onChange={(event) => {
          setPending(event.currentTarget.checked)
        }}
        disabled={setMaintenance.isPending}
      />
      <Textarea
        label="Message for staff"
        description="Shown on the maintenance page and the sign-in page. Leave empty for a standard message."
        placeholder="The loan office is being updated. Please try again at 3 pm."
        autosize
        minRows={2}
        maxLength={500}
        value={message}
        error={server.fieldErrors.message}
        onChange={(event) => {
          setMessage(event.currentTarget.value)
        }}
      />
      {server.formError && pending === null ? (
        <Alert color="red" role="alert">
          {server.formError}
        </Alert>
      ) : null}
      {isOn ? (
        <Group justify="flex-end">
          <Button
            variant="default"
            loading={setMaintenance.isPending && pending === null}
            disabled={message.trim() === (settings.maintenanceMessage ?? '')}
            onClick={() => {
              save(true)
            }}
          >
            Save message
          </Button>
        </Group>
      ) : null}
      <Text size="xs" c="dimmed">
        Every change is recorded in the audit log.
      </Text>

      <ConfirmDialog
        opened={pending !== null}
        onClose={() => {
          setPending(null)
          setMaintenance.reset()
        }}
        title={pending ? 'Turn on maintenance mode?' : 'Turn off maintenance mode?'}
        message={
          pending
            ? 'Other staff are shown the maintenance page at once and any change they try to save is refused. You and other administrators keep working.'
            : 'Everyone can sign in and work again.'
        }
        confirmLabel={pending ? 'Turn on maintenance mode' : 'Turn off maintenance mode'}
        confirmColor={pending ? 'orange' : undefined}
        isPending={setMaintenance.isPending}
        error={server.formError}
        onConfirm={() => {
          if (pending !== null) save(pending)
        }}
      />
    </Stack>
  )
}
