import { Button, Group, Modal, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core'
import { ZStaffCreateInput, ZStaffSetActiveInput, ZStaffUpdateInput } from '@mp/api/schemas'
import { useState, type ChangeEvent } from 'react'
import { useCurrentUser } from '../../auth/current-user'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { FormAlert } from '../../components/form-alert'
import { OneTimePassword } from '../../components/one-time-password'
import { useReturnFocus } from '../../hooks/use-return-focus'
import { useServerForm } from '../../hooks/use-server-form'
import { mapServerErrors } from '../../lib/errors'
import { notifySuccess } from '../../lib/notify'
import { assignableRoles, fullName, roleLabel } from '../../lib/roles'
import { schemaErrors } from '../../lib/schema-errors'
import { trpc, type RouterInputs, type StaffMember, type StaffRole } from '../../lib/trpc'

const NO_SUPERVISOR = ''

function useInvalidateStaff() {
  const utils = trpc.useUtils()
  return () => utils.staff.invalidate()
}

function supervisorOptions(supervisors: readonly { id: string; name: string }[] | undefined) {
  return [
    { value: NO_SUPERVISOR, label: 'No supervisor' },
    ...(supervisors ?? []).map((supervisor) => ({ value: supervisor.id, label: supervisor.name })),
  ]
}

/** The text fields both staff forms share; the server's schemas check them before anything is sent. */
const CONTACT_FIELDS = ['email', 'firstName', 'lastName', 'phone'] as const
type ContactField = (typeof CONTACT_FIELDS)[number]
type ContactValues = Record<ContactField, string>

type TextProps = {
  value: string
  error: string | undefined
  onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => void
}

/** Email, names and phone, bound to a staff form (`form.text`). */
function ContactFields({
  text,
  emailDescription,
}: {
  text: (field: ContactField) => TextProps
  /** Set when the email cannot be changed here: it says why, and the field is read-only. */
  emailDescription?: string
}) {
  return (
    <>
      <TextInput
        label="Email address"
        type="email"
        autoComplete="off"
        required
        readOnly={emailDescription !== undefined}
        description={emailDescription}
        {...text('email')}
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <TextInput label="First name" autoComplete="off" required {...text('firstName')} />
        <TextInput label="Last name" autoComplete="off" required {...text('lastName')} />
      </SimpleGrid>
      <TextInput
        label="Phone number"
        type="tel"
        autoComplete="off"
        placeholder="0803 123 4567"
        {...text('phone')}
      />
    </>
  )
}

type CreateValues = ContactValues & { role: string; supervisorId: string }

/**
 * New staff account. The server answers with a one-time password, shown here once. Supervisors can
 * only add credit officers, who join their team.
 */
export function CreateStaffDialog({ onClose }: { onClose: () => void }) {
  useReturnFocus()
  const me = useCurrentUser()
  const roles = assignableRoles(me.role)
  const isAdmin = me.role === 'ADMIN'
  const invalidate = useInvalidateStaff()
  const create = trpc.staff.create.useMutation()
  const form = useServerForm<CreateValues>({
    initialValues: {
      email: '',
      firstName: '',
      lastName: '',
      phone: '',
      role: roles.length === 1 ? (roles[0] ?? '') : '',
      supervisorId: NO_SUPERVISOR,
    },
    serverError: create.error,
    validate: (values) => ({
      ...schemaErrors(ZStaffCreateInput, toInput(values), CONTACT_FIELDS),
      role: values.role ? undefined : 'Choose a role',
    }),
  })
  const isOfficer = form.values.role === 'CREDIT_OFFICER'
  const supervisors = trpc.staff.supervisors.useQuery(undefined, { enabled: isAdmin && isOfficer })

  function toInput(values: CreateValues): RouterInputs['staff']['create'] {
    const role = values.role as StaffRole
    return {
      email: values.email.trim(),
      firstName: values.firstName.trim(),
      lastName: values.lastName.trim(),
      phone: values.phone.trim() || undefined,
      role,
      supervisorId:
        isAdmin && role === 'CREDIT_OFFICER' && values.supervisorId !== NO_SUPERVISOR
          ? values.supervisorId
          : undefined,
    }
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={create.data ? 'Staff member created' : 'Add staff member'}
      centered
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
      // Closing by a stray click would lose the one-time password.
      closeOnClickOutside={!create.data}
    >
      {create.data ? (
        <Stack gap="md">
          <Text size="sm">
            {fullName(create.data.user)} can now sign in as <strong>{create.data.user.email}</strong> with
            this password.
          </Text>
          <OneTimePassword password={create.data.oneTimePassword} staffName={create.data.user.firstName} />
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form
          noValidate
          aria-label="Add staff member"
          onSubmit={form.onSubmit((values) => {
            create.mutate(toInput(values), {
              onSuccess: (result) => {
                notifySuccess(
                  `${fullName(result.user)} was added as ${roleLabel(result.user.role).toLowerCase()}.`,
                )
                void invalidate()
              },
            })
          })}
        >
          <Stack gap="md">
            <FormAlert title="The staff member was not created" message={form.formError} />
            <ContactFields text={form.text} />
            <Select
              label="Role"
              required
              data={roles.map((role) => ({ value: role, label: roleLabel(role) }))}
              value={form.values.role || null}
              onChange={(value) => {
                form.setValue('role', value ?? '')
              }}
              error={form.errorOf('role')}
              allowDeselect={false}
              disabled={roles.length === 1}
              description={
                roles.length === 1 ? 'Supervisors add credit officers, who join their own team.' : undefined
              }
            />
            {isAdmin && isOfficer ? (
              <Select
                label="Supervisor"
                description="The supervisor who approves this officer's loans."
                data={supervisorOptions(supervisors.data)}
                value={form.values.supervisorId}
                onChange={(value) => {
                  form.setValue('supervisorId', value ?? NO_SUPERVISOR)
                }}
                error={
                  form.errorOf('supervisorId') ??
                  (supervisors.error ? 'Could not load supervisors' : undefined)
                }
                allowDeselect={false}
                searchable
              />
            ) : null}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={onClose} disabled={create.isPending}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create staff member
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  )
}

type EditValues = ContactValues & { role: string }

export function EditStaffDialog({ staff, onClose }: { staff: StaffMember; onClose: () => void }) {
  useReturnFocus()
  const me = useCurrentUser()
  const isAdmin = me.role === 'ADMIN'
  const canChangeRole = isAdmin && me.id !== staff.id
  const invalidate = useInvalidateStaff()
  const update = trpc.staff.update.useMutation()
  const form = useServerForm<EditValues>({
    initialValues: {
      email: staff.email,
      firstName: staff.firstName,
      lastName: staff.lastName,
      phone: staff.phone ?? '',
      role: staff.role,
    },
    serverError: update.error,
    validate: (values) => schemaErrors(ZStaffUpdateInput, toInput(values), CONTACT_FIELDS),
  })

  function toInput(values: EditValues): RouterInputs['staff']['update'] {
    return {
      id: staff.id,
      email: isAdmin ? values.email.trim() : undefined,
      firstName: values.firstName.trim(),
      lastName: values.lastName.trim(),
      phone: values.phone.trim() || null,
      role: canChangeRole ? (values.role as StaffRole) : undefined,
    }
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={`Edit ${fullName(staff)}`}
      centered
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        noValidate
        aria-label="Edit staff member"
        onSubmit={form.onSubmit((values) => {
          update.mutate(toInput(values), {
            onSuccess: () => {
              notifySuccess('Changes saved')
              onClose()
              void invalidate()
            },
          })
        })}
      >
        <Stack gap="md">
          <FormAlert title="Changes were not saved" message={form.formError} />
          <ContactFields
            text={form.text}
            emailDescription={isAdmin ? undefined : 'Only an administrator can change an email address.'}
          />
          {canChangeRole ? (
            <Select
              label="Role"
              data={assignableRoles(me.role).map((role) => ({ value: role, label: roleLabel(role) }))}
              value={form.values.role}
              onChange={(value) => {
                if (value) form.setValue('role', value)
              }}
              error={form.errorOf('role')}
              allowDeselect={false}
              description="A new role takes effect on their next request."
            />
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={update.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Save changes
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

/** Deactivate (reason required: it is audited) or reactivate an account. */
export function SetActiveDialog({ staff, onClose }: { staff: StaffMember; onClose: () => void }) {
  useReturnFocus()
  const invalidate = useInvalidateStaff()
  const setActive = trpc.staff.setActive.useMutation()
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string | undefined>()
  const isDeactivating = staff.isActive
  const name = fullName(staff)
  const server = mapServerErrors(setActive.error, ['reason'])

  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={isDeactivating ? `Deactivate ${name}?` : `Reactivate ${name}?`}
      message={
        isDeactivating
          ? 'They are signed out everywhere and cannot sign in until reactivated. Their unions, members and loans stay as they are.'
          : 'They can sign in again with their current password.'
      }
      confirmLabel={isDeactivating ? 'Deactivate' : 'Reactivate'}
      confirmColor={isDeactivating ? 'red' : undefined}
      isPending={setActive.isPending}
      error={server.formError}
      onConfirm={() => {
        const input = { id: staff.id, isActive: !isDeactivating, reason: reason.trim() || undefined }
        const problem = schemaErrors(ZStaffSetActiveInput, input, ['reason'] as const).reason
        if (problem !== undefined) {
          setReasonError(problem)
          return
        }
        setActive.mutate(input, {
          onSuccess: () => {
            notifySuccess(isDeactivating ? `${name} was deactivated` : `${name} was reactivated`)
            onClose()
            void invalidate()
          },
        })
      }}
    >
      <Textarea
        label={isDeactivating ? 'Reason' : 'Reason (optional)'}
        required={isDeactivating}
        autosize
        minRows={2}
        value={reason}
        error={reasonError ?? server.fieldErrors.reason}
        onChange={(event) => {
          setReason(event.currentTarget.value)
          setReasonError(undefined)
        }}
      />
    </ConfirmDialog>
  )
}

/** Replaces their password with a new one-time password, shown once. */
export function ResetPasswordDialog({ staff, onClose }: { staff: StaffMember; onClose: () => void }) {
  useReturnFocus()
  const invalidate = useInvalidateStaff()
  const reset = trpc.staff.resetPassword.useMutation({
    onSuccess: async () => {
      notifySuccess(`${fullName(staff)} has a new one-time password`)
      await invalidate()
    },
  })
  const name = fullName(staff)

  if (reset.data) {
    return (
      <Modal
        opened
        onClose={onClose}
        title="New one-time password"
        centered
        closeOnClickOutside={false}
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        <Stack gap="md">
          <OneTimePassword password={reset.data.oneTimePassword} staffName={staff.firstName} />
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      </Modal>
    )
  }
  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={`Reset ${name}'s password?`}
      message={`Their current password stops working. You will get a one-time password to give ${staff.firstName}, who must choose a new password when they next sign in.`}
      confirmLabel="Reset password"
      confirmColor="orange"
      isPending={reset.isPending}
      error={reset.error}
      onConfirm={() => {
        reset.mutate({ id: staff.id })
      }}
    />
  )
}

/** Admin: which supervisor a credit officer reports to. Takes effect on the next request (docs/product.md §1). */
export function AssignSupervisorDialog({ staff, onClose }: { staff: StaffMember; onClose: () => void }) {
  useReturnFocus()
  const invalidate = useInvalidateStaff()
  const supervisors = trpc.staff.supervisors.useQuery()
  const assign = trpc.staff.assignSupervisor.useMutation()
  const [supervisorId, setSupervisorId] = useState(staff.supervisorId ?? NO_SUPERVISOR)

  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={`Supervisor of ${fullName(staff)}`}
      message="The new supervisor sees this officer's unions, members and loans from their next request."
      confirmLabel="Save supervisor"
      isPending={assign.isPending}
      error={assign.error}
      isConfirmDisabled={supervisorId === (staff.supervisorId ?? NO_SUPERVISOR)}
      onConfirm={() => {
        assign.mutate(
          { id: staff.id, supervisorId: supervisorId === NO_SUPERVISOR ? null : supervisorId },
          {
            onSuccess: () => {
              notifySuccess('Supervisor saved')
              onClose()
              void invalidate()
            },
          },
        )
      }}
    >
      <Select
        label="Supervisor"
        data={supervisorOptions(supervisors.data)}
        value={supervisorId}
        onChange={(value) => {
          setSupervisorId(value ?? NO_SUPERVISOR)
        }}
        allowDeselect={false}
        searchable
        comboboxProps={{ withinPortal: true }}
        error={supervisors.error ? 'Could not load supervisors' : undefined}
        disabled={supervisors.isPending}
      />
    </ConfirmDialog>
  )
}

/** Admin: signs the member of staff out on every device (a lost phone, a shared PC). */
export function RevokeStaffSessionsDialog({ staff, onClose }: { staff: StaffMember; onClose: () => void }) {
  useReturnFocus()
  const invalidate = useInvalidateStaff()
  const revoke = trpc.staff.revokeSessions.useMutation()
  const name = fullName(staff)
  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={`Sign ${name} out everywhere?`}
      message="Every device they are signed in on is signed out at once. Their password stays the same."
      confirmLabel="Sign out everywhere"
      confirmColor="red"
      isPending={revoke.isPending}
      error={revoke.error}
      onConfirm={() => {
        revoke.mutate(
          { id: staff.id },
          {
            onSuccess: ({ revoked }) => {
              notifySuccess(
                revoked === 1
                  ? `${name} was signed out of 1 session`
                  : `${name} was signed out of ${revoked} sessions`,
              )
              onClose()
              void invalidate()
            },
          },
        )
      }}
    />
  )
}
