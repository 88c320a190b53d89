/**
 * Where each mail folder's Maildir is, per layout, both ways: the path of a folder id (`INBOX/Sub`)
 * and the id of a path found on disk. Ids come from the other side (an IMAP server's folder
 * names), so a path is made only from an id whose every part is one plain folder name that stays
 * below the root; a name the layout cannot hold is refused with a message that says why.
 *
 * - `verbatim`: one folder per id segment (`INBOX/Sub` at `ROOT/INBOX/Sub`). A segment may not be
 *   hidden (`.notmuch` lives there) nor be `cur`, `new` or `tmp`, which are a Maildir's own.
 * - `maildir++`: the root is INBOX; any other folder is `ROOT/.A.B` for `A/B`, with `.` as the
 *   separator. A `.` or `\` inside a segment, and a `~` starting one, are written `\2e`, `\5c` and
 *   `\7e`, as Dovecot's listescape plugin writes them.
 * @module
 */
import { join } from "node:path";
import { asCollectionId, type CollectionId } from "../../contract/index.js";
import { InvalidDataError } from "../../errors/index.js";
import type { MaildirLayout } from "./config.js";

export const inboxId = asCollectionId("INBOX");

/** A Maildir's own sub-folders. */
export const maildirParts = ["cur", "new", "tmp"] as const;

/** The longest file name Linux takes, in bytes. */
const maxNameBytes = 255;

function refuse(id: string, why: string): never {
  throw new InvalidDataError(`mail folder ${JSON.stringify(id)} cannot be kept here: ${why}`, { what: id });
}

function checkLength(id: string, name: string): string {
  if (Buffer.byteLength(name) > maxNameBytes) refuse(id, `its name is longer than ${maxNameBytes} bytes`);
  return name;
}

function verbatimSegment(id: string, segment: string): string {
  if (segment.startsWith(".")) refuse(id, `"${segment}" would be a hidden folder`);
  if ((maildirParts as readonly string[]).includes(segment)) {
    refuse(id, `"${segment}" is the name of a Maildir's own sub-folder`);
  }
  return checkLength(id, segment);
}

/** `\` and `.` anywhere, `~` at the start: the characters Dovecot's listescape escapes. */
export function escapeSegment(segment: string): string {
  let escaped = "";
  for (const [index, char] of [...segment].entries()) {
    const special = char === "." || char === "\\" || (char === "~" && index === 0);
    escaped += special ? `\\${char.charCodeAt(0).toString(16).padStart(2, "0")}` : char;
  }
  return escaped;
}

export function unescapeSegment(escaped: string): string {
  return escaped.replace(/\\([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The folder that holds the Maildir of `id`. Throws InvalidDataError for an id the layout cannot hold. */
export function folderOf(root: string, layout: MaildirLayout, id: CollectionId): string {
  const segments = asCollectionId(id).split("/");
  if (layout === "verbatim") return join(root, ...segments.map((segment) => verbatimSegment(id, segment)));
  if (id === inboxId) return root;
  return join(root, checkLength(id, `.${segments.map(escapeSegment).join(".")}`));
}

/**
 * The id of a `maildir++` folder name (`.A.B`), or undefined when the name is none a folder
 * id comes from (an empty segment, an escape Dovecot would not write).
 */
export function maildirPlusPlusId(name: string): CollectionId | undefined {
  if (!name.startsWith(".") || name === "." || name === "..") return undefined;
  const segments = name.slice(1).split(".").map(unescapeSegment);
  try {
    const id = asCollectionId(segments.join("/"));
    // Each segment must be written back as found, or the folder would be looked for elsewhere.
    return `.${segments.map(escapeSegment).join(".")}` === name && id !== inboxId ? id : undefined;
  } catch {
    return undefined;
  }
}
