import { ActionIcon, Button, Card, Group, Stack, Stepper, Table, Text, Title } from '@mantine/core'
import { IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import { DocumentUpload, toUploadFormData, type DocumentDraft } from '../../components/document-upload'
import { FormAlert } from '../../components/form-alert'
import { PageHeader } from '../../components/page-header'
import { ProfileList } from '../../components/profile-list'
import { useServerForm } from '../../hooks/use-server-form'
import { mapServerErrors, messageOf } from '../../lib/errors'
import { formatFileSize } from '../../lib/files'
import { titleCase } from '../../lib/labels'
import {
  EMPTY_MEMBER,
  IDENTITY_FIELDS,
  identityProblems,
  MEMBER_REASON_FIELDS,
  PERSONAL_FIELDS,
  personalProblems,
  toCreateInput,
  type MemberFormValues,
} from '../../lib/member-form'
import { compactDigits, formatPhone, memberName, todayIn } from '../../lib/member-rules'
import { notifyError, notifySuccess } from '../../lib/notify'
import { trpc } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import { DuplicateWarning, useDuplicateCheck } from './duplicate-warning'
import { IdentityFields, PersonalDetailsFields } from './member-fields'

const STEPS = ['Details', 'Identity', 'Documents', 'Review'] as const
const LAST_STEP = STEPS.length - 1

/** /members/new: union and personal details → BVN/NIN with duplicate check → documents → review and save. */
export function NewMemberPage() {
  const navigate = useNavigate()
  const [searchParams] = useSearchParams()
  const format = useCompanyFormat()
  const utils = trpc.useUtils()
  const create = trpc.member.create.useMutation()
  const upload = trpc.document.upload.useMutation()
  const [step, setStep] = useState(0)
  const [drafts, setDrafts] = useState<DocumentDraft[]>([])
  const [isAcknowledged, setIsAcknowledged] = useState(false)
  const [isSaving, setIsSaving] = useState(false)
  const today = todayIn(format.timeZone)

  const form = useServerForm<MemberFormValues>({
    initialValues: { ...EMPTY_MEMBER, unionId: searchParams.get('union') ?? '' },
    serverError: create.error,
    reasonFields: MEMBER_REASON_FIELDS,
    validate: (values) => {
      if (step === 0) return personalProblems(values, today)
      if (step === 1) return identityProblems(values)
      return {}
    },
  })
  const duplicates = useDuplicateCheck(form.values)
  const union = trpc.union.get.useQuery({ id: form.values.unionId }, { enabled: form.values.unionId !== '' })

  async function save(values: MemberFormValues) {
    if (duplicates.isBlocked) {
      setStep(1)
      return
    }
    setIsSaving(true)
    try {
      const member = await create.mutateAsync(toCreateInput(values, isAcknowledged))
      const failed: string[] = []
      for (const draft of drafts) {
        try {
          await upload.mutateAsync(toUploadFormData({ ownerType: 'MEMBER', ownerId: member.id }, draft))
        } catch (error) {
          failed.push(`${draft.file.name}: ${messageOf(error)}`)
        }
      }
      void utils.member.invalidate()
      void utils.union.invalidate()
      notifySuccess(`${memberName(member)} is registered as ${member.code}`)
      if (failed.length > 0) {
        notifyError('Some documents were not uploaded', new Error(failed.join(' · ')))
      }
      void navigate(`/members/${member.id}`)
    } catch (error) {
      // create.error is shown by the form; go back to the step whose field it concerns.
      setIsSaving(false)
      const { fieldErrors } = mapServerErrors(
        error,
        [...PERSONAL_FIELDS, ...IDENTITY_FIELDS],
        MEMBER_REASON_FIELDS,
      )
      if (PERSONAL_FIELDS.some((field) => fieldErrors[field])) setStep(0)
      else if (IDENTITY_FIELDS.some((field) => fieldErrors[field])) setStep(1)
    }
  }

  const back = () => {
    setStep((current) => Math.max(0, current - 1))
  }

  // Shown with the identity numbers and again on the review step, before saving.
  const duplicateWarning = (
    <DuplicateWarning
      check={duplicates}
      isAcknowledged={isAcknowledged}
      onAcknowledgedChange={setIsAcknowledged}
    />
  )

  return (
    <Stack gap="lg">
      <PageHeader
        title="Register a member"
        description="Four short steps; documents can also be added later."
      />
      <Card withBorder padding="lg">
        <form
          noValidate
          aria-label="Register a member"
          onSubmit={form.onSubmit((values) => {
            if (step === 1 && duplicates.isBlocked) return
            if (step < LAST_STEP) {
              setStep(step + 1)
              return
            }
            void save(values)
          })}
        >
          <Stack gap="lg">
            <Stepper
              active={step}
              onStepClick={(target) => {
                // Only backwards by clicking: forwards goes through each step's checks.
                if (target < step) setStep(target)
              }}
              size="sm"
              allowNextStepsSelect={false}
            >
              {STEPS.map((label) => (
                <Stepper.Step key={label} label={label} />
              ))}
            </Stepper>
            <FormAlert title="The member was not saved" message={form.formError} />
            {step === 0 ? <PersonalDetailsFields form={form} withUnion /> : null}
            {step === 1 ? (
              <Stack gap="md">
                <Text size="sm" c="dimmed">
                  BVN and NIN are optional, but each may belong to one member only. Existing members with the
                  same number, or the same name and phone, are shown before you save.
                </Text>
                <IdentityFields form={form} />
                {duplicateWarning}
              </Stack>
            ) : null}
            {step === 2 ? (
              <Stack gap="md">
                <Text size="sm" c="dimmed">
                  Optional: ID card, utility bill, passport photo… They upload when you save the member.
                </Text>
                <DraftList
                  drafts={drafts}
                  onRemove={(index) => {
                    setDrafts((current) => current.filter((_, position) => position !== index))
                  }}
                />
                <Card withBorder padding="md">
                  <DocumentUpload
                    ownerType="MEMBER"
                    onAdd={(draft) => {
                      setDrafts((current) => [...current, draft])
                      return undefined
                    }}
                  />
                </Card>
              </Stack>
            ) : null}
            {step === 3 ? (
              <Stack gap="md">
                <ReviewSummary
                  values={form.values}
                  unionName={union.data?.name}
                  officerName={union.data?.creditOfficerName}
                  drafts={drafts}
                />
                {duplicateWarning}
              </Stack>
            ) : null}
            <Group justify="space-between">
              {step > 0 ? (
                <Button variant="default" onClick={back} disabled={isSaving}>
                  Back
                </Button>
              ) : (
                <Button
                  variant="default"
                  onClick={() => {
                    void navigate('/members')
                  }}
                >
                  Cancel
                </Button>
              )}
              {step < LAST_STEP ? (
                <Button type="submit" disabled={step === 1 && duplicates.isBlocked}>
                  Next
                </Button>
              ) : (
                <Button
                  type="submit"
                  loading={isSaving}
                  disabled={duplicates.isBlocked || (duplicates.needsAcknowledgement && !isAcknowledged)}
                >
                  Save member
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  )
}

function DraftList({
  drafts,
  onRemove,
}: {
  drafts: readonly DocumentDraft[]
  onRemove: (index: number) => void
}) {
  const format = useCompanyFormat()
  if (drafts.length === 0) return null
  return (
    <Table aria-label="Documents to upload" verticalSpacing="xs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Document</Table.Th>
          <Table.Th>Issuer / dates</Table.Th>
          <Table.Th ta="right">Remove</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {drafts.map((draft, index) => (
          <Table.Tr key={`${draft.file.name}-${String(index)}`}>
            <Table.Td>
              <Text size="sm" fw={600}>
                {draft.file.name}
              </Text>
              <Text size="xs" c="dimmed">
                {draft.documentTypeName} · {formatFileSize(draft.file.size)}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{draft.issuer || '—'}</Text>
              <Text size="xs" c="dimmed">
                {draft.issueDate ? `Issued ${format.date(draft.issueDate)}` : ''}
                {draft.expiryDate ? ` · expires ${format.date(draft.expiryDate)}` : ''}
              </Text>
            </Table.Td>
            <Table.Td ta="right">
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove ${draft.file.name}`}
                onClick={() => {
                  onRemove(index)
                }}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

function ReviewSummary({
  values,
  unionName,
  officerName,
  drafts,
}: {
  values: MemberFormValues
  unionName: string | undefined
  officerName: string | undefined
  drafts: readonly DocumentDraft[]
}) {
  const format = useCompanyFormat()
  return (
    <Stack gap="md">
      <Title order={2} size="h4">
        {memberName({
          firstName: values.firstName.trim(),
          middleName: values.middleName.trim(),
          lastName: values.lastName.trim(),
        })}
      </Title>
      <ProfileList
        items={[
          ['Union', unionName ? `${unionName} (${officerName ?? ''})` : '…'],
          ['Phone number', values.phone ? formatPhone(values.phone) : ''],
          ['Email', values.email.trim()],
          ['Date of birth', values.dateOfBirth ? format.date(values.dateOfBirth) : ''],
          ['Gender', values.gender ? titleCase(values.gender) : ''],
          ['Marital status', values.maritalStatus ? titleCase(values.maritalStatus) : ''],
          ['Profession', values.profession.trim()],
          ['Employer', values.employer.trim()],
          [
            'Address',
            [values.address, values.city, values.state, values.country]
              .map((part) => part.trim())
              .filter(Boolean)
              .join(', '),
          ],
          ['BVN', compactDigits(values.bvn)],
          ['NIN', compactDigits(values.nin)],
          ['Documents', drafts.length === 0 ? 'None yet' : drafts.map((draft) => draft.file.name).join(', ')],
        ]}
      />
    </Stack>
  )
}
