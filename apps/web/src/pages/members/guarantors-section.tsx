import {
  ActionIcon,
  Button,
  Card,
  Collapse,
  EmptyState,
  Group,
  Modal,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core'
import { IconFiles, IconPencil, IconTrash, IconUserPlus, IconUsers } from '@tabler/icons-react'
import { useState } from 'react'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { DocumentsSection } from '../../components/documents-section'
import { FormAlert } from '../../components/form-alert'
import { QueryView } from '../../components/states'
import { useServerForm } from '../../hooks/use-server-form'
import { formatPhone, phoneProblem } from '../../lib/member-rules'
import { notifySuccess } from '../../lib/notify'
import { fullName } from '../../lib/roles'
import { trpc, type Guarantor } from '../../lib/trpc'

type Permissions = { canVerifyDocuments: boolean }

/** The people who guarantee a member's loans, each with their own documents. */
export function GuarantorsSection({
  memberId,
  memberName,
  canVerifyDocuments,
}: { memberId: string; memberName: string } & Permissions) {
  const guarantors = trpc.guarantor.list.useQuery({ memberId })
  const [editing, setEditing] = useState<Guarantor | 'new' | null>(null)
  const [deleting, setDeleting] = useState<Guarantor | null>(null)

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="member-guarantors">
      <Stack gap="md">
        <Group justify="space-between">
          <Title id="member-guarantors" order={2} size="h3">
            Guarantors
          </Title>
          <Button
            variant="light"
            leftSection={<IconUserPlus size={16} aria-hidden />}
            onClick={() => {
              setEditing('new')
            }}
          >
            Add guarantor
          </Button>
        </Group>
        <QueryView
          query={guarantors}
          errorTitle="Could not load guarantors"
          loading={<Skeleton height={80} />}
        >
          {(list) =>
            list.length === 0 ? (
              <EmptyState
                icon={<IconUsers aria-hidden />}
                withIndicatorBackground
                title="No guarantors yet"
                description={`People who guarantee ${memberName}'s loans appear here.`}
              />
            ) : (
              <Stack gap="sm">
                {list.map((guarantor) => (
                  <GuarantorCard
                    key={guarantor.id}
                    guarantor={guarantor}
                    canVerifyDocuments={canVerifyDocuments}
                    onEdit={() => {
                      setEditing(guarantor)
                    }}
                    onDelete={() => {
                      setDeleting(guarantor)
                    }}
                  />
                ))}
              </Stack>
            )
          }
        </QueryView>
      </Stack>
      {editing ? (
        <GuarantorDialog
          memberId={memberId}
          guarantor={editing === 'new' ? undefined : editing}
          onClose={() => {
            setEditing(null)
          }}
        />
      ) : null}
      {deleting ? (
        <DeleteGuarantorDialog
          guarantor={deleting}
          onClose={() => {
            setDeleting(null)
          }}
        />
      ) : null}
    </Card>
  )
}

