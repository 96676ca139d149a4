import { MantineProvider, Skeleton } from '@mantine/core'
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { createTRPCQueryUtils } from '@trpc/react-query'
import type { AppRouter } from '@mp/api'
import { Fragment, lazy, Suspense, useMemo, type ComponentType, type ReactNode } from 'react'
import { BrowserRouter, Navigate, Route, Routes, useParams } from 'react-router'
import { useCurrentUser } from './auth/current-user'
import { RedirectIfSignedIn, RequireAuth } from './auth/guards'
import { SETUP_PATH, SIGN_IN_PATH } from './auth/paths'
import { LoadingState } from './components/states'
import { createQueryClient } from './lib/query-client'
import { createTrpcClient, trpc, type TrpcClient } from './lib/trpc'
import { canSee, NAV_SECTIONS, type NavSection } from './navigation'
import { ComingSoonPage, NotForYourRolePage, NotFoundPage } from './pages/placeholder-pages'
import { SignInPage } from './pages/sign-in-page'
import { colorSchemeManager, createAppTheme } from './theme'

// Only the sign-in page and the shell's routing load with the app; every page is its own chunk, loaded
// when first opened, so the sign-in form needs a fraction of the JavaScript (docs/benchmarks.md
// "Web app: page weight and load time"). The chunks keep the pages' file paths: moving a page means changing its line here.
const AssignmentsPage = lazyPage(() =>
  import('./pages/assignments/assignments-page').then((m) => m.AssignmentsPage),
)
const AuditLogPage = lazyPage(() => import('./pages/audit-log-page').then((m) => m.AuditLogPage))
const CollectionSheetPage = lazyPage(() =>
  import('./pages/collection-sheet/collection-sheet-page').then((m) => m.CollectionSheetPage),
)
const DashboardPage = lazyPage(loadDashboardPage)
const DocumentTypesPage = lazyPage(() =>
  import('./pages/document-types-page').then((m) => m.DocumentTypesPage),
)
const DueListPage = lazyPage(() => import('./pages/due-list-page').then((m) => m.DueListPage))
const LoanTypesPage = lazyPage(() => import('./pages/loan-types-page').then((m) => m.LoanTypesPage))
const EditLoanPage = lazyPage(() => import('./pages/loans/edit-loan-page').then((m) => m.EditLoanPage))
const LoanDetailPage = lazyPage(() => import('./pages/loans/loan-detail-page').then((m) => m.LoanDetailPage))
const LoansPage = lazyPage(() => import('./pages/loans/loans-page').then((m) => m.LoansPage))
const NewLoanPage = lazyPage(() => import('./pages/loans/new-loan-page').then((m) => m.NewLoanPage))
const LoginHistoryPage = lazyPage(() => import('./pages/login-history-page').then((m) => m.LoginHistoryPage))
const MemberDetailPage = lazyPage(() =>
  import('./pages/members/member-detail-page').then((m) => m.MemberDetailPage),
)
const MemberEditPage = lazyPage(() =>
  import('./pages/members/member-edit-page').then((m) => m.MemberEditPage),
)
const MembersPage = lazyPage(() => import('./pages/members/members-page').then((m) => m.MembersPage))
const NewMemberPage = lazyPage(() => import('./pages/members/new-member-page').then((m) => m.NewMemberPage))
const RepaymentsPage = lazyPage(() => import('./pages/repayments-page').then((m) => m.RepaymentsPage))
const ReportsPage = lazyPage(() => import('./pages/reports/reports-page').then((m) => m.ReportsPage))
const SupervisorReportsPage = lazyPage(() =>
  import('./pages/reports/supervisor-reports-page').then((m) => m.SupervisorReportsPage),
)
const BackupsPage = lazyPage(() => import('./pages/settings/backups-page').then((m) => m.BackupsPage))
const BrandingSettings = lazyPage(() =>
  import('./pages/settings/branding-settings').then((m) => m.BrandingSettings),
)
const CalendarSettings = lazyPage(() =>
  import('./pages/settings/calendar-settings').then((m) => m.CalendarSettings),
)
const CompanySettings = lazyPage(() =>
  import('./pages/settings/company-settings').then((m) => m.CompanySettings),
)
const MaintenanceSettings = lazyPage(() =>
  import('./pages/settings/maintenance-settings').then((m) => m.MaintenanceSettings),
)
const PasswordSettings = lazyPage(() =>
  import('./pages/settings/password-settings').then((m) => m.PasswordSettings),
)
const ProfileSettings = lazyPage(() =>
  import('./pages/settings/profile-settings').then((m) => m.ProfileSettings),
)
const SessionsSettings = lazyPage(() =>
  import('./pages/settings/sessions-settings').then((m) => m.SessionsSettings),
)
const SettingsLayout = lazyPage(() =>
  import('./pages/settings/settings-layout').then((m) => m.SettingsLayout),
)
const WaiverLimitsSettings = lazyPage(() =>
  import('./pages/settings/waiver-limits-settings').then((m) => m.WaiverLimitsSettings),
)
const SetupPage = lazyPage(() => import('./pages/setup-page').then((m) => m.SetupPage), { isFullPage: true })
const StaffDetailPage = lazyPage(() =>
  import('./pages/staff/staff-detail-page').then((m) => m.StaffDetailPage),
)
const StaffPage = lazyPage(() => import('./pages/staff/staff-page').then((m) => m.StaffPage))
const StaffNotesPage = lazyPage(() => import('./pages/staff-notes-page').then((m) => m.StaffNotesPage))
const UnionDetailPage = lazyPage(() =>
  import('./pages/unions/union-detail-page').then((m) => m.UnionDetailPage),
)
const UnionsPage = lazyPage(() => import('./pages/unions/unions-page').then((m) => m.UnionsPage))

