import { Button, Center, Group, Image, Stack, Text } from '@mantine/core'
import { IconDownload, IconExternalLink } from '@tabler/icons-react'
import { downloadUrlOf, previewKindOf } from '../lib/files'

type PreviewableFile = { fileName: string; mimeType: string; downloadUrl: string }

/**
 * A stored document shown in the page: images inline, PDFs in a frame, Word files not at all. The
 * server serves the file only to users whose scope includes its record, with the session cookie.
 */
export function FilePreview({ file }: { file: PreviewableFile }) {
  const kind = previewKindOf(file.mimeType)
  return (
    <Stack gap="sm">
      {kind === 'image' ? (
        <Image src={file.downloadUrl} alt={file.fileName} fit="contain" mah="70vh" radius="sm" />
      ) : kind === 'pdf' ? (
        <iframe
          src={file.downloadUrl}
          title={file.fileName}
          style={{ width: '100%', height: '70vh', border: 0 }}
        />
      ) : (
        <Center mih={120}>
          <Text size="sm" c="dimmed" ta="center">
            This file cannot be shown in the page. Download it to open it in Word.
          </Text>
        </Center>
      )}
      <Group justify="flex-end" gap="sm">
        <Button
          component="a"
          href={file.downloadUrl}
          target="_blank"
          rel="noopener"
          variant="default"
          leftSection={<IconExternalLink size={16} aria-hidden />}
        >
          Open in new tab
        </Button>
        <Button
          component="a"
          href={downloadUrlOf(file.downloadUrl)}
          download={file.fileName}
          leftSection={<IconDownload size={16} aria-hidden />}
        >
          Download
        </Button>
      </Group>
    </Stack>
  )
}
