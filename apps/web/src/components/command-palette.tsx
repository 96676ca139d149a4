import '@mantine/spotlight/styles.layer.css'
import { ActionIcon, Badge, Box, Group, Kbd, Loader, Text, UnstyledButton } from '@mantine/core'
import { useDebouncedValue, useHotkeys } from '@mantine/hooks'
import { createSpotlight, Spotlight } from '@mantine/spotlight'
import {
  IconCash,
  IconFilePlus,
  IconReceipt,
  IconSearch,
  IconUser,
  IconUserPlus,
  IconUserShield,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react'
import { keepPreviousData } from '@tanstack/react-query'
import { useEffect, useState, type ReactNode } from 'react'
import { useNavigate } from 'react-router'
import { useCurrentUser } from '../auth/current-user'
import { loanStatusLabel } from '../lib/loan-status'
import { roleLabel } from '../lib/roles'
import { trpc, type RouterOutputs, type StaffRole } from '../lib/trpc'
import { canSee, NAV_SECTIONS } from '../navigation'
import { modKeyLabel } from './help-menu'

type SearchResult = RouterOutputs['search']['global']

// The server's limits for search.global (packages/api/src/schemas/search.ts), written out rather than
// imported so the shell does not load every input schema with zod on the first screen.
const SEARCH_MIN_LENGTH = 2
const SEARCH_MAX_LENGTH = 100

// The palette's own store, so nothing else that uses Spotlight can open it by accident.
const [paletteStore, palette] = createSpotlight()

/** Chooses the first result, as Spotlight does on each key press, once the server's results are in. */
function selectFirstAction() {
  const { listId } = paletteStore.getState()
  const list = listId ? document.getElementById(listId) : null
  if (!list) return
  list.querySelector('[data-selected]')?.removeAttribute('data-selected')
  const first = list.querySelector('[data-action]')
  first?.setAttribute('data-selected', 'true')
  paletteStore.updateState((state) => ({ ...state, selected: first ? 0 : -1 }))
}

type PaletteItem = {
  id: string
  label: string
  description?: string
  icon: Icon
  /** Extra words the local filter matches (pages and actions only). */
  keywords?: string
  to: string
  badge?: string
}

type PaletteGroup = { label: string; items: PaletteItem[] }

/** What may be recorded against: the ledger's live states (docs/product.md §5). */
const PAYABLE = new Set(['ACTIVE', 'DEFAULTED'])

function actionItems(): PaletteItem[] {
  return [
    {
      id: 'action-new-member',
      label: 'New member',
      description: 'Register a member in one of your unions',
      icon: IconUserPlus,
      keywords: 'add register create member',
      to: '/members/new',
    },
    {
      id: 'action-new-loan',
      label: 'New loan application',
      description: 'Start an application for a member',
      icon: IconFilePlus,
      keywords: 'add create apply application loan',
      to: '/loans/new',
    },
    {
      id: 'action-record-payment',
      label: 'Record a payment',
      description: 'Type the member or loan number here to pay a loan directly, or open Repayments',
      icon: IconReceipt,
      keywords: 'pay payment repayment collect receipt',
      to: '/repayments',
    },
  ]
}

function pageItems(role: StaffRole): PaletteItem[] {
  return NAV_SECTIONS.filter((section) => canSee(section, role)).map((section) => ({
    id: `page-${section.path}`,
    label: section.label,
    description: section.summary,
    icon: section.icon,
    keywords: `${section.group} page go open`,
    to: section.path,
  }))
}

function matchesLocally(item: PaletteItem, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  const text = `${item.label} ${item.keywords ?? ''}`.toLowerCase()
  return words.every((word) => text.includes(word))
}

/** The server's finds as palette groups, people first; a payable loan also offers "Record payment". */
function resultGroups(result: SearchResult | undefined): PaletteGroup[] {
  if (!result) return []
  const payable = result.loans.filter((loan) => PAYABLE.has(loan.status)).slice(0, 3)
  return [
    {
      label: 'Members',
      items: result.members.map((member) => ({
        id: `member-${member.id}`,
        label: member.name,
        description: [member.code, member.phone, member.unionName].filter(Boolean).join(' · '),
        icon: IconUser,
        to: `/members/${member.id}`,
      })),
    },
    {
      label: 'Loans',
      items: result.loans.map((loan) => ({
        id: `loan-${loan.id}`,
        label: loan.loanNumber,
        description: loan.memberName,
        icon: IconCash,
        badge: loanStatusLabel(loan.status),
        to: `/loans/${loan.id}`,
      })),
    },
    {
      label: 'Record a payment',
      items: payable.map((loan) => ({
        id: `pay-${loan.id}`,
        label: `Record payment on ${loan.loanNumber}`,
        description: loan.memberName,
        icon: IconReceipt,
        to: `/loans/${loan.id}?action=pay`,
      })),
    },
    {
      label: 'Unions',
      items: result.unions.map((union) => ({
        id: `union-${union.id}`,
        label: union.name,
        description: `Credit officer: ${union.officerName}`,
        icon: IconUsersGroup,
        to: `/unions/${union.id}`,
      })),
    },
    {
      label: 'Staff',
      items: result.staff.map((person) => ({
        id: `staff-${person.id}`,
        label: person.name,
        description: `${roleLabel(person.role)} · ${person.email}${person.isActive ? '' : ' · deactivated'}`,
        icon: IconUserShield,
        to: `/staff/${person.id}`,
      })),
    },
  ].filter((group) => group.items.length > 0)
}

/**
 * The command palette (docs/web-app.md): Ctrl/⌘+K anywhere, `/` when not typing in a field, or the
 * header's search button. Jumps to any page the role may open, runs the common actions, and finds
 * members, loans, unions (and staff, for admins) through the server's scoped search as one types.
 */
export function CommandPalette() {
  const user = useCurrentUser()
  const navigate = useNavigate()
  const [query, setQuery] = useState('')
  const trimmed = query.trim()
  const [debounced] = useDebouncedValue(trimmed, 250)
  const isSearchable = debounced.length >= SEARCH_MIN_LENGTH && debounced.length <= SEARCH_MAX_LENGTH
  const search = trpc.search.global.useQuery(
    { q: debounced },
    { enabled: isSearchable, placeholderData: keepPreviousData, staleTime: 15_000, retry: false },
  )

  // Ctrl/⌘+K works even in a field (no tags ignored); `/` only when not typing.
  useHotkeys([['mod+K', palette.open]], [])
  useHotkeys([['/', palette.open]])

  const found = isSearchable && trimmed.length >= SEARCH_MIN_LENGTH ? resultGroups(search.data) : []
  const pages = pageItems(user.role)
  const actions = actionItems()
  const groups: PaletteGroup[] =
    trimmed === ''
      ? [
          { label: 'Actions', items: actions },
          { label: 'Pages', items: pages },
        ]
      : [
          ...found,
          { label: 'Actions', items: actions.filter((item) => matchesLocally(item, trimmed)) },
          { label: 'Pages', items: pages.filter((item) => matchesLocally(item, trimmed)) },
        ].filter((group) => group.items.length > 0)

  // Results arrive after the typing: keep the first one chosen, so Enter opens it.
  const resultKey = groups.map((group) => group.items.map((item) => item.id).join(',')).join('|')
  useEffect(() => {
    if (trimmed !== '') selectFirstAction()
  }, [resultKey, trimmed])

  const isSearching = isSearchable && search.isFetching
  const isTooShort = trimmed.length > 0 && trimmed.length < SEARCH_MIN_LENGTH

  return (
    <Spotlight.Root
      store={paletteStore}
      query={query}
      onQueryChange={setQuery}
      shortcut={null}
      scrollable
      maxHeight="min(60vh, 480px)"
    >
      <Spotlight.Search
        placeholder="Search members, loans, unions, pages…"
        aria-label="Search members, loans, unions and pages"
        leftSection={<IconSearch size={18} stroke={1.6} aria-hidden />}
        rightSection={isSearching ? <Loader size="xs" aria-label="Searching" /> : null}
        maxLength={SEARCH_MAX_LENGTH}
      />
      <Spotlight.ActionsList aria-label="Results">
        {groups.map((group) => (
          <Spotlight.ActionsGroup key={group.label} label={group.label}>
            {group.items.map((item) => (
              <PaletteAction
                key={item.id}
                item={item}
                onTrigger={() => {
                  setQuery('')
                  void navigate(item.to)
                }}
              />
            ))}
          </Spotlight.ActionsGroup>
        ))}
        {groups.length === 0 ? (
          <Spotlight.Empty>
            {isTooShort
              ? `Type at least ${SEARCH_MIN_LENGTH} characters to search`
              : isSearching || (isSearchable && search.isPending)
                ? 'Searching…'
                : search.isError
                  ? 'Search is not available right now. Pages and actions still work.'
                  : 'Nothing found. Try a name, member code, phone number or loan number.'}
          </Spotlight.Empty>
        ) : null}
      </Spotlight.ActionsList>
      <Spotlight.Footer>
        <Text size="xs" c="dimmed">
          <Kbd size="xs">↑</Kbd> <Kbd size="xs">↓</Kbd> to move, <Kbd size="xs">Enter</Kbd> to open,{' '}
          <Kbd size="xs">Esc</Kbd> to close
        </Text>
      </Spotlight.Footer>
    </Spotlight.Root>
  )
}

function PaletteAction({ item, onTrigger }: { item: PaletteItem; onTrigger: () => void }) {
  return (
    <Spotlight.Action
      label={item.label}
      description={item.description}
      leftSection={<item.icon size={20} stroke={1.6} aria-hidden />}
      rightSection={item.badge ? <Badge variant="light">{item.badge}</Badge> : undefined}
      onClick={onTrigger}
    />
  )
}

/**
 * The header's way into the palette: a search box on wide screens, an icon button on phones, both
 * saying the shortcut.
 */
export function PaletteButton(): ReactNode {
  const mod = modKeyLabel()
  return (
    <Box data-tour="palette">
      <UnstyledButton
        visibleFrom="sm"
        onClick={palette.open}
        aria-label={`Search (${mod}+K)`}
        aria-keyshortcuts="Control+K Meta+K /"
        px="sm"
        h={34}
        w={260}
        style={{
          border: '1px solid var(--mantine-color-default-border)',
          borderRadius: 'var(--mantine-radius-sm)',
          background: 'var(--mantine-color-default)',
        }}
      >
        <Group gap="xs" wrap="nowrap" justify="space-between">
          <Group gap={6} wrap="nowrap">
            <IconSearch size={16} stroke={1.6} aria-hidden />
            <Text size="sm">Search…</Text>
          </Group>
          {/* In brackets, as in the label: the visible words are then the label's (WCAG 2.5.3 Label in Name). */}
          <Group gap={2} wrap="nowrap" aria-hidden c="dimmed" fz="xs">
            (<Kbd size="xs">{mod}</Kbd>
            <Kbd size="xs">K</Kbd>)
          </Group>
        </Group>
      </UnstyledButton>
      <ActionIcon hiddenFrom="sm" variant="default" size="lg" onClick={palette.open} aria-label="Search">
        <IconSearch size={18} aria-hidden />
      </ActionIcon>
    </Box>
  )
}
