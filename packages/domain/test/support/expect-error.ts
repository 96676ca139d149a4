// Test-only helper: run a function and return the DomainError it throws (fails the test otherwise).
import { DomainError } from '../../src/errors.js'
import type { DomainErrorCode } from '../../src/errors.js'

export function domainError(run: () => unknown, code: DomainErrorCode): DomainError {
  try {
    run()
  } catch (error) {
    if (error instanceof DomainError && error.code === code) return error
    throw new Error(
      `Expected DomainError ${code}, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      { cause: error },
    )
  }
  throw new Error(`Expected DomainError ${code}, but nothing was thrown`)
}
