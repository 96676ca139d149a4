import {
  Alert,
  Box,
  Button,
  Card,
  ColorInput,
  ColorSwatch,
  Group,
  Image,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Title,
  useComputedColorScheme,
} from '@mantine/core'
import { ZSettingsUpdateInput } from '@mp/api/schemas'
import { IconBuildingBank, IconLock } from '@tabler/icons-react'
import { useCurrentUser } from '../../auth/current-user'
import { FormAlert } from '../../components/form-alert'
import { QueryView } from '../../components/states'
import { useServerForm } from '../../hooks/use-server-form'
import { generateColorTuple, isHexColor, readableTextOn } from '../../lib/brand'
import { notifySuccess } from '../../lib/notify'
import { schemaErrors } from '../../lib/schema-errors'
import { trpc } from '../../lib/trpc'
import { readablePalette } from '../../theme'
import type { CompanySettingsData } from './company-settings'
import { SettingsSection } from './settings-section'

// Mantine's own colours at their primary shade, as quick picks.
const SWATCHES = ['#0b7285', '#1971c2', '#2f9e44', '#e67700', '#c92a2a', '#862e9c', '#5f3dc4', '#212529']

export function BrandingSettings() {
  const settings = trpc.settings.get.useQuery()
  return (
    <SettingsSection
      title="Branding"
      description="Logo and colours, applied to the whole app for every member of staff."
    >
      <QueryView query={settings} errorTitle="Could not load branding" loading={<Skeleton height={240} />}>
        {(data) => <BrandingForm key={data.updatedAt.toISOString()} settings={data} />}
      </QueryView>
    </SettingsSection>
  )
}

type Values = { logoUrl: string; primaryColor: string; secondaryColor: string }
const FIELDS = ['logoUrl', 'primaryColor', 'secondaryColor'] as const

/** settings.update's branding part; the form checks it with the server's own schema first. */
function toInput(values: Values) {
  return {
    logoUrl: values.logoUrl.trim() || null,
    primaryColor: values.primaryColor.toLowerCase(),
    secondaryColor: values.secondaryColor.toLowerCase(),
  }
}

function BrandingForm({ settings }: { settings: CompanySettingsData }) {
  const me = useCurrentUser()
  const isAdmin = me.role === 'ADMIN'
  const utils = trpc.useUtils()
  const update = trpc.settings.update.useMutation()
  const form = useServerForm<Values>({
    initialValues: {
      logoUrl: settings.logoUrl ?? '',
      primaryColor: settings.primaryColor,
      secondaryColor: settings.secondaryColor,
    },
    serverError: update.error,
    validate: (values) => schemaErrors(ZSettingsUpdateInput, toInput(values), FIELDS),
  })
  const readOnly = !isAdmin

  return (
    <form
      noValidate
      aria-label="Branding"
      onSubmit={form.onSubmit((values) => {
        update.mutate(toInput(values), {
          onSuccess: () => {
            notifySuccess('Branding saved. Everyone sees the new colours on their next page load or refresh.')
            // Re-reading the public settings re-themes this app at once.
            void Promise.all([utils.settings.get.invalidate(), utils.settings.public.invalidate()])
          },
        })
      })}
    >
      <Stack gap="md">
        {readOnly ? (
          <Alert color="gray" icon={<IconLock aria-hidden />}>
            Only administrators can change the branding.
          </Alert>
        ) : null}
        <FormAlert title="Branding was not saved" message={form.formError} />
        <TextInput
          label="Logo URL"
          description="An https:// address of a PNG, JPEG or SVG image. Leave empty for the default mark."
          placeholder="https://example.com/logo.png"
          type="url"
          readOnly={readOnly}
          {...form.text('logoUrl')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <ColorInput
            label="Primary colour"
            description="Buttons, links and the active menu entry."
            format="hex"
            swatches={SWATCHES}
            swatchesPerRow={8}
            value={form.values.primaryColor}
            onChange={(value) => {
              form.setValue('primaryColor', value)
            }}
            eyeDropperButtonProps={{ 'aria-label': 'Pick the primary colour from the screen' }}
            error={form.errorOf('primaryColor')}
            readOnly={readOnly}
            withPicker={!readOnly}
            disallowInput={readOnly}
          />
          <ColorInput
            label="Secondary colour"
            description="Accents such as the logo mark."
            format="hex"
            swatches={SWATCHES}
            swatchesPerRow={8}
            value={form.values.secondaryColor}
            onChange={(value) => {
              form.setValue('secondaryColor', value)
            }}
            eyeDropperButtonProps={{ 'aria-label': 'Pick the secondary colour from the screen' }}
            error={form.errorOf('secondaryColor')}
            readOnly={readOnly}
            withPicker={!readOnly}
            disallowInput={readOnly}
          />
        </SimpleGrid>
        <BrandPreview
          name={settings.name}
          logoUrl={form.values.logoUrl.trim().startsWith('https://') ? form.values.logoUrl.trim() : null}
          primaryColor={form.values.primaryColor}
          secondaryColor={form.values.secondaryColor}
        />
        {isAdmin ? (
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending}>
              Save branding
            </Button>
          </Group>
        ) : null}
      </Stack>
    </form>
  )
}

