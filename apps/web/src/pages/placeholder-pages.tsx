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

function PlaceholderCard({ children }: { children: ReactNode }) {
  return (
    <Card withBorder padding="xl">
      {children}
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
      <PlaceholderCard>
        <EmptyState
          icon={<IconHammer aria-hidden />}
          withIndicatorBackground
          title="Coming soon"
          description="This part of the loan office is being built. Nothing here yet."
        >
          <EmptyState.Actions>
            <BackToDashboard />
          </EmptyState.Actions>
        </EmptyState>
      </PlaceholderCard>
    </Stack>
  )
}

/** Typed-in address of a section the role does not use; the server refuses its data anyway. */
export function NotForYourRolePage({ section }: { section: NavSection }) {
  return (
    <Stack gap="lg">
      <DocumentTitle page={section.label} />
      <Title order={1}>{section.label}</Title>
      <PlaceholderCard>
        <EmptyState
          icon={<IconLock aria-hidden />}
          withIndicatorBackground
          title="Not available for your role"
          description="Ask an administrator if you need access to this page."
        >
          <EmptyState.Actions>
            <BackToDashboard />
          </EmptyState.Actions>
        </EmptyState>
      </PlaceholderCard>
    </Stack>
  )
}

export function NotFoundPage() {
  return (
    <Stack gap="lg">
      <DocumentTitle page="Page not found" />
      <Title order={1}>Page not found</Title>
      <PlaceholderCard>
        <EmptyState
          icon={<IconError404 aria-hidden />}
          withIndicatorBackground
          title="There is no page at this address"
          description="Check the address, or pick a section from the menu."
        >
          <EmptyState.Actions>
            <BackToDashboard />
          </EmptyState.Actions>
        </EmptyState>
      </PlaceholderCard>
    </Stack>
  )
}
