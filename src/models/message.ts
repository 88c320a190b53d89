/**
 * The item model of mail: one message per item. Nothing in a message pairs it across storages
 * (a Message-ID is optional and copied freely), so the status does: a message is paired with the
 * copy it was written as. Its content never changes; its flags do, and they are its attributes.
 *
 * The hash is the SHA-256 of the message with its line ends made LF: IMAP carries CRLF, a Maildir
 * file holds LF, and a message copied between them is the same message.
 * @module
 */
import { createHash } from "node:crypto";
import type { Attributes, Body, Description, ItemModel } from "../contract/index.js";

/**
 * A flag is an attribute of its own, named as IMAP spells it (`\Seen`, `$Forwarded`, a keyword)
 * and present with this value while it is set: flags changed on both sides then merge one by one
 * (one side marks a message read, the other flags it: both hold).
 */
export const flagSet = "";

/** IMAP's system flags, in their canonical spelling (flags are compared without case). */
const systemFlags = ["\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft"] as const;
const canonical = new Map(systemFlags.map((flag) => [flag.toLowerCase(), flag]));

/**
 * A flag as the status and both sides spell it: system flags in their canonical case, keywords
 * as given. `\Recent` is no flag a client sets (the server's, per session): undefined.
 */
export function normaliseFlag(flag: string): string | undefined {
  const lower = flag.toLowerCase();
  if (lower === "\\recent" || flag === "") return undefined;
  return canonical.get(lower) ?? flag;
}

/** A message's attributes from its flags. */
export function flagAttributes(flags: Iterable<string>): Attributes {
  const attributes: Record<string, string> = {};
  for (const flag of flags) {
    const name = normaliseFlag(flag);
    if (name !== undefined) attributes[name] = flagSet;
  }
  return attributes;
}

/** The flags that a message's attributes set, sorted. */
export const flagsOf = (attributes: Attributes | undefined): string[] => Object.keys(attributes ?? {}).sort();

const cr = 0x0d;
const lf = 0x0a;

/**
 * Hashes a message as it streams, each CRLF counted as LF. A CR ending one chunk is held back
 * until the next shows whether an LF follows it.
 */
async function hashMessage(body: Body): Promise<{ hash: string; head: string }> {
  const hash = createHash("sha256");
  let heldCr = false;
  let head = "";
  const chunks = body.bytes ? [body.bytes] : body.open();
  for await (const chunk of chunks) {
    if (head.length < headLimit) head += Buffer.from(chunk.subarray(0, headLimit)).toString("latin1");
    let start = 0;
    if (heldCr) {
      if (chunk[0] !== lf) hash.update("\r");
      heldCr = false;
    }
    for (let at = chunk.indexOf(cr); at !== -1; at = chunk.indexOf(cr, at + 1)) {
      if (at === chunk.length - 1) {
        hash.update(chunk.subarray(start, at));
        start = chunk.length;
        heldCr = true;
      } else if (chunk[at + 1] === lf) {
        hash.update(chunk.subarray(start, at));
        start = at + 1;
      }
    }
    hash.update(chunk.subarray(start));
  }
  if (heldCr) hash.update("\r");
  return { hash: hash.digest("hex"), head };
}

/** How much of a message is searched for its Subject: headers past this are not worth reading. */
const headLimit = 16 * 1024;

/** The Subject header, unfolded, as written (encoded words are left as they are). */
function subjectOf(head: string): string | undefined {
  const end = head.search(/\r?\n\r?\n/);
  const headers = end === -1 ? head : head.slice(0, end);
  const match = /^subject:[ \t]*(.*(?:\r?\n[ \t].*)*)/im.exec(headers);
  const subject = match?.[1]?.replace(/\r?\n[ \t]+/g, " ").trim();
  return subject === undefined || subject === "" ? undefined : subject;
}

export const messageModel: ItemModel = {
  kind: "message",
  identity: "status",
  async describe(body: Body): Promise<Description> {
    const { hash, head } = await hashMessage(body);
    const title = subjectOf(head);
    return title === undefined ? { hash } : { hash, title };
  },
  extensionFor: () => ".eml",
};
