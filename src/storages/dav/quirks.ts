/**
 * What real DAV servers do differently from one another or from the RFCs, each with the
 * workaround concord applies, in one place (docs/ARCHITECTURE.md lists them). A workaround here
 * is chosen so it is right for every server, so nothing asks which server it talks to.
 * @module
 */
import { createHash } from "node:crypto";
import { safeName } from "../naming/safe-name.js";

/**
 * **Hrefs spelled two ways.** Cyrus lists `@` (and `:`) in hrefs literally where Radicale and
 * Xandikos list `%40` (`%3A`), whichever spelling the item was written under. An item must be
 * listed under the href its write returned, or the next sync takes it for another item and reads
 * it again; so the names concord gives new items hold only RFC 3986 unreserved characters, which
 * every server spells alike. `@` and `+`, which `safeName` keeps (UIDs are often `x@host`), become
 * `_`, and a hash of the original name keeps two names apart.
 */
export function unambiguousItemName(untrusted: string): string {
  const safe = safeName(untrusted);
  if (!/[@+]/.test(safe)) return safe;
  const hash = createHash("sha256").update(untrusted, "utf8").digest("hex").slice(0, 12);
  return `${safe.replace(/[@+]/g, "_")}-${hash}`;
}
