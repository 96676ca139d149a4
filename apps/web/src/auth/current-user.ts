import { createContext, useContext } from 'react'
import type { CurrentUser } from '../lib/trpc'

// Provided by RequireAuth once auth.me has answered with a user, so pages inside the shell never
// handle the "not signed in" case themselves.
export const CurrentUserContext = createContext<CurrentUser | null>(null)

export function useCurrentUser(): CurrentUser {
  const user = useContext(CurrentUserContext)
  if (!user) throw new Error('useCurrentUser must be used inside <RequireAuth>')
  return user
}
