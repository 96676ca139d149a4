import { Anchor, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core'
import { IconArrowLeft } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { FormAlert } from '../../components/form-alert'
import { PageHeader } from '../../components/page-header'
import { QueryView } from '../../components/states'
import { useServerForm } from '../../hooks/use-server-form'
import {
  identityProblems,
  MEMBER_REASON_FIELDS,
  memberFormValues,
  personalProblems,
  toUpdateInput,
  type MemberFormValues,
} from '../../lib/member-form'
import { memberName, todayIn } from '../../lib/member-rules'
import { notifySuccess } from '../../lib/notify'
import { trpc, type MemberProfile } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import { DuplicateWarning, useDuplicateCheck } from './duplicate-warning'
import { IdentityFields, PersonalDetailsFields } from './member-fields'

/** /members/:id/edit: the wizard's fields on one page, without the union (that is a move). */
export function MemberEditPage() {
  const { id = '' } = useParams()
  const member = trpc.member.get.useQuery({ id })
  return (
    <Stack gap="lg">
      <Anchor component={Link} to={`/members/${id}`} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          Back to the member
        </Group>
      </Anchor>
      <QueryView query={member} errorTitle="Could not load this member" loading={<Skeleton height={400} />}>
        {(data) => <MemberEditForm member={data} />}
      </QueryView>
    </Stack>
  )
}

function MemberEditForm({ member }: { member: MemberProfile }) {
  const navigate = useNavigate()
  const format = useCompanyFormat()
  const utils = trpc.useUtils()
  const update = trpc.member.update.useMutation()
  const [isAcknowledged, setIsAcknowledged] = useState(false)
  const today = todayIn(format.timeZone)
  const [saved] = useState(() => ({ id: member.id, values: memberFormValues(member) }))
  const form = useServerForm<MemberFormValues>({
    initialValues: saved.values,
    serverError: update.error,
    reasonFields: MEMBER_REASON_FIELDS,
    validate: (values) => ({
      ...personalProblems(values, today, { withUnion: false }),
      ...identityProblems(values),
    }),
  })
  const duplicates = useDuplicateCheck(form.values, saved)
  const name = memberName(member)

  return (
    <Stack gap="lg">
      <PageHeader title={`Edit ${name}`} description={`${member.code} · ${member.unionName}`} />
      <Card withBorder padding="lg">
        <form
          noValidate
          aria-label={`Edit ${name}`}
          onSubmit={form.onSubmit((values) => {
            if (duplicates.isBlocked) return
            update.mutate(toUpdateInput(member.id, values, isAcknowledged), {
              onSuccess: (saved) => {
                notifySuccess(`${memberName(saved)} was updated`)
                void utils.member.invalidate()
                void navigate(`/members/${member.id}`)
              },
            })
          })}
        >
          <Stack gap="lg">
            <FormAlert title="The member was not saved" message={form.formError} />
            <section aria-labelledby="edit-personal">
              <Title id="edit-personal" order={2} size="h4" mb="sm">
                Personal details
              </Title>
              <PersonalDetailsFields form={form} withUnion={false} />
            </section>
            <section aria-labelledby="edit-identity">
              <Title id="edit-identity" order={2} size="h4" mb="sm">
                Identity
              </Title>
              <Stack gap="md">
                <IdentityFields form={form} />
                <DuplicateWarning
                  check={duplicates}
                  isAcknowledged={isAcknowledged}
                  onAcknowledgedChange={setIsAcknowledged}
                />
              </Stack>
            </section>
            <Text size="sm" c="dimmed">
              To change the union, use “Move to another union” on the member&apos;s page (administrators).
            </Text>
            <Group justify="flex-end" gap="sm">
              <Button component={Link} to={`/members/${member.id}`} variant="default">
                Cancel
              </Button>
              <Button
                type="submit"
                loading={update.isPending}
                disabled={duplicates.isBlocked || (duplicates.needsAcknowledgement && !isAcknowledged)}
              >
                Save changes
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  )
}
