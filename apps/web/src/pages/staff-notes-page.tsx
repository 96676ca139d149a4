import { Card, EmptyState, Skeleton, Stack } from '@mantine/core'
import { IconNotes } from '@tabler/icons-react'
import { useSearchParams } from 'react-router'
import { PageHeader } from '../components/page-header'
import { StaffNotes } from '../components/staff-notes'
import { StaffSelect } from '../components/staff-select'
import { QueryView } from '../components/states'
import { fullName } from '../lib/roles'
import { trpc } from '../lib/trpc'

/** Notes about one member of staff at a time; the choice lives in the address (?staff=id) so it can be shared. */
export function StaffNotesPage() {
  const [params, setParams] = useSearchParams()
  const staffId = params.get('staff')

  return (
    <Stack gap="lg">
      <PageHeader
        title="Staff notes"
        description="Notes about members of staff. Private notes are seen only by their author and admins."
      />
      <Card withBorder padding="md">
        <StaffSelect
          label="Staff member"
          placeholder="Choose a member of staff"
          value={staffId}
          onChange={(value) => {
            setParams(value ? { staff: value } : {})
          }}
        />
      </Card>
      {staffId ? (
        <SelectedStaffNotes staffId={staffId} />
      ) : (
        <Card withBorder padding="xl">
          <EmptyState
            icon={<IconNotes aria-hidden />}
            withIndicatorBackground
            title="Choose a member of staff"
            description="Their notes appear here, and you can add one."
          />
        </Card>
      )}
    </Stack>
  )
}

function SelectedStaffNotes({ staffId }: { staffId: string }) {
  const staff = trpc.staff.get.useQuery({ id: staffId })
  return (
    <Card withBorder padding="lg">
      <QueryView
        query={staff}
        errorTitle="Could not load this member of staff"
        loading={<Skeleton height={160} />}
      >
        {(member) => <StaffNotes key={member.id} staffId={member.id} staffName={fullName(member)} />}
      </QueryView>
    </Card>
  )
}
