/**
 * The system or undici error codes behind a failed request (`ECONNRESET`, `UND_ERR_BODY_TIMEOUT`),
 * looked up through wrappers: undici reports some socket failures as its own error with the
 * system error as `cause`.
 * @module
 */

/** Every string `code` on the error and its chain of causes, outermost first. */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let current = error, depth = 0; depth < 5; depth++) {
    if (typeof current !== "object" || current === null) break;
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === "string") codes.push(code);
    current = cause;
  }
  return codes;
}
