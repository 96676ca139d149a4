import { Button, Group, Menu, Modal, Progress, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconChevronDown, IconDownload } from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import {
  EXPORT_FORMATS,
  EXPORT_POLL_MS,
  exportFileUrl,
  exportProgress,
  exportTitle,
  isExportPending,
  type ExportFormat,
  type ExportJob,
  type ExportName,
} from '../lib/export-progress'
import { notifyError, notifySuccess } from '../lib/notify'
import { trpc } from '../lib/trpc'

/** The export being waited for. Its loop stops as soon as it is no longer the current one (cancel, a new
 * export, leaving the page). */
type Watch = { timer: number | undefined }

type Shown = { format: ExportFormat; job: ExportJob | null }

/** Hands the finished file to the browser's downloads (Content-Disposition names it). */
function download(url: string) {
  const link = document.createElement('a')
  link.href = url
  link.download = ''
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
}

/**
 * "Export" → CSV, Excel or PDF of a list or report (docs/product.md §7): the server writes every row the screen's
 * `input` selects (all pages, same filters and sort) in the background; this shows its progress and
 * downloads the file when it is ready.
 */
export function ExportMenu({
  name,
  input,
  disabled = false,
}: {
  name: ExportName
  /** Exactly the input the page sends to its list or report procedure. */
  input: unknown
  disabled?: boolean
}) {
  const utils = trpc.useUtils()
  const start = trpc.export.start.useMutation()
  const [shown, setShown] = useState<Shown | null>(null)
  const watch = useRef<Watch | null>(null)

  function stop() {
    window.clearTimeout(watch.current?.timer)
    watch.current = null
  }

  // Leaving the page stops the polling; the server forgets the job's file within the hour.
  useEffect(() => {
    const ref = watch
    return () => {
      window.clearTimeout(ref.current?.timer)
      ref.current = null
    }
  }, [])

  async function run(format: ExportFormat) {
    stop()
    const mine: Watch = { timer: undefined }
    watch.current = mine
    const isStale = () => watch.current !== mine
    setShown({ format, job: null })
    try {
      let job = await start.mutateAsync({ name, format, input })
      while (isExportPending(job)) {
        if (isStale()) return
        setShown({ format, job })
        await new Promise<void>((resolve) => {
          mine.timer = window.setTimeout(resolve, EXPORT_POLL_MS)
        })
        if (isStale()) return
        // staleTime 0: always ask the server, never the query cache.
        job = await utils.export.status.fetch({ id: job.id }, { staleTime: 0, gcTime: 0 })
      }
      if (isStale()) return
      watch.current = null
      setShown(null)
      if (job.state === 'DONE') {
        download(exportFileUrl(job.id))
        notifySuccess(`${job.fileName} is downloading.`, 'Export ready')
      } else {
        // The job's own words (an AppError's message), not a generic "something went wrong".
        notifications.show({
          color: 'red',
          title: 'The export failed',
          message: exportProgress(job).label,
          autoClose: 8000,
        })
      }
    } catch (error) {
      if (isStale()) return
      watch.current = null
      setShown(null)
      notifyError('Could not export', error)
    }
  }

  const progress = shown ? exportProgress(shown.job) : null

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            leftSection={<IconDownload size={18} aria-hidden />}
            rightSection={<IconChevronDown size={14} aria-hidden />}
            disabled={disabled}
            loading={shown !== null}
            data-print-hidden
          >
            Export
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {EXPORT_FORMATS.map((choice) => (
            <Menu.Item
              key={choice.format}
              onClick={() => {
                void run(choice.format)
              }}
            >
              {choice.label}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Modal
        opened={shown !== null}
        onClose={() => {
          stop()
          setShown(null)
        }}
        title={shown ? exportTitle(name, shown.format) : ''}
        size="sm"
        centered
      >
        {progress ? (
          <Stack gap="sm">
            <Progress.Root size="lg">
              <Progress.Section
                value={progress.percent ?? 100}
                animated={progress.percent === null}
                withAria={false}
                role="progressbar"
                aria-label="Export progress"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={progress.percent ?? undefined}
                aria-valuetext={progress.label}
              />
            </Progress.Root>
            <Text size="sm" c="dimmed" aria-live="polite">
              {progress.label}
            </Text>
            <Group justify="flex-end">
              <Button
                variant="default"
                onClick={() => {
                  stop()
                  setShown(null)
                }}
              >
                Cancel
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </>
  )
}
