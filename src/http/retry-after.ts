/**
 * Reading `Retry-After` (RFC 9110 §10.2.3), which is either a number of seconds or an HTTP date.
 * @module
 */

/** How long the server asks us to wait, in milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // All three HTTP date formats start with the day's name; Date.parse alone would take "-5" for a year.
  const date = /^[A-Za-z]/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
