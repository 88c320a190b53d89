/**
 * How long a pair waits after failing before it is tried again: doubling from a base, capped, so
 * an unreachable server is asked a few times a minute at first and then every quarter hour.
 * @module
 */

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 5_000, capMs: 15 * 60_000 };

/** The wait after `failures` consecutive failures (1 for the first). */
export function backoffDelay(failures: number, policy: BackoffPolicy = defaultBackoff): number {
  const exponent = Math.max(0, failures - 1);
  // 2 ** 30 already exceeds any sensible cap; stop there so the product stays finite.
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(exponent, 30));
}
