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

/**
 * **Colours with alpha only.** SOGo refuses a calendar colour that is not `#RRGGBBAA` (400 "Bad
 * color format"). Apple's clients and DAVx5 write that form, and every server takes it, so an
 * opaque `#RGB` or `#RRGGBB` is sent with its alpha, `FF`; anything else goes as it is. Read
 * back, an opaque colour loses the `FF` again (`colourAsWritten`), so the colour a vdir holds
 * comes back from the server as it was.
 */
export function colourWithAlpha(colour: string): string {
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(colour);
  if (short)
    return `#${short
      .slice(1)
      .map((digit) => digit + digit)
      .join("")}FF`;
  return /^#[0-9a-f]{6}$/i.test(colour) ? `${colour}FF` : colour;
}

/** A colour as read from a server: `#RRGGBBFF`, opaque, as `#RRGGBB`; anything else as it is. */
export function colourAsWritten(colour: string): string {
  return /^#[0-9a-f]{6}ff$/i.test(colour) ? colour.slice(0, 7) : colour;
}

/**
 * **Queries that need a component.** SOGo answers a calendar-query whose filter names only
 * VCALENDAR (RFC 4791 §7.8: every object) with no objects at all; it matches only through a
 * component filter (VEVENT, VTODO). So an empty answer to a query for everything is not believed:
 * `recheck` (a PROPFIND listing) says what the collection holds, at one request more for an
 * empty collection only. Items of a non-empty answer pass through as they stream.
 */
export async function* checkedIfEmpty<T>(
  answer: AsyncIterable<T>,
  recheck: () => Promise<AsyncIterable<T> | Iterable<T>>,
): AsyncIterable<T> {
  let empty = true;
  for await (const item of answer) {
    empty = false;
    yield item;
  }
  if (empty) yield* await recheck();
}

/** A character reference, decimal or hexadecimal, of one UTF-16 code unit each. */
const referencePair = /&#(?:x([0-9a-f]{1,6})|(\d{1,7}));&#(?:x([0-9a-f]{1,6})|(\d{1,7}));/gi;
const codeOf = (hex: string | undefined, decimal: string | undefined): number =>
  hex !== undefined ? Number.parseInt(hex, 16) : Number(decimal);

/**
 * **Characters beyond U+FFFF as surrogate pairs.** SOGo escapes 💼 as `&#55357;&#56508;`, the
 * two UTF-16 halves, which XML forbids (a strict parser rejects the whole answer). Such pairs are
 * joined into the one reference they mean, `&#128188;`, before parsing; all else is left alone.
 * A pair cut by a chunk boundary is the caller's to keep together (see `xml-text.ts`).
 */
export function joinedSurrogateReferences(text: string): string {
  if (!text.includes("&#")) return text;
  return text.replace(referencePair, (whole, hexHigh, decHigh, hexLow, decLow) => {
    const high = codeOf(hexHigh as string | undefined, decHigh as string | undefined);
    const low = codeOf(hexLow as string | undefined, decLow as string | undefined);
    if (high < 0xd800 || high > 0xdbff || low < 0xdc00 || low > 0xdfff) return whole;
    return `&#${(high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000};`;
  });
}