function GuarantorCard({
  guarantor,
  canVerifyDocuments,
  onEdit,
  onDelete,
}: {
  guarantor: Guarantor
  onEdit: () => void
  onDelete: () => void
} & Permissions) {
  const [isShowingDocuments, setIsShowingDocuments] = useState(false)
  const name = fullName(guarantor)
  return (
    <Card withBorder padding="md" component="article" aria-label={`Guarantor ${name}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2} miw={0}>
          <Text fw={600}>{name}</Text>
          <Text size="sm" c="dimmed">
            {guarantor.relationship} · {formatPhone(guarantor.phone)}
          </Text>
          {guarantor.address ? <Text size="sm">{guarantor.address}</Text> : null}
        </Stack>
        <Group gap={4} wrap="nowrap">
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconFiles size={14} aria-hidden />}
            aria-expanded={isShowingDocuments}
            onClick={() => {
              setIsShowingDocuments((current) => !current)
            }}
          >
            {isShowingDocuments ? 'Hide documents' : 'Documents'}
          </Button>
          <Tooltip label="Edit guarantor">
            <ActionIcon variant="subtle" aria-label={`Edit ${name}`} onClick={onEdit}>
              <IconPencil size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Remove guarantor">
            <ActionIcon variant="subtle" color="red" aria-label={`Remove ${name}`} onClick={onDelete}>
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <Collapse expanded={isShowingDocuments}>
        {isShowingDocuments ? (
          <Stack mt="md">
            <DocumentsSection
              ownerType="GUARANTOR"
              ownerId={guarantor.id}
              ownerName={name}
              title={`Documents of ${name}`}
              headingOrder={3}
              withCard={false}
              canVerify={canVerifyDocuments}
            />
          </Stack>
        ) : null}
      </Collapse>
    </Card>
  )
}

type GuarantorValues = {
  firstName: string
  lastName: string
  phone: string
  relationship: string
  address: string
}

function GuarantorDialog({
  memberId,
  guarantor,
  onClose,
}: {
  memberId: string
  guarantor: Guarantor | undefined
  onClose: () => void
}) {
  const utils = trpc.useUtils()
  const create = trpc.guarantor.create.useMutation()
  const update = trpc.guarantor.update.useMutation()
  const mutation = guarantor ? update : create
  const form = useServerForm<GuarantorValues>({
    initialValues: {
      firstName: guarantor?.firstName ?? '',
      lastName: guarantor?.lastName ?? '',
      phone: guarantor?.phone ?? '',
      relationship: guarantor?.relationship ?? '',
      address: guarantor?.address ?? '',
    },
    serverError: mutation.error,
    validate: (values) => ({
      firstName: values.firstName.trim() ? undefined : 'First name is required',
      lastName: values.lastName.trim() ? undefined : 'Last name is required',
      phone: values.phone.trim() ? phoneProblem(values.phone) : 'Phone is required',
      relationship: values.relationship.trim() ? undefined : 'Relationship is required',
    }),
  })

  function save(values: GuarantorValues) {
    const input = {
      firstName: values.firstName.trim(),
      lastName: values.lastName.trim(),
      phone: values.phone.trim(),
      relationship: values.relationship.trim(),
      address: values.address.trim(),
    }
    const onSuccess = (saved: Guarantor) => {
      notifySuccess(
        guarantor ? `${fullName(saved)} was updated` : `${fullName(saved)} was added as a guarantor`,
      )
      void utils.guarantor.list.invalidate({ memberId })
      onClose()
    }
    if (guarantor) update.mutate({ id: guarantor.id, ...input }, { onSuccess })
    else create.mutate({ memberId, ...input }, { onSuccess })
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={guarantor ? `Edit ${fullName(guarantor)}` : 'Add guarantor'}
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        noValidate
        aria-label={guarantor ? 'Edit guarantor' : 'Add guarantor'}
        onSubmit={form.onSubmit(save)}
      >
        <Stack gap="md">
          <FormAlert title="The guarantor was not saved" message={form.formError} />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput label="First name" required data-autofocus {...form.text('firstName')} />
            <TextInput label="Last name" required {...form.text('lastName')} />
          </SimpleGrid>
          <TextInput
            label="Phone number"
            required
            type="tel"
            inputMode="tel"
            placeholder="0803 123 4567"
            {...form.text('phone')}
          />
          <TextInput
            label="Relationship"
            required
            placeholder="e.g. Spouse, brother, employer"
            {...form.text('relationship')}
          />
          <Textarea label="Address" autosize minRows={2} {...form.text('address')} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={mutation.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {guarantor ? 'Save changes' : 'Add guarantor'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

function DeleteGuarantorDialog({ guarantor, onClose }: { guarantor: Guarantor; onClose: () => void }) {
  const utils = trpc.useUtils()
  const remove = trpc.guarantor.delete.useMutation()
  const name = fullName(guarantor)
  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={`Remove ${name}?`}
      message={`${name} will no longer be listed as a guarantor. The audit log keeps a record.`}
      confirmLabel="Remove guarantor"
      confirmColor="red"
      isPending={remove.isPending}
      error={remove.error}
      onConfirm={() => {
        remove.mutate(
          { id: guarantor.id },
          {
            onSuccess: () => {
              notifySuccess(`${name} was removed`)
              void utils.guarantor.list.invalidate({ memberId: guarantor.memberId })
              onClose()
            },
          },
        )
      }}
    />
  )
}
