import { Badge, Checkbox, Group, Switch, Text } from '@mantine/core'
import { ZDocumentTypeCreateInput } from '@mp/api/schemas'
import { useState } from 'react'
import { saveType, TypeCatalogPage, TypeEditor } from '../components/type-catalog'
import { useServerForm } from '../hooks/use-server-form'
import { DOCUMENT_OWNER_OPTIONS, titleCase } from '../lib/labels'
import { schemaErrors } from '../lib/schema-errors'
import { trpc, type DocumentAppliesTo, type DocumentType } from '../lib/trpc'

/** /document-types (admin): the kinds of document members, guarantors and loans may carry. */
export function DocumentTypesPage() {
  const [isShowingInactive, setIsShowingInactive] = useState(true)
  const types = trpc.documentType.list.useQuery({ includeInactive: isShowingInactive })
  const utils = trpc.useUtils()
  const setActive = trpc.documentType.setActive.useMutation({
    onSuccess: () => void utils.documentType.invalidate(),
  })
  return (
    <TypeCatalogPage
      title="Document types"
      description="The documents members, guarantors and loans may need, and whether they expire."
      noun="document type"
      types={types}
      isShowingInactive={isShowingInactive}
      onShowingInactiveChange={setIsShowingInactive}
      columns={[
        {
          key: 'code',
          header: 'Code',
          visibleFrom: 'sm',
          render: (type) => (
            <Text size="sm" ff="monospace">
              {type.code}
            </Text>
          ),
        },
        {
          key: 'appliesTo',
          header: 'Applies to',
          render: (type) => (
            <Group gap={4}>
              {type.appliesTo.map((owner) => (
                <Badge key={owner} variant="light" size="sm">
                  {titleCase(owner)}
                </Badge>
              ))}
            </Group>
          ),
        },
        {
          key: 'expiry',
          header: 'Expiry date',
          render: (type) => (type.requiresExpiry ? 'Required' : 'Optional'),
        },
      ]}
      empty={{
        title: 'No document types yet',
        description: 'Add the kinds of document staff upload, such as “National ID card” or “Utility bill”.',
      }}
      minWidth={640}
      Editor={DocumentTypeDialog}
      setActive={setActive}
      describeActive={(name, isActive) =>
        isActive
          ? `Staff can choose ${name} again when uploading.`
          : `Staff can no longer choose ${name} for new uploads. Documents already uploaded keep it.`
      }
    />
  )
}

type TypeValues = {
  name: string
  description: string
  appliesTo: DocumentAppliesTo[]
  requiresExpiry: boolean
}

const TYPE_FIELDS = ['name', 'description', 'appliesTo', 'requiresExpiry'] as const

function DocumentTypeDialog({ type, onClose }: { type: DocumentType | undefined; onClose: () => void }) {
  const utils = trpc.useUtils()
  const create = trpc.documentType.create.useMutation()
  const update = trpc.documentType.update.useMutation()
  const mutation = type ? update : create
  const form = useServerForm<TypeValues>({
    initialValues: {
      name: type?.name ?? '',
      description: type?.description ?? '',
      appliesTo: type?.appliesTo ?? ['MEMBER'],
      requiresExpiry: type?.requiresExpiry ?? false,
    },
    serverError: mutation.error,
    reasonFields: { NAME_TAKEN: 'name' },
    // The server's own rules and messages (@mp/api/schemas).
    validate: (values) => schemaErrors(ZDocumentTypeCreateInput, values, TYPE_FIELDS),
  })

  function save(values: TypeValues) {
    const input = {
      name: values.name.trim(),
      description: values.description.trim(),
      appliesTo: values.appliesTo,
      requiresExpiry: values.requiresExpiry,
    }
    saveType({ create, update }, input, {
      original: type,
      onSaved: () => {
        void utils.documentType.invalidate()
        onClose()
      },
    })
  }

  return (
    <TypeEditor
      noun="document type"
      original={type}
      onClose={onClose}
      onSubmit={form.onSubmit(save)}
      formError={form.formError}
      isPending={mutation.isPending}
      namePlaceholder="e.g. National ID card"
      nameProps={form.text('name')}
      descriptionProps={form.text('description')}
    >
      <Checkbox.Group
        label="Applies to"
        withAsterisk
        value={form.values.appliesTo}
        onChange={(value) => {
          form.setValue('appliesTo', value)
        }}
        error={form.errorOf('appliesTo')}
      >
        <Group gap="md" mt={6}>
          {DOCUMENT_OWNER_OPTIONS.map((option) => (
            <Checkbox key={option.value} value={option.value} label={option.label} />
          ))}
        </Group>
      </Checkbox.Group>
      <Switch
        label="Expiry date required"
        description="For documents that run out, such as a passport or driver's licence"
        checked={form.values.requiresExpiry}
        onChange={(event) => {
          form.setValue('requiresExpiry', event.currentTarget.checked)
        }}
        error={form.errorOf('requiresExpiry')}
      />
    </TypeEditor>
  )
}
