import { useCurrentUser } from '../../auth/current-user'
import { ChangePasswordForm } from '../../components/change-password-form'
import { notifySuccess } from '../../lib/notify'
import { trpc } from '../../lib/trpc'
import { SettingsSection } from './settings-section'

export function PasswordSettings() {
  const me = useCurrentUser()
  const utils = trpc.useUtils()
  return (
    <SettingsSection
      title="Change password"
      description="You stay signed in here; every other device you are signed in on is signed out."
    >
      <ChangePasswordForm
        email={me.email}
        onChanged={() => {
          notifySuccess('Your password was changed. Other devices were signed out.', 'Password changed')
          void utils.auth.sessions.invalidate()
        }}
      />
    </SettingsSection>
  )
}
