import { Alert, Button, Group, SimpleGrid, Skeleton, Stack, TextInput } from '@mantine/core'
import { ZWaiverLimitsInput, type TWaiverLimitsInput } from '@mp/api/schemas'
import { formatNaira, isDomainError, parseNaira } from '@mp/domain'
import { IconLock } from '@tabler/icons-react'
import { useState } from 'react'
import { useCurrentUser } from '../../auth/current-user'
import { FormAlert } from '../../components/form-alert'
import { QueryView } from '../../components/states'
import { mapServerErrors } from '../../lib/errors'
import { koboToNaira } from '../../lib/loan-type-form'
import { notifySuccess } from '../../lib/notify'
import { schemaErrors } from '../../lib/schema-errors'
import { trpc, type RouterOutputs } from '../../lib/trpc'
import { SettingsSection } from './settings-section'

/**
 * Settings → Waiver limits (docs/lending.md "Waivers"): the most a supervisor or an admin may approve in
 * one waiver. Everyone reads them (an officer knows whom to ask); only admins change them.
 */
type Limits = RouterOutputs['loanChange']['waiverLimits']

/** The roles that may approve a change (loanChange.approve is for supervisors and admins). */
const ROLES = [
  { role: 'SUPERVISOR', label: 'Supervisor limit', who: 'supervisors' },
  { role: 'ADMIN', label: 'Admin limit', who: 'admins' },
] as const
type Role = (typeof ROLES)[number]['role']
const FIELDS: readonly Role[] = ROLES.map((entry) => entry.role)

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

type Texts = Record<Role, string>

/**
 * What the admin typed, as the server's input: naira read exactly into kobo by the domain (never a
 * float), an empty field left out (that role may not approve waivers). A limit the form does not show
 * (credit officers') is sent back unchanged, since the setting is saved whole.
 */
function limitsInput(
  texts: Texts,
  current: Limits,
): { input: TWaiverLimitsInput; errors: Partial<Record<Role, string>> } {
  const input: TWaiverLimitsInput = {}
  const errors: Partial<Record<Role, string>> = {}
  if (current.CREDIT_OFFICER !== undefined) input.CREDIT_OFFICER = current.CREDIT_OFFICER
  for (const { role, label } of ROLES) {
    const text = texts[role].trim()
    if (text === '') continue
    try {
      input[role] = parseNaira(text, { field: label })
    } catch (error) {
      if (!isDomainError(error)) throw error
      // The domain's words: "… must be an amount in naira such as 1,234.56", "at most 2 decimal places".
      errors[role] = error.message
    }
  }
  // The server's own rules in its words (lib/schema-errors.ts), before anything is sent.
  const schema = schemaErrors(ZWaiverLimitsInput, input, FIELDS)
  return { input, errors: { ...schema, ...errors } }
}

function WaiverLimitsForm({ limits }: { limits: Limits }) {
  const me = useCurrentUser()
  const isAdmin = me.role === 'ADMIN'
  const utils = trpc.useUtils()
  const save = trpc.loanChange.setWaiverLimits.useMutation()
  const [texts, setTexts] = useState<Texts>({
    SUPERVISOR: limits.SUPERVISOR === undefined ? '' : koboToNaira(limits.SUPERVISOR),
    ADMIN: limits.ADMIN === undefined ? '' : koboToNaira(limits.ADMIN),
  })
  const [errors, setErrors] = useState<Partial<Record<Role, string>>>({})
  const server = mapServerErrors(save.error, FIELDS)

  return (
    <form
      noValidate
      aria-label="Waiver limits"
      onSubmit={(event) => {
        event.preventDefault()
        const checked = limitsInput(texts, limits)
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
          {ROLES.map(({ role, label, who }) => (
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
