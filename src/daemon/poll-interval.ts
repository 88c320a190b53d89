/**
 * How often the daemon polls a pair whose sides it cannot watch (CalDAV, CardDAV, WebCal).
 * @module
 */

/**
 * The override (`--interval`) when given, else the shortest interval of the polled sides (each
 * storage's `pollSeconds`), since each of them expects to be looked at that often; undefined
 * when nothing is polled.
 */
export function pollInterval(
  polledSeconds: readonly number[],
  overrideMs: number | undefined,
): number | undefined {
  if (polledSeconds.length === 0) return undefined;
  if (overrideMs !== undefined) return overrideMs;
  return Math.min(...polledSeconds) * 1000;
}
