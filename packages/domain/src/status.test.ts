import { describe, expect, it } from 'vitest'

import type { Actor, LoanForTransition } from './status.js'
import { applyTransition, automaticTransition, canTransition } from './status.js'
import { domainError } from '../test/support/expect-error.js'

const officer: Actor = { kind: 'STAFF', id: 'co-1', role: 'CREDIT_OFFICER' }
const otherOfficer: Actor = { kind: 'STAFF', id: 'co-2', role: 'CREDIT_OFFICER' }
const supervisor: Actor = { kind: 'STAFF', id: 'sup-1', role: 'SUPERVISOR' }
const otherSupervisor: Actor = { kind: 'STAFF', id: 'sup-2', role: 'SUPERVISOR' }
const admin: Actor = { kind: 'STAFF', id: 'adm-1', role: 'ADMIN' }
const system: Actor = { kind: 'SYSTEM' }

const loan = (
  status: LoanForTransition['status'],
  submittedById: string | null = null,
): LoanForTransition => ({
  status,
  officerId: 'co-1',
  officerSupervisorId: 'sup-1',
  submittedById,
})

describe('canTransition', () => {
  it('walks the happy path DRAFT → PENDING_APPROVAL → APPROVED → ACTIVE', () => {
    expect(canTransition({ actor: officer, loan: loan('DRAFT'), transition: 'SUBMIT' })).toEqual({
      isAllowed: true,
      from: 'DRAFT',
      to: 'PENDING_APPROVAL',
    })
    expect(
      applyTransition({ actor: supervisor, loan: loan('PENDING_APPROVAL', 'co-1'), transition: 'APPROVE' }),
    ).toBe('APPROVED')
    expect(applyTransition({ actor: admin, loan: loan('APPROVED', 'co-1'), transition: 'DISBURSE' })).toBe(
      'ACTIVE',
    )
    expect(
      applyTransition({ actor: supervisor, loan: loan('APPROVED', 'co-1'), transition: 'DISBURSE' }),
    ).toBe('ACTIVE')
  })

  it('maker-checker: the submitter never approves or rejects, even an admin', () => {
    const decision = canTransition({
      actor: admin,
      loan: loan('PENDING_APPROVAL', 'adm-1'),
      transition: 'APPROVE',
    })
    expect(decision).toEqual({
      isAllowed: false,
      denial: 'MAKER_CHECKER',
      reason: 'You submitted this loan, so someone else must approve it.',
    })
    const reject = canTransition({
      actor: supervisor,
      loan: loan('PENDING_APPROVAL', 'sup-1'),
      transition: 'REJECT',
      reason: 'x',
    })
    expect(reject).toMatchObject({ isAllowed: false, denial: 'MAKER_CHECKER' })
  })

  it('maker-checker fails closed: a pending loan with no recorded submitter cannot be decided', () => {
    // With submittedById null the check "approver ≠ submitter" passed for anyone, the maker included.
    for (const transition of ['APPROVE', 'REJECT'] as const) {
      expect(
        canTransition({ actor: admin, loan: loan('PENDING_APPROVAL', null), transition, reason: 'x' }),
      ).toEqual({
        isAllowed: false,
        denial: 'MAKER_CHECKER',
        reason: `No one is recorded as having submitted this loan, so it cannot be ${transition === 'APPROVE' ? 'approved' : 'rejected'}: the checker must be someone other than the submitter.`,
      })
    }
  })

  it('only a supervisor of the loan’s officer or an admin approves; officers never', () => {
    expect(
      canTransition({
        actor: otherSupervisor,
        loan: loan('PENDING_APPROVAL', 'co-1'),
        transition: 'APPROVE',
      }),
    ).toMatchObject({
      isAllowed: false,
      denial: 'NOT_IN_TEAM',
    })
    expect(
      canTransition({ actor: officer, loan: loan('PENDING_APPROVAL', 'co-2'), transition: 'APPROVE' }),
    ).toMatchObject({
      isAllowed: false,
      denial: 'ROLE_NOT_ALLOWED',
    })
    expect(canTransition({ actor: officer, loan: loan('APPROVED'), transition: 'DISBURSE' })).toMatchObject({
      denial: 'ROLE_NOT_ALLOWED',
    })
    expect(
      canTransition({ actor: otherSupervisor, loan: loan('APPROVED'), transition: 'DISBURSE' }),
    ).toMatchObject({ denial: 'NOT_IN_TEAM' })
  })

  it('officers submit and withdraw only their own loans, and cannot withdraw after approval', () => {
    expect(canTransition({ actor: otherOfficer, loan: loan('DRAFT'), transition: 'SUBMIT' })).toMatchObject({
      denial: 'NOT_IN_TEAM',
    })
    expect(
      canTransition({
        actor: officer,
        loan: loan('PENDING_APPROVAL'),
        transition: 'WITHDRAW',
        reason: 'member moved',
      }),
    ).toMatchObject({
      isAllowed: true,
      to: 'CANCELED',
    })
    expect(
      canTransition({
        actor: officer,
        loan: loan('APPROVED'),
        transition: 'WITHDRAW',
        reason: 'member moved',
      }),
    ).toMatchObject({
      denial: 'ROLE_NOT_ALLOWED',
    })
    expect(
      canTransition({
        actor: supervisor,
        loan: loan('APPROVED'),
        transition: 'WITHDRAW',
        reason: 'member moved',
      }),
    ).toMatchObject({
      isAllowed: true,
    })
  })

  it('reject, withdraw and write-off need a reason', () => {
    expect(
      canTransition({
        actor: supervisor,
        loan: loan('PENDING_APPROVAL', 'co-1'),
        transition: 'REJECT',
        reason: '  ',
      }),
    ).toEqual({
      isAllowed: false,
      denial: 'REASON_REQUIRED',
      reason: 'A reason is required to reject a loan.',
    })
    expect(canTransition({ actor: admin, loan: loan('DEFAULTED'), transition: 'WRITE_OFF' })).toMatchObject({
      denial: 'REASON_REQUIRED',
    })
    expect(
      canTransition({
        actor: admin,
        loan: loan('DEFAULTED'),
        transition: 'WRITE_OFF',
        reason: 'uncollectable',
      }),
    ).toMatchObject({
      isAllowed: true,
      to: 'WRITTEN_OFF',
    })
  })

  it('write-off is for admins only, from ACTIVE or DEFAULTED', () => {
    expect(
      canTransition({ actor: supervisor, loan: loan('ACTIVE'), transition: 'WRITE_OFF', reason: 'x' }),
    ).toMatchObject({
      denial: 'ROLE_NOT_ALLOWED',
      reason: 'Only an admin can write off a loan.',
    })
    expect(
      canTransition({ actor: admin, loan: loan('COMPLETED'), transition: 'WRITE_OFF', reason: 'x' }),
    ).toEqual({
      isAllowed: false,
      denial: 'WRONG_STATUS',
      reason: 'A completed loan cannot be written off; only a loan that is active or defaulted can.',
    })
  })

  it('COMPLETE, DEFAULT and CURE are the system’s; staff transitions are not', () => {
    expect(canTransition({ actor: admin, loan: loan('ACTIVE'), transition: 'COMPLETE' })).toMatchObject({
      denial: 'SYSTEM_ONLY',
    })
    expect(canTransition({ actor: system, loan: loan('ACTIVE'), transition: 'DEFAULT' })).toMatchObject({
      isAllowed: true,
      to: 'DEFAULTED',
    })
    expect(canTransition({ actor: system, loan: loan('DEFAULTED'), transition: 'COMPLETE' })).toMatchObject({
      isAllowed: true,
      to: 'COMPLETED',
    })
    expect(canTransition({ actor: system, loan: loan('DRAFT'), transition: 'SUBMIT' })).toMatchObject({
      denial: 'STAFF_ONLY',
    })
    expect(canTransition({ actor: system, loan: loan('COMPLETED'), transition: 'DEFAULT' })).toMatchObject({
      denial: 'WRONG_STATUS',
    })
  })

  it('deactivated staff can do nothing', () => {
    expect(
      canTransition({ actor: { ...admin, isActive: false }, loan: loan('APPROVED'), transition: 'DISBURSE' }),
    ).toMatchObject({
      denial: 'ACTOR_INACTIVE',
    })
  })

  it('applyTransition throws TRANSITION_NOT_ALLOWED with the denial', () => {
    const error = domainError(
      () => applyTransition({ actor: officer, loan: loan('DRAFT'), transition: 'APPROVE' }),
      'TRANSITION_NOT_ALLOWED',
    )
    expect(error.details).toMatchObject({ denial: 'WRONG_STATUS', transition: 'APPROVE', status: 'DRAFT' })
  })
})

describe('automaticTransition', () => {
  it('derives COMPLETE, DEFAULT and CURE from the position', () => {
    expect(automaticTransition({ status: 'ACTIVE', position: { status: 'COMPLETED' } })).toBe('COMPLETE')
    expect(automaticTransition({ status: 'DEFAULTED', position: { status: 'COMPLETED' } })).toBe('COMPLETE')
    expect(automaticTransition({ status: 'ACTIVE', position: { status: 'DEFAULTED' } })).toBe('DEFAULT')
    expect(automaticTransition({ status: 'DEFAULTED', position: { status: 'ACTIVE' } })).toBe('CURE')
    expect(automaticTransition({ status: 'ACTIVE', position: { status: 'ACTIVE' } })).toBeNull()
    expect(automaticTransition({ status: 'WRITTEN_OFF', position: { status: 'COMPLETED' } })).toBeNull()
  })
})
