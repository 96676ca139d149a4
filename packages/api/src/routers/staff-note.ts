import { router } from '../trpc.js'

export const staffNoteRouter = router({})
