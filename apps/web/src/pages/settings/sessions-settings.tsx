import { Badge, Button, Group, Stack, Text } from '@mantine/core'
import { IconLogout } from '@tabler/icons-react'
import { useState } from 'react'
import { SIGN_IN_PATH } from '../../auth/paths'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { DataTable, type DataTableColumn } from '../../components/data-table'
import { notifySuccess } from '../../lib/notify'
import { trpc, type RouterOutputs } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import { describeUserAgent } from '../../lib/user-agent'
import { SettingsSection } from './settings-section'

type Session = RouterOutputs['auth']['sessions'][number]

/** Where you are signed in; sign out one device or every other one (a lost phone, a shared PC). */
export function SessionsSettings() {
  const format = useCompanyFormat()
  const utils = trpc.useUtils()
  const sessions = trpc.auth.sessions.useQuery()
  const [toRevoke, setToRevoke] = useState<Session | null>(null)
  const [isRevokingOthers, setIsRevokingOthers] = useState(false)

  const revoke = trpc.auth.revokeSession.useMutation()
  const revokeOthers = trpc.auth.revokeOtherSessions.useMutation()
  const otherCount = sessions.data?.filter((session) => !session.isCurrent).length ?? 0

  const columns: DataTableColumn<Session>[] = [
    {
      key: 'device',
      header: 'Device',
      render: (session) => (
        <Stack gap={2}>
          <Group gap={6}>
            <Text size="sm" fw={500} title={session.userAgent ?? undefined}>
              {describeUserAgent(session.userAgent)}
            </Text>
            {session.isCurrent ? (
              <Badge miw="max-content" size="sm" color="green" variant="light">
                This device
              </Badge>
            ) : null}
          </Group>
          <Text size="xs" c="dimmed">
            {session.ip ?? 'Unknown IP address'}
          </Text>
        </Stack>
      ),
    },
    { key: 'signedIn', header: 'Signed in', render: (session) => format.dateTime(session.createdAt) },
    { key: 'lastSeen', header: 'Last active', render: (session) => format.dateTime(session.lastSeenAt) },
    {
      key: 'expires',
      header: 'Expires',
      visibleFrom: 'sm',
      render: (session) => (
        <Stack gap={0}>
          <Text size="sm">{format.dateTime(session.expiresAt)}</Text>
          <Text size="xs" c="dimmed">
            {session.isPersistent ? 'Remembered' : 'Until the browser closes'}
          </Text>
        </Stack>
      ),
    },
    {
      key: 'actions',
      header: 'Actions',
      align: 'right',
      render: (session) => (
        <Button
          variant="subtle"
          color="red"
          size="xs"
          aria-label={
            session.isCurrent ? 'Sign out on this device' : `Sign out ${describeUserAgent(session.userAgent)}`
          }
          onClick={() => {
            setToRevoke(session)
          }}
        >
          Sign out
        </Button>
      ),
    },
  ]

  return (
    <SettingsSection title="My sessions" description="Every device where you are signed in.">
      <Group justify="flex-end">
        <Button
          variant="light"
          color="red"
          leftSection={<IconLogout size={16} aria-hidden />}
          disabled={otherCount === 0}
          onClick={() => {
            setIsRevokingOthers(true)
          }}
        >
          Sign out everywhere else
        </Button>
      </Group>
      <DataTable
        label="My sessions"
        columns={columns}
        rows={sessions.data}
        rowKey={(session) => session.id}
        error={sessions.error}
        isFetching={sessions.isFetching}
        onRetry={() => void sessions.refetch()}
        errorTitle="Could not load your sessions"
        empty={{ title: 'No sessions' }}
        minWidth={620}
      />

      {toRevoke ? (
        <ConfirmDialog
          opened
          onClose={() => {
            setToRevoke(null)
            revoke.reset()
          }}
          title={toRevoke.isCurrent ? 'Sign out on this device?' : 'Sign out this device?'}
          message={
            toRevoke.isCurrent
              ? 'You will go back to the sign-in page.'
              : `${describeUserAgent(toRevoke.userAgent)} (${toRevoke.ip ?? 'unknown IP address'}) will have to sign in again.`
          }
          confirmLabel="Sign out"
          confirmColor="red"
          isPending={revoke.isPending}
          error={revoke.error}
          onConfirm={() => {
            const { id, isCurrent } = toRevoke
            revoke.mutate(
              { sessionId: id },
              {
                onSuccess: () => {
                  if (isCurrent) {
                    // As with sign-out: a full load drops everything this user could see.
                    window.location.replace(SIGN_IN_PATH)
                    return
                  }
                  setToRevoke(null)
                  notifySuccess('That device was signed out')
                  void utils.auth.sessions.invalidate()
                },
              },
            )
          }}
        />
      ) : null}

      <ConfirmDialog
        opened={isRevokingOthers}
        onClose={() => {
          setIsRevokingOthers(false)
          revokeOthers.reset()
        }}
        title="Sign out everywhere else?"
        message={`Every other device (${otherCount}) will have to sign in again. You stay signed in here.`}
        confirmLabel="Sign out other devices"
        confirmColor="red"
        isPending={revokeOthers.isPending}
        error={revokeOthers.error}
        onConfirm={() => {
          revokeOthers.mutate(undefined, {
            onSuccess: ({ revoked }) => {
              setIsRevokingOthers(false)
              notifySuccess(
                revoked === 1 ? 'Signed out 1 other device' : `Signed out ${revoked} other devices`,
              )
              void utils.auth.sessions.invalidate()
            },
          })
        }}
      />
    </SettingsSection>
  )
}
