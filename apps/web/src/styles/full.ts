// All of Mantine's styles (core and dates), for the signed-in shell and the pages outside it (setup,
// set password): imported by those lazy modules, so the stylesheet loads with them and never holds up
// the sign-in form (./first-screen.ts). Layered like the first screen's, so loading it later does not
// override the app's own CSS.
import '@mantine/core/styles.layer.css'
import '@mantine/dates/styles.layer.css'
