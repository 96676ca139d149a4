import { formatNaira } from '@mp/domain'
import { useRef, useState } from 'react'
import {
  failedRowOf,
  gridIndexOfFailedRow,
  sheetSignature,
  submissionFor,
  type SheetPlan,
  type Submission,
} from '../../lib/collection-sheet'
import { messageOf, reasonOf } from '../../lib/errors'
import { notifyError, notifySuccess } from '../../lib/notify'
import type { RepaymentMethod } from '../../lib/repayments'
import { httpStatusOf, trpc } from '../../lib/trpc'
import { amountInputId, type PostSummary, type Sheet } from './sheet-types'

/** A failed post: the message, and the grid row it names (if it names one). */
export type Failure = { message: string; loanId: string | null; isOutcomeUnknown: boolean }

type PostablePlan = Extract<SheetPlan, { ok: true }>

/**
 * Posting a sheet: the confirm step, the idempotency key, and what came back (the summary, or the
 * failure and the row it names). `onPosted` clears what was typed once the payments are in.
 */
export function useSheetPost({ sheet, onPosted }: { sheet: Sheet; onPosted: () => void }) {
  const utils = trpc.useUtils()
  const post = trpc.collectionSheet.post.useMutation()
  // The key of the last submission and what it carried: reused while the same sheet is sent again. A ref,
  // not state, so a second click landing before the next render still sees the first click's key.
  const submission = useRef<Submission | null>(null)
  const isPosting = useRef(false)
  const [failure, setFailure] = useState<Failure | null>(null)
  const [isConfirming, setConfirming] = useState(false)
  const [summary, setSummary] = useState<PostSummary | null>(null)

  function refresh() {
    void utils.collectionSheet.get.invalidate({ unionId: sheet.union.id, date: sheet.date })
  }

  function openConfirm() {
    post.reset()
    setConfirming(true)
  }

  function closeConfirm() {
    if (!post.isPending) setConfirming(false)
  }

  function postSheet(plan: PostablePlan, method: RepaymentMethod) {
    if (plan.rows.length === 0 || isPosting.current) return
    const payload = { unionId: sheet.union.id, date: sheet.date, method, rows: plan.rows }
    const current = submissionFor(submission.current, sheetSignature(payload))
    submission.current = current
    isPosting.current = true
    const { gridIndexes } = plan
    post.mutate(
      { ...payload, idempotencyKey: current.key },
      {
        onSettled: () => {
          isPosting.current = false
        },
        onSuccess: (result) => {
          setConfirming(false)
          setSummary(result)
          onPosted()
          setFailure(null)
          // The next sheet is a new submission with a new key.
          submission.current = null
          notifySuccess(
            result.isReplay
              ? `This sheet had already been posted (${result.paymentCount} payments, ${formatNaira(result.total)}); nothing was posted twice.`
              : `${result.paymentCount} payment${result.paymentCount === 1 ? '' : 's'} posted, ${formatNaira(result.total)} in all.`,
            'Collection sheet posted',
          )
          refresh()
          void utils.repayment.invalidate()
          void utils.loan.invalidate()
        },
        onError: (error) => {
          setConfirming(false)
          const status = httpStatusOf(error)
          // No answer (or a server fault): the sheet may or may not have gone through. Sending the same
          // sheet again is safe, since it carries the same key.
          const isOutcomeUnknown = status === undefined || (status >= 500 && status !== 503)
          const gridIndex = gridIndexOfFailedRow(gridIndexes, failedRowOf(error))
          const loanId = gridIndex === undefined ? null : (sheet.rows[gridIndex]?.loanId ?? null)
          setFailure({ message: messageOf(error), loanId, isOutcomeUnknown })
          if (reasonOf(error) === 'IDEMPOTENCY_KEY_REUSED') submission.current = null
          notifyError(
            isOutcomeUnknown ? 'The sheet may not have been posted' : 'The sheet was not posted',
            error,
          )
          // Shows a sheet that did get through under "already posted".
          refresh()
          if (loanId !== null) {
            requestAnimationFrame(() => {
              document.getElementById(amountInputId(loanId))?.scrollIntoView({ block: 'center' })
            })
          }
        },
      },
    )
  }

  return {
    isPending: post.isPending,
    isConfirming,
    openConfirm,
    closeConfirm,
    postSheet,
    failure,
    /** A row's edit clears the failure that named it. */
    clearFailureOf: (loanId: string) => {
      if (failure?.loanId === loanId) setFailure(null)
    },
    dismissFailure: () => {
      setFailure(null)
    },
    summary,
    dismissSummary: () => {
      setSummary(null)
    },
  }
}
