import { Button, Center, EmptyState, Loader, Stack, Text } from '@mantine/core'
import { IconAlertCircle, IconRefresh } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { messageOf } from '../lib/errors'

/** Centred spinner with a label screen readers announce. */
export function LoadingState({
  label = 'Loading…',
  isFullPage = false,
}: {
  label?: string
  isFullPage?: boolean
}) {
  return (
    <Center mih={isFullPage ? '100dvh' : 200} role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader aria-hidden />
        <Text size="sm" c="dimmed">
          {label}
        </Text>
      </Stack>
    </Center>
  )
}

type ErrorStateProps = {
  title: string
  error: unknown
  onRetry: () => void
  isRetrying?: boolean
  isFullPage?: boolean
}

/** What failed, why in plain words, and a way to try again. */
export function ErrorState({
  title,
  error,
  onRetry,
  isRetrying = false,
  isFullPage = false,
}: ErrorStateProps) {
  return (
    <Center mih={isFullPage ? '100dvh' : 200} p="md">
      <EmptyState
        role="alert"
        variant="light"
        color="red"
        icon={<IconAlertCircle aria-hidden />}
        title={title}
        description={messageOf(error)}
      >
        <EmptyState.Actions>
          <Button leftSection={<IconRefresh size={16} aria-hidden />} disabled={isRetrying} onClick={onRetry}>
            {isRetrying ? 'Retrying…' : 'Try again'}
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Center>
  )
}

/** The parts of a TanStack/tRPC query result that QueryView needs. */
type QueryLike<TData> = {
  data: TData | undefined
  error: unknown
  isFetching: boolean
  refetch: () => Promise<unknown>
}

type QueryViewProps<TData> = {
  query: QueryLike<TData>
  /** Skeleton shaped like the content, so the page does not jump when data arrives. */
  loading: ReactNode
  /** Says what could not be loaded, e.g. "Could not load members". */
  errorTitle: string
  children: (data: TData) => ReactNode
}

/**
 * Loading, error-with-retry and data in one place. Data wins over a failed background refetch, so a
 * blip does not blank a page that already shows something useful.
 */
export function QueryView<TData>({ query, loading, errorTitle, children }: QueryViewProps<TData>) {
  if (query.data !== undefined) return children(query.data)
  if (query.error) {
    return (
      <ErrorState
        title={errorTitle}
        error={query.error}
        isRetrying={query.isFetching}
        onRetry={() => void query.refetch()}
      />
    )
  }
  return loading
}
