import {
  ZHolidayCreateInput,
  ZHolidayIdInput,
  ZHolidayListInput,
  ZHolidayUpdateInput,
  ZNonWorkingDaysInput,
  ZWeekendDaysInput,
} from '../schemas/calendar.js'
import {
  addNigerianHolidays,
  createHoliday,
  deleteHoliday,
  getWeekendDays,
  listHolidays,
  listNonWorkingDays,
  setWeekendDays,
  updateHoliday,
} from '../services/calendar.js'
import { adminProcedure, protectedProcedure, router } from '../trpc.js'

/**
 * The company calendar of non-working days (docs/lending.md "Working days and holidays"): every signed-in
 * role reads it (due dates and meetings depend on it); only an admin changes it, each change audited.
 */
export const calendarRouter = router({
  weekendDays: protectedProcedure.query(({ ctx }) => getWeekendDays(ctx)),
  setWeekendDays: adminProcedure
    .input(ZWeekendDaysInput)
    .mutation(({ ctx, input }) => setWeekendDays(ctx, input)),
  holidays: protectedProcedure.input(ZHolidayListInput).query(({ ctx, input }) => listHolidays(ctx, input)),
  createHoliday: adminProcedure
    .input(ZHolidayCreateInput)
    .mutation(({ ctx, input }) => createHoliday(ctx, input)),
  updateHoliday: adminProcedure
    .input(ZHolidayUpdateInput)
    .mutation(({ ctx, input }) => updateHoliday(ctx, input)),
  deleteHoliday: adminProcedure
    .input(ZHolidayIdInput)
    .mutation(({ ctx, input }) => deleteHoliday(ctx, input.id)),
  addNigerianHolidays: adminProcedure.mutation(({ ctx }) => addNigerianHolidays(ctx)),
  nonWorkingDays: protectedProcedure
    .input(ZNonWorkingDaysInput)
    .query(({ ctx, input }) => listNonWorkingDays(ctx, input)),
})
