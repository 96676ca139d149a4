import { router } from '../trpc.js'

export const auditRouter = router({})
