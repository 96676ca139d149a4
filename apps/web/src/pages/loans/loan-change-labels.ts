/** What each kind of loan change is called on the loan page (docs/lending.md "Rescheduling", "Waivers"). */
export const CHANGE_KIND_LABELS = {
  RESCHEDULE: 'Reschedule',
  RESTRUCTURE: 'Restructure',
  WAIVER: 'Waiver',
} as const

/** The status badge of a change request: waiting, approved or rejected. */
export const CHANGE_STATUS_BADGES = {
  PENDING: { label: 'Waiting for approval', color: 'orange' },
  APPROVED: { label: 'Approved', color: 'green' },
  REJECTED: { label: 'Rejected', color: 'red' },
} as const
