import { router } from '../trpc.js'

export const loginHistoryRouter = router({})
