import { DataList } from '@mantine/core'
import type { ReactNode } from 'react'

export type ProfileItem = readonly [label: string, value: ReactNode]

/** Label / value pairs of a record's profile card; empty values show as a dash. */
export function ProfileList({
  items,
  labelWidth = 140,
}: {
  items: readonly ProfileItem[]
  labelWidth?: number
}) {
  return (
    <DataList labelWidth={labelWidth}>
      {items.map(([label, value]) => (
        <DataList.Item key={label}>
          <DataList.ItemLabel>{label}</DataList.ItemLabel>
          <DataList.ItemValue>
            {value === null || value === undefined || value === '' ? '—' : value}
          </DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  )
}
