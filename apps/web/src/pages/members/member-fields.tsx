import { Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core'
import { DayInput } from '../../components/day-input'
import { UnionSelect } from '../../components/union-select'
import type { ServerForm } from '../../hooks/use-server-form'
import { GENDER_OPTIONS, MARITAL_STATUS_OPTIONS } from '../../lib/labels'
import type { MemberFormValues } from '../../lib/member-form'
import { identifierHint } from '../../lib/member-rules'

type MemberForm = ServerForm<MemberFormValues>

// Where the date of birth calendar opens: 30 years back is typical for a member.
const THIRTY_YEARS_AGO = `${new Date().getFullYear() - 30}-01-01`

/** Union (on create only), names, contact and personal details. */
export function PersonalDetailsFields({ form, withUnion }: { form: MemberForm; withUnion: boolean }) {
  return (
    <Stack gap="md">
      {withUnion ? (
        <UnionSelect
          label="Union"
          required
          value={form.values.unionId || null}
          onChange={(value) => {
            form.setValue('unionId', value ?? '')
          }}
          error={form.errorOf('unionId')}
          description="The member's credit officer is the union's officer"
        />
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput label="First name" required autoComplete="off" {...form.text('firstName')} />
        <TextInput label="Middle name" autoComplete="off" {...form.text('middleName')} />
        <TextInput label="Last name" required autoComplete="off" {...form.text('lastName')} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="Phone number"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          placeholder="0803 123 4567"
          maw={{ base: '100%', sm: 260 }}
          {...form.text('phone')}
        />
        <TextInput label="Email" type="email" autoComplete="off" {...form.text('email')} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <DayInput
          label="Date of birth"
          value={form.values.dateOfBirth}
          onChange={(value) => {
            form.setValue('dateOfBirth', value)
          }}
          error={form.errorOf('dateOfBirth')}
          description="At least 16 years old"
          defaultDate={THIRTY_YEARS_AGO}
        />
        <Select
          label="Gender"
          placeholder="Not given"
          data={GENDER_OPTIONS}
          value={form.values.gender || null}
          onChange={(value) => {
            form.setValue('gender', value ?? '')
          }}
          error={form.errorOf('gender')}
          clearable
        />
        <Select
          label="Marital status"
          placeholder="Not given"
          data={MARITAL_STATUS_OPTIONS}
          value={form.values.maritalStatus || null}
          onChange={(value) => {
            form.setValue('maritalStatus', value ?? '')
          }}
          error={form.errorOf('maritalStatus')}
          clearable
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Profession" {...form.text('profession')} />
        <TextInput label="Employer" {...form.text('employer')} />
      </SimpleGrid>
      <Textarea label="Address" autosize minRows={2} {...form.text('address')} />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput label="City" {...form.text('city')} />
        <TextInput label="State" {...form.text('state')} />
        <TextInput label="Country" {...form.text('country')} />
      </SimpleGrid>
    </Stack>
  )
}

/** BVN and NIN, with a running digit count. */
export function IdentityFields({ form }: { form: MemberForm }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <TextInput
        label="BVN"
        inputMode="numeric"
        autoComplete="off"
        description={`Bank Verification Number: ${identifierHint(form.values.bvn)}`}
        maw={{ base: '100%', sm: 260 }}
        {...form.text('bvn')}
      />
      <TextInput
        label="NIN"
        inputMode="numeric"
        autoComplete="off"
        description={`National Identification Number: ${identifierHint(form.values.nin)}`}
        maw={{ base: '100%', sm: 260 }}
        {...form.text('nin')}
      />
    </SimpleGrid>
  )
}
