/**
 * A copy of a string that shares no memory with the string it was cut from.
 *
 * V8 keeps a substring as a view of its parent: an href or UID sliced out of a 64 kB chunk of a
 * server's answer keeps the whole chunk alive for as long as the href is kept. A 20,000-event
 * listing held 27 MB of such chunks for a few hundred kB of hrefs and ETags. Strings that outlive
 * the text they were found in are copied here; decoding bytes always makes a string of its own.
 * @module
 */
export function ownCopy(text: string): string {
  return Buffer.from(text, "utf8").toString("utf8");
}
