// Password length limits (docs/product.md §9), one pair for the server's policy (@mp/auth), the input
// schemas (@mp/api/schemas) and the web form's strength hint, so the three can never disagree.
// 8 characters at least, as NIST SP 800-63B (rev. 3) §5.1.1.2 asks of user-chosen secrets; at most 128,
// above the 64 the same section says a verifier should accept, and short enough that hashing stays cheap.

/** The shortest password accepted. */
export const PASSWORD_MIN_LENGTH = 8
/** The longest password accepted (characters). */
export const PASSWORD_MAX_LENGTH = 128
