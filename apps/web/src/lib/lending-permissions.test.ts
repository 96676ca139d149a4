import { describe, expect, it } from 'vitest'
import { lendingPermissions } from './lending-permissions'

describe('lendingPermissions', () => {
  it('gives admins everything', () => {
    expect(Object.values(lendingPermissions('ADMIN')).every(Boolean)).toBe(true)
  })

  it('lets supervisors manage their team but not delete unions, bulk reassign or move members', () => {
    expect(lendingPermissions('SUPERVISOR')).toMatchObject({
      canEditUnions: true,
      canReassignUnions: true,
      canVerifyMembers: true,
      canDeleteMembers: true,
      canRevealIdentifiers: true,
      canVerifyDocuments: true,
      canDeleteUnions: false,
      canBulkReassignUnions: false,
      canMoveMembers: false,
      canManageDocumentTypes: false,
    })
  })

  it('gives credit officers none of the management actions', () => {
    expect(Object.values(lendingPermissions('CREDIT_OFFICER')).some(Boolean)).toBe(false)
  })
})
