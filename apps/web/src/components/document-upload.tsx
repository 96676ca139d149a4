import { Button, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core'
import { IconUpload } from '@tabler/icons-react'
import { useState } from 'react'
import { useServerForm } from '../hooks/use-server-form'
import { uploadProblem } from '../lib/files'
import { todayIn } from '../lib/member-rules'
import { useCompanyFormat } from '../lib/use-company-format'
import { trpc, type DocumentOwnerType } from '../lib/trpc'
import { DayInput } from './day-input'
import { FileDropZone } from './file-drop-zone'
import { FormAlert } from './form-alert'

/** A document chosen in the browser, not yet sent (the member wizard keeps these until the member exists). */
export type DocumentDraft = {
  file: File
  documentTypeId: string
  documentTypeName: string
  issuer: string
  issueDate: string
  expiryDate: string
}

/** The multipart body `document.upload` takes; empty optional fields are left out. */
export function toUploadFormData(
  owner: { ownerType: DocumentOwnerType; ownerId: string },
  draft: DocumentDraft,
) {
  const data = new FormData()
  data.set('ownerType', owner.ownerType)
  data.set('ownerId', owner.ownerId)
  data.set('documentTypeId', draft.documentTypeId)
  data.set('file', draft.file)
  if (draft.issuer.trim()) data.set('issuer', draft.issuer.trim())
  if (draft.issueDate) data.set('issueDate', draft.issueDate)
  if (draft.expiryDate) data.set('expiryDate', draft.expiryDate)
  return data
}

type Values = {
  documentTypeId: string
  file: File | null
  issuer: string
  issueDate: string
  expiryDate: string
}

/** Server refusals that belong under one field. */
const UPLOAD_REASON_FIELDS: Partial<Record<string, keyof Values>> = {
  UNKNOWN_DOCUMENT_TYPE: 'documentTypeId',
  DOCUMENT_TYPE_INACTIVE: 'documentTypeId',
  DOCUMENT_TYPE_NOT_APPLICABLE: 'documentTypeId',
  EXPIRY_DATE_REQUIRED: 'expiryDate',
  ISSUE_DATE_IN_FUTURE: 'issueDate',
  FILE_TOO_LARGE: 'file',
  DUPLICATE_DOCUMENT: 'file',
}

const EMPTY: Values = { documentTypeId: '', file: null, issuer: '', issueDate: '', expiryDate: '' }

type DocumentUploadProps = {
  ownerType: DocumentOwnerType
  /**
   * Called with a checked document. A returned promise that rejects keeps the form as it is (the
   * caller shows the error through `error`); otherwise the form clears for the next document.
   */
  onAdd: (draft: DocumentDraft) => Promise<unknown> | undefined
  isPending?: boolean
  /** The upload mutation's error: field messages land under the fields. */
  error?: unknown
  submitLabel?: string
  onCancel?: () => void
}

/** Document type, file (drop zone), issuer and dates, checked in the browser before anything is sent. */
export function DocumentUpload({
  ownerType,
  onAdd,
  isPending = false,
  error,
  submitLabel = 'Add document',
  onCancel,
}: DocumentUploadProps) {
  // An admin may add a type in another tab while this form is open: read the list again whenever
  // this tab regains focus and when the picker opens, without touching what was already filled in.
  const types = trpc.documentType.list.useQuery({}, { staleTime: 0, refetchOnWindowFocus: 'always' })
  const today = todayIn(useCompanyFormat().timeZone)
  const available = (types.data ?? []).filter((type) => type.isActive && type.appliesTo.includes(ownerType))
  // A new key remounts the drop zone, which clears the browser's file input after an upload.
  const [round, setRound] = useState(0)
  const form = useServerForm<Values>({
    initialValues: EMPTY,
    serverError: error,
    reasonFields: UPLOAD_REASON_FIELDS,
    validate: (values) => {
      const type = available.find((candidate) => candidate.id === values.documentTypeId)
      return {
        documentTypeId: type ? undefined : 'Choose the document type',
        file: values.file ? uploadProblem(values.file) : 'Choose the file to upload',
        issueDate: values.issueDate > today ? 'Issue date cannot be in the future' : undefined,
        expiryDate:
          type?.requiresExpiry && !values.expiryDate
            ? `${type.name} needs an expiry date`
            : values.expiryDate && values.issueDate && values.expiryDate < values.issueDate
              ? 'Expiry date must be on or after the issue date'
              : undefined,
      }
    },
  })
  const selectedType = available.find((type) => type.id === form.values.documentTypeId)

  function changeFile(file: File | null) {
    form.setValue('file', file)
  }

  // A nested <form> is invalid HTML (the wizard and dialogs already have one), so this is a group
  // of fields with a button, and Enter is not wired to it.
  const submit = () =>
    form.submit((values) => {
      if (!values.file || !selectedType) return
      const result = onAdd({
        file: values.file,
        documentTypeId: values.documentTypeId,
        documentTypeName: selectedType.name,
        issuer: values.issuer,
        issueDate: values.issueDate,
        expiryDate: values.expiryDate,
      })
      const clear = () => {
        form.reset()
        setRound((current) => current + 1)
      }
      if (result) result.then(clear, () => undefined)
      else clear()
    })

  return (
    <Stack gap="sm" role="group" aria-label="Upload a document">
      <FormAlert title="The document was not uploaded" message={form.formError} />
      <Select
        label="Document type"
        required
        placeholder={types.isLoading ? 'Loading…' : 'Choose a type'}
        data={available.map((type) => ({ value: type.id, label: type.name }))}
        value={form.values.documentTypeId || null}
        onChange={(value) => {
          form.setValue('documentTypeId', value ?? '')
        }}
        error={form.errorOf('documentTypeId') ?? (types.error ? 'Could not load document types' : undefined)}
        nothingFoundMessage="No document types: an administrator adds them under Document types"
        searchable
        onDropdownOpen={() => void types.refetch()}
      />
      <FileDropZone
        key={round}
        value={form.values.file}
        onChange={changeFile}
        error={form.errorOf('file')}
        required
      />
      <TextInput label="Issuer" placeholder="e.g. NIMC, FRSC, INEC" {...form.text('issuer')} />
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <DayInput
          label="Issue date"
          value={form.values.issueDate}
          onChange={(value) => {
            form.setValue('issueDate', value)
          }}
          error={form.errorOf('issueDate')}
        />
        <DayInput
          label="Expiry date"
          value={form.values.expiryDate}
          onChange={(value) => {
            form.setValue('expiryDate', value)
          }}
          error={form.errorOf('expiryDate')}
          required={selectedType?.requiresExpiry ?? false}
        />
      </SimpleGrid>
      <Group justify="flex-end" gap="sm">
        {onCancel ? (
          <Button variant="default" onClick={onCancel} disabled={isPending}>
            Cancel
          </Button>
        ) : null}
        <Button
          leftSection={<IconUpload size={16} aria-hidden />}
          loading={isPending}
          onClick={() => {
            submit()
          }}
        >
          {submitLabel}
        </Button>
      </Group>
    </Stack>
  )
}
