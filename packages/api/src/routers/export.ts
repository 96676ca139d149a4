import { z } from 'zod'
import { EXPORT_NAMES } from '../exports/registry.js'
import { exportStatus, startExport } from '../exports/jobs.js'
import { protectedProcedure, router } from '../trpc.js'

export const exportRouter = router({
  /**
   * Starts a CSV, XLSX or PDF export of a list or report, with exactly the input its screen sends (same
   * filters and sort; all rows, not one page). Poll `status`; download from `/exports/:id/file`.
   */
  start: protectedProcedure
    .input(
      z.object({
        name: z.enum(EXPORT_NAMES, { error: `Export must be one of ${EXPORT_NAMES.join(', ')}` }),
        format: z.enum(['csv', 'xlsx', 'pdf'], { error: 'Format must be csv, xlsx or pdf' }),
        input: z.unknown().optional(),
      }),
    )
    .mutation(({ ctx, input }) => startExport(ctx, input)),
  status: protectedProcedure
    .input(z.object({ id: z.uuid({ error: 'Export id must be a valid id' }) }))
    .query(({ ctx, input }) => exportStatus(ctx, input.id)),
})
