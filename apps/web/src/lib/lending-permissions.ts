import type { StaffRole } from './trpc'

/**
 * Which union, member and document actions to offer a role, mirroring the API's procedure roles
 * (packages/api routers). Hiding a button is cosmetic: the server checks role and scope every time.
 */
export type LendingPermissions = {
  /** union.create / union.update */
  canEditUnions: boolean
  /** union.delete (only when empty) */
  canDeleteUnions: boolean
  /** assignment.reassignUnion (a supervisor within their own team) */
  canReassignUnions: boolean
  /** assignment.bulkReassignUnions */
  canBulkReassignUnions: boolean
  /** member.setVerified */
  canVerifyMembers: boolean
  /** member.move / member.bulkMove */
  canMoveMembers: boolean
  /** member.delete */
  canDeleteMembers: boolean
  /** member.revealIdentifiers (full BVN and NIN, audited) */
  canRevealIdentifiers: boolean
  /** document.verify */
  canVerifyDocuments: boolean
  /** documentType.create / update / setActive */
  canManageDocumentTypes: boolean
}

export function lendingPermissions(role: StaffRole): LendingPermissions {
  const isAdmin = role === 'ADMIN'
  const isManager = isAdmin || role === 'SUPERVISOR'
  return {
    canEditUnions: isManager,
    canDeleteUnions: isAdmin,
    canReassignUnions: isManager,
    canBulkReassignUnions: isAdmin,
    canVerifyMembers: isManager,
    canMoveMembers: isAdmin,
    canDeleteMembers: isManager,
    canRevealIdentifiers: isManager,
    canVerifyDocuments: isManager,
    canManageDocumentTypes: isAdmin,
  }
}
