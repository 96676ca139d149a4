import { Textarea } from '@mantine/core'
import { zReason } from '@mp/api/schemas'
import { schemaProblem } from '../lib/schema-problem'

/** Why something was changed, kept in the history: the server's rule (3–500 characters) and its words. */
export function reasonProblem(reason: string): string | undefined {
  return schemaProblem(zReason(), reason)
}

/** A required reason box, limited to the 500 characters the server keeps. */
export function ReasonField({
  value,
  onChange,
  error,
  description,
}: {
  value: string
  onChange: (value: string) => void
  error: string | undefined
  description?: string
}) {
  return (
    <Textarea
      label="Reason"
      required
      description={description}
      autosize
      minRows={2}
      maxLength={500}
      value={value}
      error={error}
      onChange={(event) => {
        onChange(event.currentTarget.value)
      }}
    />
  )
}
