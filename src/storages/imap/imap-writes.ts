/**
 * Writing messages: APPEND, flags set with one conditional STORE, and the removal of exactly one
 * message. Each write checks the version it replaces: with CONDSTORE the server does
 * (`UNCHANGEDSINCE`, answered `[MODIFIED]` when another client got there first); without it, the
 * flags are compared just before the STORE.
 * @module
 */
import type { FetchMessageObject, ImapFlow, MailboxObject } from "imapflow";
import {
  type Attributes,
  type Body,
  bytesBody,
  type Href,
  type Version,
  type Written,
} from "../../contract/index.js";
import {
  InvalidDataError,
  NotFoundError,
  PreconditionFailedError,
  TransientError,
} from "../../errors/index.js";
import { flagsOf, messageModel } from "../../models/message.js";
import { readWithCrlf } from "./crlf.js";
import { isRefusal, serverWords } from "./imap-error.js";
import { listedItem } from "./imap-listing.js";
import { expungeDeleted, expungeUid, storeFlags } from "./raw-commands.js";
import type { ImapSession } from "./session.js";
import { parseVersion, uidIn } from "./versions.js";

/** `\Recent` belongs to the server's session, never to a message a client writes. */
const flagsToWrite = (attributes: Attributes | undefined): string[] =>
  flagsOf(attributes).filter((flag) => flag.toLowerCase() !== "\\recent");

/**
 * Adds a message. imapflow's APPEND sends the message as one literal from a Buffer, so the whole
 * message is in memory while it is written: fine for mail (servers refuse far larger messages,
 * APPENDLIMIT, long before memory runs short), not for a message of gigabytes.
 */
export async function appendMessage(
  session: ImapSession,
  mailbox: string,
  body: Body,
  attributes: Attributes | undefined,
): Promise<Written> {
  return appendBytes(session, mailbox, await readWithCrlf(body), attributes);
}

async function appendBytes(
  session: ImapSession,
  mailbox: string,
  message: Buffer,
  attributes: Attributes | undefined,
): Promise<Written> {
  const date = internalDate(message);
  return session.inMailbox(mailbox, `adding a message to ${mailbox}`, async (client) => {
    const uidNextBefore = (client.mailbox as MailboxObject).uidNext;
    let appended;
    try {
      appended = await client.append(mailbox, message, flagsToWrite(attributes), date);
    } catch (error) {
      const { serverResponseCode } = error as { serverResponseCode?: string };
      if (!isRefusal(error) && serverResponseCode !== "APPENDLIMIT") throw error;
      const { title } = await messageModel.describe(bytesBody(message), "" as Href);
      const words = serverWords(error) ?? (error as Error).message;
      throw new InvalidDataError(
        `${session.options.host}: ${mailbox} refused the message ${JSON.stringify(title ?? "(no subject)")} (${message.length} bytes): ${words}`,
        { what: mailbox },
      );
    }
    // A UID imapflow found without APPENDUID (by the EXISTS count) may be another client's.
    const uid =
      appended && appended.uidValidity !== undefined && appended.uid !== undefined
        ? appended.uid
        : await findAppended(session, client, mailbox, message, uidNextBefore);
    return writtenNow(session, client, mailbox, uid);
  });
}

/**
 * Without UIDPLUS: the new message is the one at or above the UIDNEXT from before the APPEND with
 * its Message-ID and size, as mbsync and offlineimap find theirs (they add a header of their
 * own to find it by; concord writes messages as they are). Several such (the same message
 * appended twice) are the same bytes: the highest is the one just written.
 */
async function findAppended(
  session: ImapSession,
  client: ImapFlow,
  mailbox: string,
  message: Buffer,
  uidNextBefore: number,
): Promise<number> {
  await client.noop();
  const messageId = messageIdOf(message);
  const found = await client.search(
    {
      uid: `${Math.max(1, uidNextBefore)}:*`,
      larger: message.length - 1,
      smaller: message.length + 1,
      ...(messageId === undefined ? {} : { header: { "message-id": messageId } }),
    },
    { uid: true },
  );
  const uids = Array.isArray(found) ? found.filter((uid) => uid >= uidNextBefore) : [];
  if (uids.length === 0) {
    throw new TransientError(
      `${session.options.host}: a message was added to ${mailbox}, but the server names no UID for it and none was found; the next sync lists it as new`,
      {},
    );
  }
  return Math.max(...uids);
}

function headerBlock(message: Buffer): string {
  const head = message.subarray(0, 64 * 1024).toString("latin1");
  const end = head.search(/\r?\n\r?\n/);
  return end === -1 ? head : head.slice(0, end);
}

function messageIdOf(message: Buffer): string | undefined {
  return /^message-id:[ \t]*(<[^>\r\n]*>)/im.exec(headerBlock(message))?.[1];
}

/** The message's Date header as its internal date, so the server sorts it by when it was sent. */
function internalDate(message: Buffer): Date | undefined {
  const value = /^date:[ \t]*(.*(?:\r?\n[ \t].*)*)/im.exec(headerBlock(message))?.[1];
  if (value === undefined) return undefined;
  const date = new Date(value.replace(/\r?\n[ \t]+/g, " ").replace(/\s*\([^)]*\)\s*$/, ""));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The message `uid` as it is now (flags, modseq), or undefined when it is gone. */
