import { ActionIcon, Box, Kbd, Menu, Modal, Table, Text } from '@mantine/core'
import { useDisclosure, useHotkeys } from '@mantine/hooks'
import { IconHelp, IconKeyboard, IconRoute } from '@tabler/icons-react'

/** Ctrl on Windows and Linux, ⌘ on a Mac: what the palette's shortcut is written with. */
export function modKeyLabel(): string {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent) ? '⌘' : 'Ctrl'
}

const SHORTCUTS: readonly { keys: string[][]; what: string }[] = [
  { keys: [['mod', 'K']], what: 'Open the command palette: search, go to a page, run an action' },
  { keys: [['/']], what: 'Open the command palette (when not typing in a field)' },
  { keys: [['↑'], ['↓']], what: 'Move through the palette’s results' },
  { keys: [['Enter']], what: 'Open the chosen result' },
  { keys: [['Esc']], what: 'Close the palette, a dialog or the tour' },
  { keys: [['?']], what: 'Show these shortcuts (when not typing in a field)' },
  { keys: [['Tab']], what: 'First press on a page: “Skip to main content”' },
  { keys: [['←'], ['→']], what: 'During the tour: previous and next step' },
]

/**
 * The header's help menu (docs/web-app.md): take the tour again and see the keyboard shortcuts, which `?`
 * also opens.
 */
export function HelpMenu({ onStartTour }: { onStartTour: () => void }) {
  const [isShortcutsOpen, shortcuts] = useDisclosure(false)
  useHotkeys([['shift+?', shortcuts.open]])
  return (
    <>
      <Box data-tour="help-menu">
        <Menu position="bottom-end" width={220} withinPortal>
          <Menu.Target>
            <ActionIcon variant="default" size="lg" aria-label="Help">
              <IconHelp size={18} aria-hidden />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconRoute size={16} aria-hidden />} onClick={onStartTour}>
              Take the tour
            </Menu.Item>
            <Menu.Item leftSection={<IconKeyboard size={16} aria-hidden />} onClick={shortcuts.open}>
              Keyboard shortcuts
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Box>
      <Modal opened={isShortcutsOpen} onClose={shortcuts.close} title="Keyboard shortcuts" size="lg">
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Keys</Table.Th>
              <Table.Th scope="col">What they do</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {SHORTCUTS.map((shortcut) => (
              <Table.Tr key={shortcut.what}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {shortcut.keys.map((combo, index) => (
                    <span key={combo.join('+')}>
                      {index > 0 ? ' ' : null}
                      {combo.map((key, keyIndex) => (
                        <span key={key}>
                          {keyIndex > 0 ? ' + ' : null}
                          <Kbd>{key === 'mod' ? modKeyLabel() : key}</Kbd>
                        </span>
                      ))}
                    </span>
                  ))}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{shortcut.what}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Modal>
    </>
  )
}
