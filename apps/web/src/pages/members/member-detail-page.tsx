import { Avatar, Anchor, Badge, Button, Card, Grid, Group, Stack, Switch, Text, Title } from '@mantine/core'
import { IconArrowsExchange, IconPencil, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { useCurrentUser } from '../../auth/current-user'
import { DocumentsSection } from '../../components/documents-section'
import { MemberMovesTable } from '../../components/history-tables'
import { PageHeader } from '../../components/page-header'
import { ProfileList } from '../../components/profile-list'
import { DetailPage } from '../../components/detail-page'
import { titleCase } from '../../lib/labels'
import { lendingPermissions } from '../../lib/lending-permissions'
import { formatPhone, memberName } from '../../lib/member-rules'
import { notifyError, notifySuccess } from '../../lib/notify'
import { trpc, type MemberProfile } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import { GuarantorsSection } from './guarantors-section'
import { MemberLoans } from './member-loans'
import { VerifiedBadge } from './member-columns'
import { DeleteMemberDialog, MoveMemberDialog, VerifyMemberDialog } from './member-dialogs'
import { IdentifierValue, RevealIdentifiersButton, useIdentifierReveal } from './member-identifiers'

export function MemberDetailPage() {
  const { id = '' } = useParams()
  const member = trpc.member.get.useQuery({ id })
  return (
    <DetailPage
      back={{ to: '/members', label: 'All members' }}
      query={member}
      errorTitle="Could not load this member"
      skeletons={[220]}
    >
      {(data) => <MemberDetail member={data} />}
    </DetailPage>
  )
}

type Dialog = 'move' | 'verify' | 'delete' | null

function MemberDetail({ member }: { member: MemberProfile }) {
  const permissions = lendingPermissions(useCurrentUser().role)
  const format = useCompanyFormat()
  const navigate = useNavigate()
  const [dialog, setDialog] = useState<Dialog>(null)
  const identifiers = useIdentifierReveal(member.id)
  const close = () => {
    setDialog(null)
  }
  const name = memberName(member)
  const utils = trpc.useUtils()
  const setPhoto = trpc.member.setPhoto.useMutation()

  return (
    <Stack gap="lg">
      <PageHeader
        title={name}
        description={
          <Group gap="xs" component="span">
            <Avatar
              src={member.photoUrl}
              alt={member.photoUrl ? `Photo of ${name}` : undefined}
              radius="xl"
              size="md"
              component="span"
            >
              {`${member.firstName.charAt(0)}${member.lastName.charAt(0)}`}
            </Avatar>
            <Badge variant="outline" size="lg" ff="monospace" component="span">
              {member.code}
            </Badge>
            <VerifiedBadge isVerified={member.isVerified} />
            <Text span c="dimmed">
              <Anchor component={Link} to={`/unions/${member.unionId}`}>
                {member.unionName}
              </Anchor>{' '}
              · {member.creditOfficerName}
            </Text>
          </Group>
        }
        actions={
          <>
            <Button
              component={Link}
              to={`/members/${member.id}/edit`}
              variant="default"
              leftSection={<IconPencil size={16} aria-hidden />}
            >
              Edit
            </Button>
            {permissions.canMoveMembers ? (
              <Button
                variant="default"
                leftSection={<IconArrowsExchange size={16} aria-hidden />}
                onClick={() => {
                  setDialog('move')
                }}
              >
                Move to another union
              </Button>
            ) : null}
            {permissions.canDeleteMembers ? (
              <Button
                variant="light"
                color="red"
                leftSection={<IconTrash size={16} aria-hidden />}
                onClick={() => {
                  setDialog('delete')
                }}
              >
                Delete
              </Button>
            ) : null}
          </>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder padding="lg" h="100%" component="section" aria-labelledby="member-profile">
            <Title id="member-profile" order={2} size="h3" mb="md">
              Profile
            </Title>
            <ProfileList
              items={[
                ['Phone number', member.phone ? formatPhone(member.phone) : ''],
                ['Email', member.email],
                ['Date of birth', member.dateOfBirth ? format.date(member.dateOfBirth) : ''],
                ['Gender', member.gender ? titleCase(member.gender) : ''],
                ['Marital status', member.maritalStatus ? titleCase(member.maritalStatus) : ''],
                ['Profession', member.profession],
                ['Employer', member.employer],
                ['Address', member.address],
                ['City / state', [member.city, member.state].filter(Boolean).join(', ')],
                ['Country', member.country],
                ['Registered', format.dateTime(member.createdAt)],
              ]}
            />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder padding="lg" h="100%" component="section" aria-labelledby="member-identity">
            <Title id="member-identity" order={2} size="h3" mb="md">
              Identity
            </Title>
            <Stack gap="md">
              <ProfileList
                labelWidth={110}
                items={[
                  ['BVN', <IdentifierValue masked={member.bvn} full={identifiers.revealed?.bvn} />],
                  ['NIN', <IdentifierValue masked={member.nin} full={identifiers.revealed?.nin} />],
                  [
                    'Verified',
                    member.isVerified
                      ? `Yes, by ${member.verifiedByName ?? 'unknown'} on ${format.date(member.verifiedAt)}`
                      : 'No',
                  ],
                ]}
              />
              {permissions.canRevealIdentifiers && (member.bvn !== null || member.nin !== null) ? (
                <RevealIdentifiersButton
                  isRevealed={identifiers.revealed !== null}
                  isPending={identifiers.isPending}
                  onReveal={identifiers.reveal}
                />
              ) : null}
              {permissions.canVerifyMembers ? (
                <Switch
                  label="Verified member"
                  description="Identity checked against BVN/NIN and documents"
                  checked={member.isVerified}
                  onChange={() => {
                    setDialog('verify')
                  }}
                />
              ) : null}
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
      <DocumentsSection
        ownerType="MEMBER"
        ownerId={member.id}
        ownerName={name}
        canVerify={permissions.canVerifyDocuments}
        onUseAsPhoto={(document) => {
          setPhoto.mutate(
            { id: member.id, documentId: document.id },
            {
              onSuccess: () => {
                void utils.member.get.invalidate({ id: member.id })
                notifySuccess(`${document.fileName} is now ${name}'s photo`)
              },
              onError: (error) => {
                notifyError('Could not set the photo', error)
              },
            },
          )
        }}
      />
      <GuarantorsSection
        memberId={member.id}
        memberName={name}
        canVerifyDocuments={permissions.canVerifyDocuments}
      />
      <Card withBorder padding="lg" component="section" aria-labelledby="member-loans">
        <Title id="member-loans" order={2} size="h3" mb="md">
          Loans
        </Title>
        <MemberLoans memberId={member.id} memberName={name} />
      </Card>
      <Card withBorder padding="lg" component="section" aria-labelledby="member-moves">
        <Title id="member-moves" order={2} size="h3" mb="md">
          Union moves
        </Title>
        <MemberMovesTable withMember={false} rows={member.moves} />
      </Card>
      {dialog === 'move' ? <MoveMemberDialog member={member} onClose={close} /> : null}
      {dialog === 'verify' ? <VerifyMemberDialog member={member} onClose={close} /> : null}
      {dialog === 'delete' ? (
        <DeleteMemberDialog
          member={member}
          onClose={close}
          onDeleted={() => {
            void navigate('/members')
          }}
        />
      ) : null}
    </Stack>
  )
}
