import { Anchor, Group, Skeleton, Stack } from '@mantine/core'
import { IconArrowLeft } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { QueryView } from './states'

type DetailPageProps<TData> = {
  /** The way back, e.g. `{ to: '/members', label: 'All members' }`. */
  back: { to: string; label: string }
  query: Parameters<typeof QueryView<TData>>[0]['query']
  /** E.g. "Could not load this member". */
  errorTitle: string
  /** Heights of the skeleton blocks below the title's, shaped like the record's cards. */
  skeletons: readonly number[]
  children: (data: TData) => ReactNode
}

/**
 * One record's page (a member, a union, a loan): the link back to its list, then the record once loaded,
 * with a skeleton shaped like it meanwhile and an error with a retry if it could not be read.
 */
export function DetailPage<TData>({ back, query, errorTitle, skeletons, children }: DetailPageProps<TData>) {
  return (
    <Stack gap="lg">
      <Anchor component={Link} to={back.to} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {back.label}
        </Group>
      </Anchor>
      <QueryView
        query={query}
        errorTitle={errorTitle}
        loading={
          <Stack gap="md" aria-busy>
            <Skeleton height={36} width={280} />
            {skeletons.map((height, index) => (
              <Skeleton key={index} height={height} />
            ))}
          </Stack>
        }
      >
        {children}
      </QueryView>
    </Stack>
  )
}
