import { Alert, Anchor, Checkbox, List, Stack, Text } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconAlertTriangle, IconBan } from '@tabler/icons-react'
import { Link } from 'react-router'
import { bvnProblem, compactDigits, ninProblem, phoneProblem } from '../../lib/member-rules'
import type { MemberFormValues } from '../../lib/member-form'
import { trpc, type DuplicateMatch } from '../../lib/trpc'

export type DuplicateCheck = {
  duplicates: readonly DuplicateMatch[]
  /** Same BVN or NIN: never saved (the server refuses it too). */
  isBlocked: boolean
  /** Same name and phone: saved only once the officer confirms it is a different person. */
  needsAcknowledgement: boolean
  isChecking: boolean
}

/**
 * Live duplicate detection (docs/product.md §6) while the member is typed in: same BVN, same NIN, or same name
 * and phone. Only well-formed values are sent, after a pause in typing. On the edit page (`saved`
 * given) only what changed is checked, as the server does: a member saved earlier despite a warning
 * can still be edited.
 */
export function useDuplicateCheck(
  values: MemberFormValues,
  saved?: { id: string; values: MemberFormValues },
): DuplicateCheck {
  const isChanged = (field: keyof MemberFormValues) =>
    saved === undefined || values[field].trim() !== saved.values[field].trim()
  const bvn = compactDigits(values.bvn)
  const nin = compactDigits(values.nin)
  const isNameOrPhoneChanged = isChanged('firstName') || isChanged('lastName') || isChanged('phone')
  const criteria = {
    bvn: bvn && !bvnProblem(bvn) && isChanged('bvn') ? bvn : undefined,
    nin: nin && !ninProblem(nin) && isChanged('nin') ? nin : undefined,
    firstName: isNameOrPhoneChanged ? values.firstName.trim() || undefined : undefined,
    lastName: isNameOrPhoneChanged ? values.lastName.trim() || undefined : undefined,
    phone:
      isNameOrPhoneChanged && values.phone.trim() && !phoneProblem(values.phone)
        ? values.phone.trim()
        : undefined,
    excludeId: saved?.id,
  }
  const [debounced] = useDebouncedValue(criteria, 400)
  const hasCriteria = Boolean(
    debounced.bvn ?? debounced.nin ?? (debounced.firstName && debounced.lastName && debounced.phone),
  )
  const check = trpc.member.checkDuplicates.useQuery(debounced, { enabled: hasCriteria })
  const duplicates = hasCriteria ? (check.data?.duplicates ?? []) : []
  return {
    duplicates,
    isBlocked: duplicates.some((match) => match.reason !== 'NAME_AND_PHONE'),
    needsAcknowledgement: duplicates.some((match) => match.reason === 'NAME_AND_PHONE'),
    isChecking: check.isFetching,
  }
}

const REASON_TEXT: Record<DuplicateMatch['reason'], string> = {
  BVN: 'same BVN',
  NIN: 'same NIN',
  NAME_AND_PHONE: 'same name and phone number',
}

function MatchLine({ match }: { match: DuplicateMatch }) {
  return (
    <List.Item>
      {match.isInScope && match.id ? (
        <Anchor component={Link} to={`/members/${match.id}`} target="_blank" size="sm">
          {`${match.name ?? ''} (${match.code ?? ''}), ${match.unionName ?? ''}`}
        </Anchor>
      ) : (
        // The server names no one outside the user's scope; neither does the warning.
        <Text span size="sm">
          Already registered with another team&apos;s member
        </Text>
      )}{' '}
      <Text span size="sm" c="dimmed">
        — {REASON_TEXT[match.reason]}
      </Text>
    </List.Item>
  )
}

/** The warning above a save: BVN/NIN matches block it; a name + phone match needs a tick. */
export function DuplicateWarning({
  check,
  isAcknowledged,
  onAcknowledgedChange,
}: {
  check: DuplicateCheck
  isAcknowledged: boolean
  onAcknowledgedChange: (value: boolean) => void
}) {
  if (check.duplicates.length === 0) return null
  const blocking = check.duplicates.filter((match) => match.reason !== 'NAME_AND_PHONE')
  const similar = check.duplicates.filter((match) => match.reason === 'NAME_AND_PHONE')
  return (
    <Stack gap="sm">
      {blocking.length > 0 ? (
        <Alert color="red" icon={<IconBan aria-hidden />} title="Already registered" role="alert">
          <Text size="sm" mb="xs">
            A BVN or NIN belongs to one person only. Check the number; if it is right, this person is already
            a member and cannot be registered again.
          </Text>
          <List spacing={2}>
            {blocking.map((match, index) => (
              <MatchLine key={`${match.id ?? 'elsewhere'}-${String(index)}-${match.reason}`} match={match} />
            ))}
          </List>
        </Alert>
      ) : null}
      {similar.length > 0 ? (
        <Alert
          color="yellow"
          icon={<IconAlertTriangle aria-hidden />}
          title="Possible duplicate"
          role="alert"
        >
          <Text size="sm" mb="xs">
            A member with the same name and phone number is already registered:
          </Text>
          <List spacing={2} mb="sm">
            {similar.map((match, index) => (
              <MatchLine key={`${match.id ?? 'elsewhere'}-${String(index)}-${match.reason}`} match={match} />
            ))}
          </List>
          <Checkbox
            label="I have checked: this is a different person"
            checked={isAcknowledged}
            onChange={(event) => {
              onAcknowledgedChange(event.currentTarget.checked)
            }}
          />
        </Alert>
      ) : null}
    </Stack>
  )
}
