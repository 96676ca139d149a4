import { Badge, Card, EmptyState, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core'
import { IconChartBar } from '@tabler/icons-react'
import { useCurrentUser } from '../auth/current-user'
import { DocumentTitle } from '../components/document-title'
import { QueryView } from '../components/states'
import { formatDate } from '../lib/format'
import { roleLabel } from '../lib/roles'
import { trpc } from '../lib/trpc'

export function DashboardPage() {
  const user = useCurrentUser()
  const settings = trpc.settings.public.useQuery()

  return (
    <Stack gap="lg">
      <DocumentTitle page="Dashboard" />
      <div>
        <Title order={1}>Welcome, {user.firstName}</Title>
        <Group gap="xs" mt={4}>
          <Text c="dimmed">Signed in as</Text>
          <Badge variant="light">{roleLabel(user.role)}</Badge>
        </Group>
      </div>

      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Card withBorder padding="lg">
          <Text size="sm" c="dimmed">
            Today
          </Text>
          <QueryView
            query={settings}
            errorTitle="Could not load company settings"
            loading={<Skeleton height={28} mt={6} width={160} />}
          >
            {(company) => (
              <>
                <Text size="xl" fw={700}>
                  {formatDate(new Date(), { dateFormat: company.dateFormat, timeZone: company.timezone })}
                </Text>
                <Text size="sm" c="dimmed">
                  {company.name} · {company.timezone.replaceAll('_', ' ')}
                </Text>
              </>
            )}
          </QueryView>
        </Card>
        <Card withBorder padding="lg">
          <Text size="sm" c="dimmed">
            Your account
          </Text>
          <Text size="xl" fw={700} truncate>
            {user.firstName} {user.lastName}
          </Text>
          <Text size="sm" c="dimmed" truncate>
            {user.email}
          </Text>
        </Card>
      </SimpleGrid>

      <Card withBorder padding="xl">
        <EmptyState
          icon={<IconChartBar aria-hidden />}
          withIndicatorBackground
          title="No portfolio figures yet"
          description="Loans disbursed, collections due today and arrears will appear here once loans are recorded."
        />
      </Card>
    </Stack>
  )
}
