import { MantineProvider, Skeleton } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import { QueryClientProvider } from '@tanstack/react-query'
import { Fragment, lazy, Suspense, useMemo, useState, type ReactNode } from 'react'
import { BrowserRouter, Navigate, Route, Routes, useParams } from 'react-router'
import { useCurrentUser } from './auth/current-user'
import { RedirectIfSignedIn, RequireAuth } from './auth/guards'
import { SETUP_PATH, SIGN_IN_PATH } from './auth/paths'
import { AppLayout } from './components/app-layout'
import { createQueryClient } from './lib/query-client'
import { createTrpcClient, trpc } from './lib/trpc'
import { canSee, NAV_SECTIONS, type NavSection } from './navigation'
import { AssignmentsPage } from './pages/assignments/assignments-page'
import { AuditLogPage } from './pages/audit-log-page'
import { CollectionSheetPage } from './pages/collection-sheet-page'
import { DashboardPage } from './pages/dashboard-page'
import { DocumentTypesPage } from './pages/document-types-page'
import { DueListPage } from './pages/due-list-page'
import { LoanTypesPage } from './pages/loan-types-page'
import { EditLoanPage } from './pages/loans/edit-loan-page'
import { LoanDetailPage } from './pages/loans/loan-detail-page'
import { LoansPage } from './pages/loans/loans-page'
import { NewLoanPage } from './pages/loans/new-loan-page'
import { LoginHistoryPage } from './pages/login-history-page'
import { MemberDetailPage } from './pages/members/member-detail-page'
import { MemberEditPage } from './pages/members/member-edit-page'
import { MembersPage } from './pages/members/members-page'
import { NewMemberPage } from './pages/members/new-member-page'
import { ComingSoonPage, NotForYourRolePage, NotFoundPage } from './pages/placeholder-pages'
import { RepaymentsPage } from './pages/repayments-page'
import { BackupsPage } from './pages/settings/backups-page'
import { BrandingSettings } from './pages/settings/branding-settings'
import { CompanySettings } from './pages/settings/company-settings'
import { MaintenanceSettings } from './pages/settings/maintenance-settings'
import { PasswordSettings } from './pages/settings/password-settings'
import { ProfileSettings } from './pages/settings/profile-settings'
import { SessionsSettings } from './pages/settings/sessions-settings'
import { SettingsLayout } from './pages/settings/settings-layout'
import { SetupPage } from './pages/setup-page'
import { SignInPage } from './pages/sign-in-page'
import { StaffDetailPage } from './pages/staff/staff-detail-page'
import { StaffPage } from './pages/staff/staff-page'
import { StaffNotesPage } from './pages/staff-notes-page'
import { UnionDetailPage } from './pages/unions/union-detail-page'
import { UnionsPage } from './pages/unions/unions-page'
import { colorSchemeManager, createAppTheme } from './theme'

// Report pages carry the charts library: loaded when first opened, not with the app.
const ReportsPage = lazy(() =>
  import('./pages/reports/reports-page').then((m) => ({ default: m.ReportsPage })),
)
const SupervisorReportsPage = lazy(() =>
  import('./pages/reports/supervisor-reports-page').then((m) => ({ default: m.SupervisorReportsPage })),
)

function PageLoading() {
  return <Skeleton height={400} radius="md" aria-label="Loading the page" />
}

// Sections with a real page. Every other menu entry renders the "coming soon" placeholder, so adding
// a page is one import and one line here.
const PAGES: Partial<Record<string, ReactNode>> = {
  '/': <DashboardPage />,
  '/staff': <StaffPage />,
  '/staff-notes': <StaffNotesPage />,
  '/login-history': <LoginHistoryPage />,
  '/audit': <AuditLogPage />,
  '/members': <MembersPage />,
  '/unions': <UnionsPage />,
  '/assignments': <AssignmentsPage />,
  '/document-types': <DocumentTypesPage />,
  '/loan-types': <LoanTypesPage />,
  '/loans': <LoansPage />,
  '/repayments': <RepaymentsPage />,
  '/collection-sheet': <CollectionSheetPage />,
  '/due-list': <DueListPage />,
  '/reports': (
    <Suspense fallback={<PageLoading />}>
      <ReportsPage />
    </Suspense>
  ),
  '/supervisor-reports': (
    <Suspense fallback={<PageLoading />}>
      <SupervisorReportsPage />
    </Suspense>
  ),
}

