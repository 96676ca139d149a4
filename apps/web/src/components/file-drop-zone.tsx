import { Group, Input, Paper, Stack, Text } from '@mantine/core'
import { IconFileUpload, IconX } from '@tabler/icons-react'
import { useId, useRef, useState, type DragEvent } from 'react'
import { formatFileSize, UPLOAD_ACCEPT, UPLOAD_TYPES_TEXT } from '../lib/files'

// Kept in the accessibility tree (unlike display:none) so it can be focused, labelled and driven by
// tests; the drop zone is what sighted users see and click.
const VISUALLY_HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const

type FileDropZoneProps = {
  label?: string
  value: File | null
  onChange: (file: File | null) => void
  error?: string | undefined
  required?: boolean
}

/**
 * One file, dropped or chosen. A real `<input type="file">` named by the label does the work; the
 * dashed area around it takes drops and clicks. Checking type and size is the form's job.
 */
export function FileDropZone({
  label = 'File',
  value,
  onChange,
  error,
  required = false,
}: FileDropZoneProps) {
  const id = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  const [isDragging, setIsDragging] = useState(false)
  const [isFocused, setIsFocused] = useState(false)

  function pick(file: File | null) {
    onChange(file)
    // Choosing the same file again after removing it must still fire a change.
    if (file === null && inputRef.current) inputRef.current.value = ''
  }

  function handleDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault()
    setIsDragging(false)
    const file = event.dataTransfer.files.item(0)
    if (file) pick(file)
  }

  const borderColor = error
    ? 'var(--mantine-color-error)'
    : isDragging || isFocused
      ? 'var(--mantine-primary-color-filled)'
      : 'var(--mantine-color-default-border)'

  return (
    <Input.Wrapper
      id={id}
      label={label}
      // No asterisk in the label: the input's accessible name stays exactly the label ("File").
      error={error}
      description={`${UPLOAD_TYPES_TEXT}, up to 5 MB`}
      errorProps={{ id: `${id}-error` }}
      descriptionProps={{ id: `${id}-description` }}
    >
      <input
        ref={inputRef}
        id={id}
        type="file"
        accept={UPLOAD_ACCEPT}
        style={VISUALLY_HIDDEN}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-description ${id}-error` : `${id}-description`}
        onFocus={() => {
          setIsFocused(true)
        }}
        onBlur={() => {
          setIsFocused(false)
        }}
        onChange={(event) => {
          pick(event.currentTarget.files?.item(0) ?? null)
        }}
      />
      <Paper
        // Decorative twin of the input above, which is what keyboards and screen readers use.
        aria-hidden
        withBorder
        p="md"
        mt={4}
        style={{ borderStyle: 'dashed', borderWidth: 2, borderColor, cursor: 'pointer' }}
        bg={isDragging ? 'var(--mantine-primary-color-light)' : undefined}
        onClick={() => inputRef.current?.click()}
        onDragOver={(event) => {
          event.preventDefault()
          setIsDragging(true)
        }}
        onDragLeave={() => {
          setIsDragging(false)
        }}
        onDrop={handleDrop}
      >
        <Group gap="sm" wrap="nowrap">
          <IconFileUpload size={28} opacity={0.6} />
          {value ? (
            <Stack gap={0} miw={0} flex={1}>
              <Text size="sm" fw={600} truncate>
                {value.name}
              </Text>
              <Text size="xs" c="dimmed">
                {formatFileSize(value.size)} · click or drop to replace
              </Text>
            </Stack>
          ) : (
            <Text size="sm" c="dimmed" flex={1}>
              Drag a file here, or click to choose one
            </Text>
          )}
        </Group>
      </Paper>
      {value ? (
        <Group justify="flex-end" mt={4}>
          <Text
            component="button"
            type="button"
            size="xs"
            c="dimmed"
            td="underline"
            bd={0}
            bg="transparent"
            style={{ cursor: 'pointer' }}
            onClick={() => {
              pick(null)
            }}
          >
            <IconX size={12} aria-hidden /> Remove file
          </Text>
        </Group>
      ) : null}
    </Input.Wrapper>
  )
}
