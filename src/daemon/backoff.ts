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

/**
 * The back-off of a pair polled every `pollMs` (undefined: never polled). A pair polled more
 * often than the default base starts its back-off at its interval: whoever asked for a poll
 * every second expects a short outage to cost about a second, not five.
 */
export function backoffForPoll(pollMs: number | undefined): BackoffPolicy {
  if (pollMs === undefined || pollMs >= defaultBackoff.baseMs) return defaultBackoff;
  return { ...defaultBackoff, baseMs: pollMs };
}

/** The wait after `failures` consecutive failures (1 for the first). */
export function backoffDelay(failures: number, policy: BackoffPolicy = defaultBackoff): number {
  const exponent = Math.max(0, failures - 1);
  // 2 ** 30 already exceeds any sensible cap; stop there so the product stays finite.
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(exponent, 30));
}