// Sections whose page has sub-routes of its own (declared in AppRoutes).
const NESTED_SECTIONS = new Set(['/settings'])

export function App() {
  // One client per app instance (not per render), created lazily by useState.
  const [queryClient] = useState(createQueryClient)
  const [trpcClient] = useState(createTrpcClient)

  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <BrandedMantineProvider>
          <Notifications position="top-right" zIndex={400} />
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </BrandedMantineProvider>
      </QueryClientProvider>
    </trpc.Provider>
  )
}

/**
 * The company's brand colours from settings.public, for everyone (old-system.md §5.3: the old app kept
 * them in one browser's localStorage). Until they load, the default theme.
 */
function BrandedMantineProvider({ children }: { children: ReactNode }) {
  const settings = trpc.settings.public.useQuery()
  const primaryColor = settings.data?.primaryColor
  const secondaryColor = settings.data?.secondaryColor
  const theme = useMemo(
    () => createAppTheme(primaryColor && secondaryColor ? { primaryColor, secondaryColor } : undefined),
    [primaryColor, secondaryColor],
  )
  return (
    <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme="auto">
      {children}
    </MantineProvider>
  )
}

function AppRoutes() {
  return (
    <Routes>
      <Route element={<RedirectIfSignedIn />}>
        <Route path={SIGN_IN_PATH} element={<SignInPage />} />
      </Route>
      <Route path={SETUP_PATH} element={<SetupPage />} />
      <Route element={<RequireAuth />}>
        <Route element={<AppLayout />}>
          {NAV_SECTIONS.filter((section) => !NESTED_SECTIONS.has(section.path)).map((section) => (
            <Route key={section.path} path={section.path} element={<SectionPage section={section} />} />
          ))}
          <Route path="/staff/:id" element={<SectionGate path="/staff" page={<StaffDetailRoute />} />} />
          <Route path="/members/new" element={<SectionGate path="/members" page={<NewMemberPage />} />} />
          <Route
            path="/members/:id"
            element={<SectionGate path="/members" page={<KeyedById page={<MemberDetailPage />} />} />}
          />
          <Route
            path="/members/:id/edit"
            element={<SectionGate path="/members" page={<KeyedById page={<MemberEditPage />} />} />}
          />
          <Route path="/loans/new" element={<SectionGate path="/loans" page={<NewLoanPage />} />} />
          <Route
            path="/loans/:id"
            element={<SectionGate path="/loans" page={<KeyedById page={<LoanDetailPage />} />} />}
          />
          <Route
            path="/loans/:id/edit"
            element={<SectionGate path="/loans" page={<KeyedById page={<EditLoanPage />} />} />}
          />
          <Route
            path="/unions/:id"
            element={<SectionGate path="/unions" page={<KeyedById page={<UnionDetailPage />} />} />}
          />
          <Route path="/audit-log" element={<Navigate to="/audit" replace />} />
          <Route path="/settings" element={<SettingsLayout />}>
            <Route index element={<Navigate to="profile" replace />} />
            <Route path="profile" element={<ProfileSettings />} />
            <Route path="password" element={<PasswordSettings />} />
            <Route path="sessions" element={<SessionsSettings />} />
            <Route path="company" element={<CompanySettings />} />
            <Route path="branding" element={<BrandingSettings />} />
            <Route path="maintenance" element={<AdminOnly page={<MaintenanceSettings />} />} />
            <Route path="backups" element={<AdminOnly page={<BackupsPage />} />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
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

/** A page below a section (e.g. /staff/:id) is seen by the roles that see the section. */
function SectionGate({ path, page }: { path: string; page: ReactNode }) {
  const user = useCurrentUser()
  const section = NAV_SECTIONS.find((candidate) => candidate.path === path)
  if (section && !canSee(section, user.role)) return <NotForYourRolePage section={section} />
  return page
}

function AdminOnly({ page }: { page: ReactNode }) {
  const user = useCurrentUser()
  if (user.role !== 'ADMIN') return <Navigate to="/settings/profile" replace />
  return page
}

/** A new staff id means a new page: remount so no state (an open dialog, say) carries over. */
function StaffDetailRoute() {
  const { id = '' } = useParams()
  return <StaffDetailPage key={id} />
}

/** The same for any `/:id` page: following a link to another record starts afresh. */
function KeyedById({ page }: { page: ReactNode }) {
  const { id = '' } = useParams()
  return <Fragment key={id}>{page}</Fragment>
}