async function currentMessage(client: ImapFlow, uid: number): Promise<FetchMessageObject | undefined> {
  const message = await client.fetchOne(String(uid), { uid: true, flags: true }, { uid: true });
  return message && message.uid === uid ? message : undefined;
}

function written(client: ImapFlow, message: FetchMessageObject): Written {
  const uidValidity = (client.mailbox as MailboxObject).uidValidity;
  return listedItem(message, uidValidity, client.enabled.has("CONDSTORE"));
}

async function writtenNow(
  session: ImapSession,
  client: ImapFlow,
  mailbox: string,
  uid: number,
): Promise<Written> {
  const message = await currentMessage(client, uid);
  if (message === undefined) {
    throw new TransientError(
      `${session.options.host}: message ${uid} in ${mailbox} vanished right after it was written`,
      {},
    );
  }
  return written(client, message);
}

/**
 * The message at `href` as it is now, checked against `version`: NotFoundError when it is gone,
 * PreconditionFailedError when it changed (or the mailbox was renumbered since).
 */
async function checkedMessage(
  session: ImapSession,
  client: ImapFlow,
  mailbox: string,
  href: Href,
  version: Version | undefined,
): Promise<FetchMessageObject> {
  const where = `${session.options.host}: message ${href} in ${mailbox}`;
  const uid = uidIn(href, (client.mailbox as MailboxObject).uidValidity);
  const message = uid === undefined ? undefined : await currentMessage(client, uid);
  if (message === undefined) throw new NotFoundError(`${where} is gone`, { what: href });
  if (version !== undefined && written(client, message).version !== version) {
    throw new PreconditionFailedError(`${where} changed since it was listed`, { what: href });
  }
  return message;
}

/** The modseq a conditional STORE names, where the version has one and the server keeps them. */
function unchangedSince(client: ImapFlow, version: Version | undefined): bigint | undefined {
  return client.enabled.has("CONDSTORE") ? parseVersion(version)?.modseq : undefined;
}

export async function setFlags(
  session: ImapSession,
  mailbox: string,
  href: Href,
  version: Version | undefined,
  attributes: Attributes,
): Promise<Written> {
  return session.inMailbox(mailbox, `setting the flags of ${href} in ${mailbox}`, async (client) => {
    const message = await checkedMessage(session, client, mailbox, href, version);
    const stored = await storeFlags(client, message.uid, flagsToWrite(attributes), {
      unchangedSince: unchangedSince(client, version),
    });
    if (!stored) {
      throw new PreconditionFailedError(
        `${session.options.host}: message ${href} in ${mailbox} changed since it was listed`,
        { what: href },
      );
    }
    return writtenNow(session, client, mailbox, message.uid);
  });
}

/**
 * Removes exactly this message: marks it \Deleted (conditionally) and expunges its UID alone. A
 * plain EXPUNGE would also remove what other clients marked \Deleted without removing yet, so
 * without UIDPLUS it is sent only when no other message is marked. Returns the attributes the
 * message had.
 */
export async function removeMessage(
  session: ImapSession,
  mailbox: string,
  href: Href,
  version: Version | undefined,
): Promise<Attributes> {
  return session.inMailbox(mailbox, `removing ${href} from ${mailbox}`, async (client) => {
    const message = await checkedMessage(session, client, mailbox, href, version);
    const uidplus = client.capabilities.has("UIDPLUS");
    if (!uidplus) await refuseIfOthersMarked(session, client, mailbox, message.uid);
    const marked = await storeFlags(client, message.uid, ["\\Deleted"], {
      add: true,
      unchangedSince: unchangedSince(client, version),
    });
    if (!marked) {
      throw new PreconditionFailedError(
        `${session.options.host}: message ${href} in ${mailbox} changed since it was listed`,
        { what: href },
      );
    }
    if (uidplus) await expungeUid(client, message.uid);
    else await expungeDeleted(client);
    return written(client, message).attributes ?? {};
  });
}

async function refuseIfOthersMarked(
  session: ImapSession,
  client: ImapFlow,
  mailbox: string,
  uid: number,
): Promise<void> {
  const marked = await client.search({ deleted: true }, { uid: true });
  if (Array.isArray(marked) && marked.some((other) => other !== uid)) {
    throw new InvalidDataError(
      `${session.options.host}: cannot remove message ${uid} from ${mailbox} alone: the server lacks UIDPLUS, and other messages there are marked \\Deleted, which an EXPUNGE would remove too; left as it is until they are expunged`,
      { what: String(uid) },
    );
  }
}

/**
 * A message's content never changes under its UID, so a new content is a new message: the old
 * one is removed first (if still at `version`), then the new one appended. In that order, a run
 * stopped between the two leaves the message missing here while the other side holds the new
 * content, which the next run copies again; the other order would leave both here, and the old
 * one copied back as a message of its own.
 */
export async function replaceMessage(
  session: ImapSession,
  mailbox: string,
  href: Href,
  version: Version | undefined,
  body: Body,
  attributes: Attributes | undefined,
): Promise<Written> {
  const message = await readWithCrlf(body);
  let previous: Attributes;
  try {
    previous = await removeMessage(session, mailbox, href, version);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    throw new PreconditionFailedError(error.message, { what: href });
  }
  return appendBytes(session, mailbox, message, attributes ?? previous);
}
