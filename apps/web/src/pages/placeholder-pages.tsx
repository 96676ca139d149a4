import { Button, Card, EmptyState, Stack, Text, Title } from '@mantine/core'
import { IconError404, IconHammer, IconLock } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { DocumentTitle } from '../components/document-title'
import type { NavSection } from '../navigation'

function BackToDashboard() {
  return (
    <Button component={Link} to="/" variant="light">
      Back to the dashboard
    </Button>
  )
}

/** The card these pages show: what happened, and the way back to the dashboard. */
function PlaceholderCard({
  icon,
  title,
  description,
}: {
  icon: ReactNode
  title: string
  description: string
}) {
  return (
    <Card withBorder padding="xl">
      <EmptyState icon={icon} withIndicatorBackground title={title} description={description}>
        <EmptyState.Actions>
          <BackToDashboard />
        </EmptyState.Actions>
      </EmptyState>
    </Card>
  )
}

/** A section from the menu that later issues will build. */
export function ComingSoonPage({ section }: { section: NavSection }) {
  return (
    <Stack gap="lg">
      <DocumentTitle page={section.label} />
      <div>
        <Title order={1}>{section.label}</Title>
        <Text c="dimmed">{section.summary}</Text>
      </div>
      <PlaceholderCard
        icon={<IconHammer aria-hidden />}
        title="Coming soon"
        description="This part of the loan office is being built. Nothing here yet."
      />
    </Stack>
  )
}

/** Typed-in address of a section the role does not use; the server refuses its data anyway. */
export function NotForYourRolePage({ section }: { section: NavSection }) {
  return (
    <Stack gap="lg">
      <DocumentTitle page={section.label} />
      <Title order={1}>{section.label}</Title>
      <PlaceholderCard
        icon={<IconLock aria-hidden />}
        title="Not available for your role"
        description="Ask an administrator if you need access to this page."
      />
    </Stack>
  )
}

export function NotFoundPage() {
  return (
    <Stack gap="lg">
      <DocumentTitle page="Page not found" />
      <Title order={1}>Page not found</Title>
      <PlaceholderCard
        icon={<IconError404 aria-hidden />}
        title="There is no page at this address"
        description="Check the address, or pick a section from the menu."
      />
    </Stack>
  )
}
