import { Alert, Button, Group, SimpleGrid, Skeleton, Stack, TextInput } from '@mantine/core'
import { formatNaira } from '@mp/domain'
import { IconLock } from '@tabler/icons-react'
import { useState } from 'react'
import { useCurrentUser } from '../../auth/current-user'
import { FormAlert } from '../../components/form-alert'
import { QueryView } from '../../components/states'
import { mapServerErrors } from '../../lib/errors'
import { notifySuccess } from '../../lib/notify'
import { trpc, type RouterOutputs } from '../../lib/trpc'
import {
  WAIVER_LIMIT_FIELDS,
  WAIVER_LIMIT_ROLES,
  waiverLimitsInput,
  waiverLimitTexts,
  type WaiverLimitRole,
  type WaiverLimitTexts,
} from '../../lib/waiver-limits'
import { SettingsSection } from './settings-section'

type Limits = RouterOutputs['loanChange']['waiverLimits']

/**
 * Settings → Waiver limits (docs/lending.md "Waivers"): the most a supervisor or an admin may approve in
 * one waiver. Everyone reads them (an officer knows whom to ask); only admins change them.
 */
export function WaiverLimitsSettings() {
  const query = trpc.loanChange.waiverLimits.useQuery()
  return (
    <SettingsSection
      title="Waiver limits"
      description="The most one person of each role may approve in a single waiver (penalties and interest together); a bigger waiver needs someone with a higher limit."
    >
      <QueryView
        query={query}
        errorTitle="Could not load the waiver limits"
        loading={
          <Stack gap="md" aria-busy>
            <Skeleton height={60} />
          </Stack>
        }
      >
        {(data) => <WaiverLimitsForm key={JSON.stringify(data)} limits={data} />}
      </QueryView>
    </SettingsSection>
  )
}

function WaiverLimitsForm({ limits }: { limits: Limits }) {
  const me = useCurrentUser()
  const isAdmin = me.role === 'ADMIN'
  const utils = trpc.useUtils()
  const save = trpc.loanChange.setWaiverLimits.useMutation()
  const [texts, setTexts] = useState<WaiverLimitTexts>(() => waiverLimitTexts(limits))
  const [errors, setErrors] = useState<Partial<Record<WaiverLimitRole, string>>>({})
  const server = mapServerErrors(save.error, WAIVER_LIMIT_FIELDS)

  return (
    <form
      noValidate
      aria-label="Waiver limits"
      onSubmit={(event) => {
        event.preventDefault()
        const checked = waiverLimitsInput(texts, limits)
        setErrors(checked.errors)
        if (Object.keys(checked.errors).length > 0) return
        save.mutate(checked.input, {
          onSuccess: () => {
            notifySuccess('Waiver limits saved')
            void utils.loanChange.waiverLimits.invalidate()
          },
        })
      }}
    >
      <Stack gap="md">
        {isAdmin ? null : (
          <Alert color="gray" icon={<IconLock aria-hidden />}>
            Only administrators can change the waiver limits.
          </Alert>
        )}
        <FormAlert title="The waiver limits were not saved" message={server.formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {WAIVER_LIMIT_ROLES.map(({ role, label, who }) => (
            <TextInput
              key={role}
              label={`${label} (₦)`}
              description={
                limits[role] === undefined
                  ? `Empty: ${who} may not approve waivers.`
                  : `Now ${formatNaira(limits[role])}. Empty: ${who} may not approve waivers.`
              }
              inputMode="decimal"
              placeholder="Not allowed"
              value={texts[role]}
              onChange={(event) => {
                const value = event.currentTarget.value
                setTexts((current) => ({ ...current, [role]: value }))
                setErrors((current) => ({ ...current, [role]: undefined }))
              }}
              error={errors[role] ?? server.fieldErrors[role]}
              readOnly={!isAdmin}
            />
          ))}
        </SimpleGrid>
        {isAdmin ? (
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              Save waiver limits
            </Button>
          </Group>
        ) : null}
      </Stack>
    </form>
  )
}
