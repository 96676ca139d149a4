// The Mantine styles of the first screen only: the components the app's first download can draw (the
// sign-in page, the loading and error states, the lazy-page placeholders). Parsing all of Mantine's
// 276 KB stylesheet before the first paint cost a phone-class visitor about half a second
// (docs/benchmarks.md "Web app: page weight and load time"); the rest comes with the signed-in shell
// and the other lazy pages (./full.ts). Mantine's per-component files, in the order its "CSS files
// list" gives (shared pieces first: https://mantine.dev/styles/css-files-list). Their layered variant
// (`@layer mantine`), so the app's own CSS wins over Mantine's whichever stylesheet loads last. A
// component added to the first screen needs its file here: the bundle-budget browser test fails on a
// Mantine class without a rule.
import '@mantine/core/styles/baseline.layer.css'
import '@mantine/core/styles/default-css-variables.layer.css'
import '@mantine/core/styles/global.layer.css'
import '@mantine/core/styles/UnstyledButton.layer.css'
import '@mantine/core/styles/VisuallyHidden.layer.css'
import '@mantine/core/styles/Paper.layer.css'
import '@mantine/core/styles/CloseButton.layer.css'
import '@mantine/core/styles/Group.layer.css'
import '@mantine/core/styles/Loader.layer.css'
import '@mantine/core/styles/Input.layer.css'
import '@mantine/core/styles/InlineInput.layer.css'
import '@mantine/core/styles/ActionIcon.layer.css'
import '@mantine/core/styles/Alert.layer.css'
import '@mantine/core/styles/Button.layer.css'
import '@mantine/core/styles/Card.layer.css'
import '@mantine/core/styles/Center.layer.css'
import '@mantine/core/styles/Checkbox.layer.css'
import '@mantine/core/styles/EmptyState.layer.css'
import '@mantine/core/styles/Image.layer.css'
import '@mantine/core/styles/PasswordInput.layer.css'
import '@mantine/core/styles/Skeleton.layer.css'
import '@mantine/core/styles/Stack.layer.css'
import '@mantine/core/styles/Text.layer.css'
import '@mantine/core/styles/ThemeIcon.layer.css'
import '@mantine/core/styles/Title.layer.css'
