/**
 * How often the daemon polls a pair whose sides it cannot watch (CalDAV, CardDAV, WebCal).
 * @module
 */
import type { ConfiguredStorage } from "../config/index.js";
import { defaultPollIntervalSeconds } from "../storages/remote/config.js";

/**
 * The override (`--interval`) when given, else the shortest `interval` of the polled sides,
 * since each of them expects to be looked at that often; undefined when nothing is polled.
 */
export function pollInterval(
  polled: readonly ConfiguredStorage[],
  overrideMs: number | undefined,
): number | undefined {
  if (polled.length === 0) return undefined;
  if (overrideMs !== undefined) return overrideMs;
  const seconds = polled.map(({ config }) =>
    // Every remote storage's schema gives `interval` a default; a storage type the daemon can
    // neither watch nor finds the key in is polled at that same default.
    typeof config.interval === "number" ? config.interval : defaultPollIntervalSeconds,
  );
  return Math.min(...seconds) * 1000;
}
