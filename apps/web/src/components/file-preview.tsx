import { Button, Center, Group, Image, Stack, Text } from '@mantine/core'
import { IconDownload, IconExternalLink, IconFileTypePdf } from '@tabler/icons-react'
import { downloadUrlOf, previewKindOf } from '../lib/files'

type PreviewableFile = { fileName: string; mimeType: string; downloadUrl: string }

/**
 * A stored document shown in the page. Images show inline. PDFs open in a new tab: the server sends
 * every response with CSP `frame-ancestors 'none'` (and the app's own CSP has `object-src 'none'`), so
 * an <iframe> or <object> preview would only show a "refused to connect" box. Word files are
 * downloaded. The server serves a file only to users whose scope includes its record.
 */
export function FilePreview({ file }: { file: PreviewableFile }) {
  const kind = previewKindOf(file.mimeType)
  return (
    <Stack gap="sm">
      {kind === 'image' ? (
        <Image src={file.downloadUrl} alt={file.fileName} fit="contain" mah="70vh" radius="sm" />
      ) : kind === 'pdf' ? (
        <Center mih={120}>
          <Stack align="center" gap="xs">
            <IconFileTypePdf size={48} opacity={0.6} aria-hidden />
            <Text size="sm" c="dimmed" ta="center">
              PDF files open in your browser&apos;s PDF viewer, in a new tab.
            </Text>
          </Stack>
        </Center>
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
          {kind === 'pdf' ? 'Open PDF in new tab' : 'Open in new tab'}
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
