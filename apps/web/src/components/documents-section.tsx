import { Button, Card, Group, Stack, Title } from '@mantine/core'
import { IconUpload } from '@tabler/icons-react'
import { useState } from 'react'
import { notifySuccess } from '../lib/notify'
import { trpc, type DocumentOwnerType, type StoredDocument } from '../lib/trpc'
import { DocumentList } from './document-list'
import { DocumentUpload, toUploadFormData } from './document-upload'

type DocumentsSectionProps = {
  ownerType: DocumentOwnerType
  ownerId: string
  ownerName: string
  canVerify: boolean
  /** h2 on a page, h3 inside a guarantor card. */
  headingOrder?: 2 | 3
  title?: string
  withCard?: boolean
  onUseAsPhoto?: ((document: StoredDocument) => void) | undefined
}

/** "Documents": the list, and an upload form behind a button. */
export function DocumentsSection({
  ownerType,
  ownerId,
  ownerName,
  canVerify,
  headingOrder = 2,
  title = 'Documents',
  withCard = true,
  onUseAsPhoto,
}: DocumentsSectionProps) {
  const utils = trpc.useUtils()
  const upload = trpc.document.upload.useMutation()
  const [isUploading, setIsUploading] = useState(false)

  const content = (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={headingOrder} size={headingOrder === 2 ? 'h3' : 'h5'}>
          {title}
        </Title>
        {isUploading ? null : (
          <Button
            variant="light"
            size={headingOrder === 2 ? 'sm' : 'xs'}
            leftSection={<IconUpload size={16} aria-hidden />}
            onClick={() => {
              upload.reset()
              setIsUploading(true)
            }}
          >
            Upload document
          </Button>
        )}
      </Group>
      {isUploading ? (
        <Card withBorder padding="md" bg="var(--mantine-color-default-hover)">
          <DocumentUpload
            ownerType={ownerType}
            isPending={upload.isPending}
            error={upload.error}
            submitLabel="Upload"
            onCancel={() => {
              setIsUploading(false)
            }}
            onAdd={async (draft) => {
              await upload.mutateAsync(toUploadFormData({ ownerType, ownerId }, draft))
              notifySuccess(`${draft.file.name} uploaded`)
              void utils.document.list.invalidate({ ownerType, ownerId })
              setIsUploading(false)
            }}
          />
        </Card>
      ) : null}
      <DocumentList
        ownerType={ownerType}
        ownerId={ownerId}
        ownerName={ownerName}
        canVerify={canVerify}
        onUseAsPhoto={onUseAsPhoto}
      />
    </Stack>
  )
  return withCard ? (
    <Card withBorder padding="lg" component="section" aria-label={title}>
      {content}
    </Card>
  ) : (
    content
  )
}
