import {
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core'
import { MONTH_NAMES } from '@mp/domain'
import { useState } from 'react'
import { useCurrentUser } from '../../auth/current-user'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { DayInput } from '../../components/day-input'
import { FormAlert } from '../../components/form-alert'
import { QueryView } from '../../components/states'
import { mapServerErrors } from '../../lib/errors'
import { notifySuccess } from '../../lib/notify'
import { trpc, type RouterOutputs } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import { SettingsSection } from './settings-section'

/**
 * Settings → Calendar: the company's non-working days (docs/lending.md "Working days and holidays").
 * Admins change the weekend days and the holidays; everyone else reads them.
 */
type Holiday = RouterOutputs['calendar']['holidays']['dated'][number]

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

export function CalendarSettings() {
  const me = useCurrentUser()
  const isAdmin = me.role === 'ADMIN'
  return (
    <Stack gap="lg">
      <SettingsSection
        title="Weekend days"
        description="Days of the week nobody works. Installments and meetings on them move to a working day."
      >
        <WeekendDays isAdmin={isAdmin} />
      </SettingsSection>
      <SettingsSection
        title="Public holidays"
        description="Holidays on one date (Easter, the Eids) or on the same day every year. Due dates on them move to a working day."
      >
        <Holidays isAdmin={isAdmin} />
      </SettingsSection>
    </Stack>
  )
}

function WeekendDays({ isAdmin }: { isAdmin: boolean }) {
  const query = trpc.calendar.weekendDays.useQuery()
  return (
    <QueryView query={query} errorTitle="Could not load the weekend days" loading={<Skeleton height={80} />}>
      {(data) => (
        <WeekendDaysForm key={data.weekendDays.join(',')} initial={data.weekendDays} isAdmin={isAdmin} />
      )}
    </QueryView>
  )
}

function WeekendDaysForm({ initial, isAdmin }: { initial: number[]; isAdmin: boolean }) {
  const utils = trpc.useUtils()
  const save = trpc.calendar.setWeekendDays.useMutation()
  const [days, setDays] = useState(initial.map(String))
  const server = mapServerErrors(save.error, ['weekendDays'])
  const isAllSeven = days.length === 7
  return (
    <Stack gap="sm">
      <Checkbox.Group
        label="Not worked on"
        value={days}
        onChange={setDays}
        error={
          isAllSeven ? 'At least one day of the week must be a working day' : server.fieldErrors.weekendDays
        }
      >
        <Group gap="md" mt="xs">
          {WEEKDAYS.map((name, index) => (
            <Checkbox key={name} value={String(index + 1)} label={name} disabled={!isAdmin} />
          ))}
        </Group>
      </Checkbox.Group>
      <FormAlert title="The weekend days were not saved" message={server.formError} />
      {isAdmin ? (
        <Group>
          <Button
            loading={save.isPending}
            disabled={isAllSeven}
            onClick={() => {
              save.mutate(
                { weekendDays: days.map(Number) },
                {
                  onSuccess: () => {
                    notifySuccess('Weekend days saved')
                    void utils.calendar.invalidate()
                  },
                },
              )
            }}
          >
            Save weekend days
          </Button>
        </Group>
      ) : (
        <Text size="sm" c="dimmed">
          Only an administrator can change the calendar.
        </Text>
      )}
    </Stack>
  )
}

function yearOptions(current: number) {
  return Array.from({ length: 7 }, (_, index) => String(current - 2 + index))
}

function Holidays({ isAdmin }: { isAdmin: boolean }) {
  const [year, setYear] = useState(() => new Date().getFullYear())
  const query = trpc.calendar.holidays.useQuery({ fromYear: year, toYear: year })
  const utils = trpc.useUtils()
  const addNigerian = trpc.calendar.addNigerianHolidays.useMutation()
  const [editing, setEditing] = useState<Holiday | 'new' | null>(null)
  const [deleting, setDeleting] = useState<Holiday | null>(null)
  const format = useCompanyFormat()

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Select
          label="Year"
          data={yearOptions(new Date().getFullYear())}
          value={String(year)}
          onChange={(value) => {
            if (value) setYear(Number(value))
          }}
          allowDeselect={false}
          w={120}
        />
        {isAdmin ? (
          <Group gap="sm">
            <Button
              variant="default"
              loading={addNigerian.isPending}
              onClick={() => {
                addNigerian.mutate(undefined, {
                  onSuccess: (result) => {
                    notifySuccess(
                      result.added.length === 0
                        ? "Nigeria's fixed-date public holidays are all there already"
                        : `Added ${result.added.length} of Nigeria's fixed-date public holidays`,
                    )
                    void utils.calendar.invalidate()
                  },
                })
              }}
            >
              Add Nigeria&apos;s fixed-date public holidays
            </Button>
            <Button
              onClick={() => {
                setEditing('new')
              }}
            >
              Add holiday
            </Button>
          </Group>
        ) : null}
      </Group>
      <FormAlert
        title="The holidays were not added"
        message={mapServerErrors(addNigerian.error, []).formError}
      />
      <QueryView query={query} errorTitle="Could not load the holidays" loading={<Skeleton height={160} />}>
        {(data) => {
          const rows = [
            ...data.dated.map((h) => ({ holiday: h, when: format.date(h.date), kind: `In ${year}` })),
            ...data.yearly.map((h) => ({
              holiday: h,
              when: `${h.day ?? ''} ${MONTH_NAMES[(h.month ?? 1) - 1] ?? ''}`,
              kind: 'Every year',
            })),
          ]
          if (rows.length === 0) {
            return (
              <Text size="sm" c="dimmed">
                No holidays for {year}.
              </Text>
            )
          }
          return (
            <Table.ScrollContainer minWidth={480}>
              <Table striped aria-label={`Holidays in ${year}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Holiday</Table.Th>
                    <Table.Th>Date</Table.Th>
                    <Table.Th>Repeats</Table.Th>
                    {isAdmin ? <Table.Th>Actions</Table.Th> : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map(({ holiday, when, kind }) => (
                    <Table.Tr key={holiday.id}>
                      <Table.Td>{holiday.name}</Table.Td>
                      <Table.Td>{when}</Table.Td>
                      <Table.Td>{kind}</Table.Td>
                      {isAdmin ? (
                        <Table.Td>
                          <Group gap="xs">
                            <Button
                              size="xs"
                              variant="subtle"
                              aria-label={`Edit ${holiday.name}`}
                              onClick={() => {
                                setEditing(holiday)
                              }}
                            >
                              Edit
                            </Button>
                            <Button
                              size="xs"
                              variant="subtle"
                              color="red"
                              aria-label={`Delete ${holiday.name}`}
                              onClick={() => {
                                setDeleting(holiday)
                              }}
                            >
                              Delete
                            </Button>
                          </Group>
                        </Table.Td>
                      ) : null}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }}
      </QueryView>
      {editing ? (
        <HolidayDialog
          holiday={editing === 'new' ? null : editing}
          onClose={() => {
            setEditing(null)
          }}
        />
      ) : null}
      {deleting ? (
        <DeleteHolidayDialog
          holiday={deleting}
          onClose={() => {
            setDeleting(null)
          }}
        />
      ) : null}
    </Stack>
  )
}

type HolidayFields = 'name' | 'date' | 'month' | 'day'

function HolidayDialog({ holiday, onClose }: { holiday: Holiday | null; onClose: () => void }) {
  const utils = trpc.useUtils()
  const create = trpc.calendar.createHoliday.useMutation()
  const update = trpc.calendar.updateHoliday.useMutation()
  const mutation = holiday ? update : create
  const [name, setName] = useState(holiday?.name ?? '')
  const [kind, setKind] = useState<'date' | 'yearly'>(holiday && holiday.date === null ? 'yearly' : 'date')
  const [date, setDate] = useState(holiday?.date ?? '')
  const [month, setMonth] = useState(holiday?.month ? String(holiday.month) : '')
  const [day, setDay] = useState<number | string>(holiday?.day ?? '')
  const server = mapServerErrors<HolidayFields>(mutation.error, ['name', 'date', 'month', 'day'], {
    HOLIDAY_EXISTS: kind === 'date' ? 'date' : 'day',
  })

  function save() {
    const fields =
      kind === 'date'
        ? { name, date: date === '' ? null : date, month: null, day: null }
        : {
            name,
            date: null,
            month: month === '' ? null : Number(month),
            day: day === '' ? null : Number(day),
          }
    const onSuccess = (saved: { name: string }) => {
      notifySuccess(holiday ? `${saved.name} was updated` : `${saved.name} was added`)
      void utils.calendar.invalidate()
      onClose()
    }
    if (holiday) update.mutate({ id: holiday.id, ...fields }, { onSuccess })
    else create.mutate(fields, { onSuccess })
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={holiday ? `Edit ${holiday.name}` : 'New holiday'}
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        noValidate
        aria-label={holiday ? 'Edit holiday' : 'New holiday'}
        onSubmit={(event) => {
          event.preventDefault()
          save()
        }}
      >
        <Stack gap="md">
          <FormAlert title="The holiday was not saved" message={server.formError} />
          <TextInput
            label="Holiday name"
            required
            maxLength={80}
            data-autofocus
            value={name}
            onChange={(event) => {
              setName(event.currentTarget.value)
            }}
            error={server.fieldErrors.name}
          />
          <SegmentedControl
            aria-label="Repeats"
            value={kind}
            onChange={(value) => {
              setKind(value === 'yearly' ? 'yearly' : 'date')
            }}
            data={[
              { value: 'date', label: 'On one date' },
              { value: 'yearly', label: 'Every year' },
            ]}
          />
          {kind === 'date' ? (
            <DayInput label="Date" required value={date} onChange={setDate} error={server.fieldErrors.date} />
          ) : (
            <Group grow align="flex-start">
              <Select
                label="Month"
                required
                data={MONTH_NAMES.map((label, index) => ({ value: String(index + 1), label }))}
                value={month || null}
                onChange={(value) => {
                  setMonth(value ?? '')
                }}
                error={server.fieldErrors.month}
              />
              <NumberInput
                label="Day"
                required
                min={1}
                max={31}
                allowDecimal={false}
                value={day}
                onChange={setDay}
                error={server.fieldErrors.day}
              />
            </Group>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={mutation.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {holiday ? 'Save changes' : 'Add holiday'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

function DeleteHolidayDialog({ holiday, onClose }: { holiday: Holiday; onClose: () => void }) {
  const utils = trpc.useUtils()
  const remove = trpc.calendar.deleteHoliday.useMutation()
  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={`Delete ${holiday.name}?`}
      message="Loans already booked keep their due dates; new loans will be due on this day again."
      confirmLabel="Delete holiday"
      confirmColor="red"
      isPending={remove.isPending}
      error={remove.error}
      onConfirm={() => {
        remove.mutate(
          { id: holiday.id },
          {
            onSuccess: () => {
              notifySuccess(`${holiday.name} was deleted`)
              void utils.calendar.invalidate()
              onClose()
            },
          },
        )
      }}
    />
  )
}
