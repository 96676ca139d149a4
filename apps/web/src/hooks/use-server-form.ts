import { useEffect, useRef, useState, type ChangeEvent, type SubmitEvent } from 'react'
import { mapServerErrors } from '../lib/errors'

type Errors<TValues> = Partial<Record<keyof TValues & string, string>>
type StringKeys<TValues> = { [K in keyof TValues]: TValues[K] extends string ? K : never }[keyof TValues] &
  string

type ServerFormOptions<TValues extends Record<string, unknown>> = {
  initialValues: TValues
  /** The mutation's error (`mutation.error`): its field messages land under the matching fields. */
  serverError: unknown
  /** Client-side checks run on submit (required fields, matching confirmation). Keyed like the values. */
  validate?: (values: TValues) => Errors<TValues>
  /** Business-error reasons that belong under a field, e.g. `{ WRONG_CURRENT_PASSWORD: 'currentPassword' }`. */
  reasonFields?: Partial<Record<string, keyof TValues & string>>
}

const NO_FIELDS: ReadonlySet<string> = new Set()

/**
 * Form state for a tRPC mutation: values, client-side checks, and the server's `zodError.fieldErrors`
 * shown under the matching fields (anything else in `formError`, for an Alert above the form). Editing a
 * field hides its error until the next submit.
 */
export function useServerForm<TValues extends Record<string, unknown>>({
  initialValues,
  serverError,
  validate,
  reasonFields,
}: ServerFormOptions<TValues>) {
  const [values, setValuesState] = useState(initialValues)
  const [clientErrors, setClientErrors] = useState<Errors<TValues>>({})
  // Server errors the user has since edited away, remembered per error object so a new failure shows
  // everything again.
  const [dismissed, setDismissed] = useState<{ error: unknown; fields: ReadonlySet<string> }>({
    error: undefined,
    fields: NO_FIELDS,
  })
  // The form last submitted, to bring the first field in error into view (client checks or the server's).
  const formRef = useRef<HTMLFormElement | null>(null)
  useEffect(() => {
    if (serverError && formRef.current) focusFirstError(formRef.current)
  }, [serverError])
  const fieldNames = Object.keys(initialValues) as (keyof TValues & string)[]
  const server = mapServerErrors(serverError, fieldNames, reasonFields)
  const dismissedFields = dismissed.error === serverError ? dismissed.fields : NO_FIELDS

  function errorOf(field: keyof TValues & string): string | undefined {
    return clientErrors[field] ?? (dismissedFields.has(field) ? undefined : server.fieldErrors[field])
  }

  function setValue<K extends keyof TValues & string>(field: K, value: TValues[K]) {
    setValuesState((current) => ({ ...current, [field]: value }))
    setClientErrors((current) =>
      current[field] === undefined ? current : { ...current, [field]: undefined },
    )
    setDismissed({ error: serverError, fields: new Set([...dismissedFields, field]) })
  }

  function reset(next: TValues = initialValues) {
    setValuesState(next)
    setClientErrors({})
  }

  /** Props for a TextInput / Textarea / PasswordInput bound to a string field. */
  function text(field: StringKeys<TValues>) {
    return {
      value: values[field] as string,
      error: errorOf(field),
      onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
        setValue(field, event.currentTarget.value as TValues[typeof field])
      },
    }
  }

  /** Runs the client checks, then `handler` with the current values; false when a check failed. */
  function submit(handler: (values: TValues) => void): boolean {
    const errors = validate?.(values) ?? {}
    setClientErrors(errors)
    if (Object.values(errors).some((message) => message !== undefined)) return false
    handler(values)
    return true
  }

  /** A submit handler for a `<form>`: {@link submit} without the page reload. */
  function onSubmit(handler: (values: TValues) => void) {
    return (event: SubmitEvent<HTMLFormElement>) => {
      event.preventDefault()
      const form = event.currentTarget
      formRef.current = form
      if (!submit(handler)) focusFirstError(form)
    }
  }

  return { values, setValue, reset, errorOf, text, submit, onSubmit, formError: server.formError }
}

export type ServerForm<TValues extends Record<string, unknown>> = ReturnType<typeof useServerForm<TValues>>

/**
 * After a failed Next or Save, the first field in error scrolled to the middle of the screen and focused, so
 * on a phone the message is not left a screen above the button (issue 15). Runs after React has drawn the
 * errors (aria-invalid); a form-level alert is the fallback when no field is marked.
 */
function focusFirstError(form: HTMLFormElement): void {
  requestAnimationFrame(() => {
    const target =
      form.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form.querySelector<HTMLElement>('[role="alert"]')
    if (!target) return
    target.scrollIntoView({ block: 'center' })
    if (target.matches('input, select, textarea, button, [tabindex]')) target.focus({ preventScroll: true })
  })
}
