import { authRouter } from './routers/auth.js'
import { settingsRouter } from './routers/settings.js'
import { createCallerFactory, router } from './trpc.js'

export const appRouter = router({
  auth: authRouter,
  settings: settingsRouter,
})

export type AppRouter = typeof appRouter

export const createCaller = createCallerFactory(appRouter)
