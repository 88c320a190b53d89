/**
 * Collection ids from mailbox names and back. Ids nest with `/` whatever the server's hierarchy
 * delimiter (`INBOX.Sub` on a server that separates with `.` is `INBOX/Sub`); a `/` inside one
 * level of a name (possible where the delimiter is another character) is written `%2F`, and `%`
 * itself `%25`, so every name has exactly one id and every id one name.
 * @module
 */
import { asCollectionId, type CollectionId } from "../../contract/index.js";

// Control characters are what must not reach an id; the character class is the point.
// eslint-disable-next-line no-control-regex
const escaped = /[%/\0-\x1f\x7f]/g;

const escapeLevel = (level: string): string =>
  level === "." || level === ".."
    ? level.replaceAll(".", "%2E")
    : level.replace(escaped, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);

/**
 * The id of the mailbox `path` (decoded, as imapflow gives it) on a server separating levels
 * with `delimiter` (empty or null for a flat server), or undefined for a name no id can carry (an
 * empty level: `a..b` on a `.` server).
 */
export function idOfMailbox(path: string, delimiter: string | null | undefined): CollectionId | undefined {
  const levels = delimiter ? path.split(delimiter) : [path];
  if (levels.some((level) => level === "")) return undefined;
  return asCollectionId(levels.map(escapeLevel).join("/"));
}

/**
 * The mailbox name of `id`, or undefined when no mailbox has this id: a level holds the server's
 * delimiter (`a.b` as one level on a `.` server), the server has no hierarchy and the id nests,
 * or the id is not written as `idOfMailbox` writes ids (`%41` for `A`), since the mailbox would
 * then be listed under another id than the one it was made for.
 */
export function mailboxOfId(id: CollectionId, delimiter: string | null | undefined): string | undefined {
  const levels = id.split("/").map(unescapeLevel);
  if (!delimiter && levels.length > 1) return undefined;
  if (delimiter && levels.some((level) => level.includes(delimiter))) return undefined;
  const path = levels.join(delimiter ?? "");
  return idOfMailbox(path, delimiter) === id ? path : undefined;
}

/** `%XX` escapes decoded one character each, as `escapeLevel` wrote them. */
const unescapeLevel = (level: string): string =>
  level.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