// The toast container and its animations are not needed to draw the first screen.
const Notifications = lazy(() =>
  import('./components/toast-container').then((m) => ({ default: m.ToastContainer })),
)

function loadAppLayout() {
  return import('./components/app-layout').then((m) => m.AppLayout)
}

function loadDashboardPage() {
  return import('./pages/dashboard-page').then((m) => m.DashboardPage)
}

// The signed-in shell and the page at the address load side by side, not one after the other (the
// browser fetches a module once however often it is imported): the dashboard, the page after sign-in.
const AppLayout = lazyPage(
  () => {
    if (window.location.pathname === '/') void loadDashboardPage()
    return loadAppLayout()
  },
  { isFullPage: true },
)

let isSignedInAppPreloaded = false

/**
 * Starts loading the signed-in shell and the dashboard, once: called when the visitor starts typing on
 * the sign-in page (a person takes seconds to type; by Sign in the pages are here), and on Sign in.
 */
function preloadSignedInApp() {
  if (isSignedInAppPreloaded) return
  isSignedInAppPreloaded = true
  void loadAppLayout()
  void loadDashboardPage()
}

// Opened at a signed-in address, the shell starts loading now rather than after the session check.
if (window.location.pathname !== SIGN_IN_PATH && window.location.pathname !== SETUP_PATH) {
  void loadAppLayout()
  if (window.location.pathname === '/') void loadDashboardPage()
}

/** A page loaded on first use, with a placeholder while its chunk arrives. */
function lazyPage(load: () => Promise<ComponentType>, options: { isFullPage?: boolean } = {}): ComponentType {
  const Page = lazy(() => load().then((component) => ({ default: component })))
  const fallback = options.isFullPage ? (
    <LoadingState isFullPage label="Loading…" />
  ) : (
    <Skeleton height={400} radius="md" aria-label="Loading the page" />
  )
  return function LazyPage() {
    return (
      <Suspense fallback={fallback}>
        <Page />
      </Suspense>
    )
  }
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
  '/reports': <ReportsPage />,
  '/supervisor-reports': <SupervisorReportsPage />,
}

// Sections whose page has sub-routes of its own (declared in AppRoutes).
const NESTED_SECTIONS = new Set(['/settings'])

type AppClients = { queryClient: QueryClient; trpcClient: TrpcClient }

/**
 * The app's query cache and tRPC client, with the questions every first screen asks already sent: is
 * someone signed in, the company's public settings (name, colours, maintenance) and, on the sign-in
 * page, whether setup is still to be done. Called before the first render (src/main.tsx), so these are
 * on the wire while React draws rather than after (docs/benchmarks.md "Web app: page weight and load
 * time"); the hooks asking the same later find the answers in the cache.
 */
export function startApp(): AppClients {
  const queryClient = createQueryClient()
  const trpcClient = createTrpcClient()
  const utils = createTRPCQueryUtils<AppRouter>({ queryClient, client: trpcClient })
  void utils.auth.me.prefetch()
  void utils.settings.public.prefetch()
  if (window.location.pathname === SIGN_IN_PATH) void utils.setup.status.prefetch()
  return { queryClient, trpcClient }
}

export function App({ queryClient, trpcClient }: AppClients) {
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <BrandedMantineProvider>
          {/* Toasts raised before it loads wait in the notifications store and show once it is in. */}
          <Suspense fallback={null}>
            {/* Bottom right: toasts never cover the header and its actions (issue 15). */}
            <Notifications position="bottom-right" zIndex={400} />
          </Suspense>
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
        {/* Typing on the sign-in page (or pressing Sign in) starts loading the shell and the dashboard,
            so they are not fetched after the sign-in request. `display: contents` keeps the wrapper out
            of the layout. */}
        <Route
          path={SIGN_IN_PATH}
          element={
            <div
              style={{ display: 'contents' }}
              onInputCapture={preloadSignedInApp}
              onSubmitCapture={preloadSignedInApp}
            >
              <SignInPage />
            </div>
          }
        />
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
            <Route path="calendar" element={<CalendarSettings />} />
            <Route path="waiver-limits" element={<WaiverLimitsSettings />} />
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
