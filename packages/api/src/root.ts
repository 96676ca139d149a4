import { assignmentRouter } from './routers/assignment.js'
import { auditRouter } from './routers/audit.js'
import { authRouter } from './routers/auth.js'
import { backupRouter } from './routers/backup.js'
import { backupScheduleRouter } from './routers/backup-schedule.js'
import { calendarRouter } from './routers/calendar.js'
import { loanChangeRouter } from './routers/loan-change.js'
import { collectionSheetRouter } from './routers/collection-sheet.js'
import { documentTypeRouter } from './routers/document-type.js'
import { documentRouter } from './routers/document.js'
import { exportRouter } from './routers/export.js'
import { guarantorRouter } from './routers/guarantor.js'
import { loanTypeRouter } from './routers/loan-type.js'
import { loanRouter } from './routers/loan.js'
import { repaymentRouter } from './routers/repayment.js'
import { reportRouter, savedReportRouter } from './routers/report.js'
import { searchRouter } from './routers/search.js'
import { loginHistoryRouter } from './routers/login-history.js'
import { memberRouter } from './routers/member.js'
import { settingsRouter } from './routers/settings.js'
import { setupRouter } from './routers/setup.js'
import { staffNoteRouter } from './routers/staff-note.js'
import { staffRouter } from './routers/staff.js'
import { tourRouter } from './routers/tour.js'
import { unionRouter } from './routers/union.js'
import { createCallerFactory, router } from './trpc.js'

export const appRouter = router({
  assignment: assignmentRouter,
  audit: auditRouter,
  auth: authRouter,
  backup: backupRouter,
  backupSchedule: backupScheduleRouter,
  calendar: calendarRouter,
  collectionSheet: collectionSheetRouter,
  document: documentRouter,
  documentType: documentTypeRouter,
  export: exportRouter,
  guarantor: guarantorRouter,
  loan: loanRouter,
  loanChange: loanChangeRouter,
  loanType: loanTypeRouter,
  loginHistory: loginHistoryRouter,
  member: memberRouter,
  repayment: repaymentRouter,
  report: reportRouter,
  savedReport: savedReportRouter,
  search: searchRouter,
  settings: settingsRouter,
  setup: setupRouter,
  staff: staffRouter,
  staffNote: staffNoteRouter,
  tour: tourRouter,
  union: unionRouter,
})

export type AppRouter = typeof appRouter

export const createCaller = createCallerFactory(appRouter)
