import { auditRouter } from './routers/audit.js'
import { authRouter } from './routers/auth.js'
import { loginHistoryRouter } from './routers/login-history.js'
import { settingsRouter } from './routers/settings.js'
import { setupRouter } from './routers/setup.js'
import { staffNoteRouter } from './routers/staff-note.js'
import { staffRouter } from './routers/staff.js'
import { createCallerFactory, router } from './trpc.js'

export const appRouter = router({
  audit: auditRouter,
  auth: authRouter,
  loginHistory: loginHistoryRouter,
  settings: settingsRouter,
  setup: setupRouter,
  staff: staffRouter,
  staffNote: staffNoteRouter,
})

export type AppRouter = typeof appRouter

export const createCaller = createCallerFactory(appRouter)
