import { useState } from 'react'

/**
 * Rows ticked for a bulk action, kept across pages and filters (by id, with the row as last seen, so a
 * confirmation can list them). `toggleAll` ticks the given rows, or unticks them when all are ticked.
 */
export function useSelection<TRow extends { id: string }>() {
  const [selected, setSelected] = useState<ReadonlyMap<string, TRow>>(new Map())

  function toggle(row: TRow) {
    setSelected((current) => {
      const next = new Map(current)
      if (next.has(row.id)) next.delete(row.id)
      else next.set(row.id, row)
      return next
    })
  }

  function toggleAll(rows: readonly TRow[]) {
    setSelected((current) => {
      const next = new Map(current)
      const isEveryTicked = rows.length > 0 && rows.every((row) => next.has(row.id))
      for (const row of rows) {
        if (isEveryTicked) next.delete(row.id)
        else next.set(row.id, row)
      }
      return next
    })
  }

  function pageState(rows: readonly TRow[] | undefined): { checked: boolean; indeterminate: boolean } {
    const ticked = (rows ?? []).filter((row) => selected.has(row.id)).length
    return {
      checked: ticked > 0 && ticked === rows?.length,
      indeterminate: ticked > 0 && ticked !== rows?.length,
    }
  }

  return {
    rows: [...selected.values()],
    count: selected.size,
    isSelected: (id: string) => selected.has(id),
    toggle,
    toggleAll,
    pageState,
    clear: () => {
      setSelected(new Map())
    },
  }
}

export type Selection<TRow extends { id: string }> = ReturnType<typeof useSelection<TRow>>
