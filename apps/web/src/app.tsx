import { MantineProvider } from '@mantine/core'
import { QueryClientProvider } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { BrowserRouter, Route, Routes } from 'react-router'
import { RedirectIfSignedIn, RequireAuth, SIGN_IN_PATH } from './auth/guards'
import { AppLayout } from './components/app-layout'
import { createQueryClient, createTrpcClient, trpc } from './lib/trpc'
import { canSee, NAV_SECTIONS, type NavSection } from './navigation'
import { DashboardPage } from './pages/dashboard-page'
import { useCurrentUser } from './auth/current-user'
import { ComingSoonPage, NotForYourRolePage, NotFoundPage } from './pages/placeholder-pages'
import { SignInPage } from './pages/sign-in-page'
import { colorSchemeManager, theme } from './theme'

// Sections with a real page. Every other menu entry renders the "coming soon" placeholder, so adding
// a page is one import and one line here.
const PAGES: Partial<Record<string, ReactNode>> = {
  '/': <DashboardPage />,
}

export function App() {
  // One client per app instance (not per render), created lazily by useState.
  const [queryClient] = useState(createQueryClient)
  const [trpcClient] = useState(createTrpcClient)

  return (
    <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme="auto">
      <trpc.Provider client={trpcClient} queryClient={queryClient}>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </QueryClientProvider>
      </trpc.Provider>
    </MantineProvider>
  )
}

function AppRoutes() {
  return (
    <Routes>
      <Route element={<RedirectIfSignedIn />}>
        <Route path={SIGN_IN_PATH} element={<SignInPage />} />
      </Route>
      <Route element={<RequireAuth />}>
        <Route element={<AppLayout />}>
          {NAV_SECTIONS.map((section) => (
            <Route key={section.path} path={section.path} element={<SectionPage section={section} />} />
          ))}
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  )
}

/** A menu section: its page if built, else the placeholder; a role that does not use it is told so. */
function SectionPage({ section }: { section: NavSection }) {
  const user = useCurrentUser()
  if (!canSee(section, user.role)) return <NotForYourRolePage section={section} />
  return PAGES[section.path] ?? <ComingSoonPage section={section} />
}
