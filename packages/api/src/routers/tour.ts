import { protectedProcedure, router } from '../trpc.js'

/**
 * The web app's guided tour (docs/web-app.md "The tour"): whether the signed-in user has seen it, and
 * marking it seen when they finish or close it. Kept per user on the server, not per browser, because
 * office PCs are shared; restarting it from the help menu changes nothing here.
 */
export const tourRouter = router({
  state: protectedProcedure.query(async ({ ctx }) => {
    const row = await ctx.db
      .selectFrom('staff_user')
      .select('tour_seen_at')
      .where('id', '=', ctx.user.id)
      .executeTakeFirst()
    return { seenAt: row?.tour_seen_at ?? null }
  }),
  done: protectedProcedure.mutation(async ({ ctx }) => {
    const row = await ctx.db
      .updateTable('staff_user')
      .set({ tour_seen_at: ctx.now() })
      .where('id', '=', ctx.user.id)
      .returning('tour_seen_at')
      .executeTakeFirst()
    return { seenAt: row?.tour_seen_at ?? null }
  }),
})