/** What the header and buttons will look like, before saving. */
function BrandPreview({
  name,
  logoUrl,
  primaryColor,
  secondaryColor,
}: {
  name: string
  logoUrl: string | null
  primaryColor: string
  secondaryColor: string
}) {
  const isValid = isHexColor(primaryColor) && isHexColor(secondaryColor)
  const scheme = useComputedColorScheme('light')
  return (
    <Card withBorder padding="md" bg="var(--mantine-color-body)" aria-label="Preview" component="section">
      <Title order={3} size="h6" mb="sm">
        Preview
      </Title>
      {isValid ? (
        <Stack gap="md">
          <Group gap="sm" wrap="nowrap">
            {logoUrl ? (
              <Image src={logoUrl} alt="Logo preview" h={36} w="auto" fit="contain" />
            ) : (
              <ThemeIcon size={36} radius="md" color={secondaryColor} autoContrast aria-hidden>
                <IconBuildingBank size={22} />
              </ThemeIcon>
            )}
            <Text fw={700}>{name}</Text>
          </Group>
          <Group gap="sm">
            <Button color={primaryColor} autoContrast tabIndex={-1} component="span">
              Primary button
            </Button>
            {/* Text in the shade the theme gives light buttons, so it reads in either scheme (theme.ts). */}
            <Button
              color={primaryColor}
              c={lightVariantText(primaryColor, scheme)}
              variant="light"
              tabIndex={-1}
              component="span"
            >
              Light button
            </Button>
            <Button color={secondaryColor} autoContrast tabIndex={-1} component="span">
              Secondary
            </Button>
          </Group>
          <Stack gap={4}>
            <Palette label="Primary shades" hex={primaryColor} />
            <Palette label="Secondary shades" hex={secondaryColor} />
          </Stack>
          <Text size="xs" c="dimmed">
            Text on the primary colour will be{' '}
            {readableTextOn(primaryColor) === '#ffffff' ? 'white' : 'black'} for readability.
          </Text>
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          Pick two colours to see a preview.
        </Text>
      )}
    </Card>
  )
}

/** The text colour of a light button in the brand colour, as the theme draws it (readablePalette). */
function lightVariantText(hex: string, scheme: 'light' | 'dark'): string {
  const palette = readablePalette(generateColorTuple(hex), { keepShade6: true })
  return scheme === 'dark' ? palette[0] : palette[9]
}

function Palette({ label, hex }: { label: string; hex: string }) {
  return (
    <Group gap={4} wrap="nowrap" aria-label={label} role="img">
      <Box w={130}>
        <Text size="xs" c="dimmed">
          {label}
        </Text>
      </Box>
      {generateColorTuple(hex).map((shade, index) => (
        <ColorSwatch key={index} color={shade} size={20} radius="sm" withShadow={false} />
      ))}
    </Group>
  )
}
