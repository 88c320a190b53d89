/**
 * Listing a mailbox: every UID with its flags, or, where the server has CONDSTORE and the
 * mailbox kept its UIDVALIDITY since the stored state, only what changed.
 *
 * One SELECT tells whether anything changed at all (HIGHESTMODSEQ, UIDNEXT and EXISTS as they
 * were: `unchanged`). Otherwise `UID FETCH 1:* (FLAGS) (CHANGEDSINCE modseq VANISHED)` gives the
 * messages changed or added since, and with QRESYNC the UIDs expunged since. A delta must name
 * every removal, and VANISHED cannot always be trusted (Cyrus may leave out the highest expunged
 * UID, cyrus-imapd#6071; without QRESYNC there is none), so removals are also counted: the state
 * holds how many messages the listing gave, every message at or above its UIDNEXT is new, so
 * `count + added - EXISTS` is how many of the listed ones are gone. A delta is answered only when
 * VANISHED names exactly that many; otherwise (or without QRESYNC, when any are gone) the
 * listing is full. The count needs no list of UIDs in the state, whatever the mailbox's size.
 * @module
 */
import type { FetchMessageObject, ImapFlow, MailboxObject } from "imapflow";
import type { Listing, ListedItem } from "../../contract/index.js";
import { flagAttributes } from "../../models/message.js";
import { isRefusal } from "./imap-error.js";
import type { ImapSession } from "./session.js";
import { formatHref, formatState, formatVersion, type ListingState, parseState } from "./versions.js";

/** What SELECT said, kept before anything else can change the session's picture of the mailbox. */
interface Selected {
  readonly uidValidity: bigint;
  readonly uidNext: number;
  readonly exists: number;
  /** Undefined without CONDSTORE (or in a mailbox the server keeps no modseqs for). */
  readonly highestModseq: bigint | undefined;
}

function selected(client: ImapFlow): Selected {
  const box = client.mailbox as MailboxObject;
  const modseqs = client.enabled.has("CONDSTORE") && !box.noModseq;
  return {
    uidValidity: box.uidValidity,
    uidNext: box.uidNext,
    exists: box.exists,
    highestModseq: modseqs ? box.highestModseq : undefined,
  };
}

/** One message of a FETCH as the listing gives it. */
export function listedItem(message: FetchMessageObject, uidValidity: bigint, condstore: boolean): ListedItem {
  const attributes = flagAttributes(message.flags ?? []);
  const modseq = condstore ? (message.modseq ?? 0n) : undefined;
  // INTERNALDATE, when the server received the message: what `max_age` counts from.
  const received = message.internalDate === undefined ? Number.NaN : new Date(message.internalDate).getTime();
  return {
    href: formatHref(uidValidity, message.uid),
    version: formatVersion(uidValidity, message.uid, modseq, attributes),
    attributes,
    ...(Number.isNaN(received) ? {} : { received }),
  };
}

export async function listMailbox(session: ImapSession, mailbox: string, state?: string): Promise<Listing> {
  return session.inMailbox(
    mailbox,
    `listing ${mailbox}`,
    async (client) => {
      const now = selected(client);
      const previous = parseState(state);
      if (now.highestModseq !== undefined && previous?.uidValidity === now.uidValidity) {
        if (
          previous.highestModseq === now.highestModseq &&
          previous.uidNext === now.uidNext &&
          previous.count === now.exists
        ) {
          return { kind: "unchanged", state: formatState(previous) };
        }
        const delta = await changedSince(client, now, previous);
        if (delta !== undefined) return delta;
      }
      return fullListing(client, now);
    },
    { fresh: true },
  );
}

/**
 * The state after a listing that leaves the engine's picture of the mailbox with `count`
 * messages, all below `uidNext`; none without CONDSTORE, where every listing is full.
 */
function stateAfter(now: Selected, uidNext: number, count: number): string | undefined {
  if (now.highestModseq === undefined) return undefined;
  const state: ListingState = {
    uidValidity: now.uidValidity,
    highestModseq: now.highestModseq,
    uidNext: Math.max(now.uidNext, uidNext),
    count,
  };
  return formatState(state);
}

async function fullListing(client: ImapFlow, now: Selected): Promise<Listing> {
  const items: ListedItem[] = [];
  let highestUid = 0;
  if (now.exists > 0) {
    // Collected first, acted on after: a command sent inside the loop would wait for the FETCH
    // to end, which waits for the loop (imapflow#147).
    for await (const message of client.fetch(
      "1:*",
      { uid: true, flags: true, internalDate: true },
      { uid: true },
    )) {
      items.push(listedItem(message, now.uidValidity, now.highestModseq !== undefined));
      highestUid = Math.max(highestUid, message.uid);
    }
  }
  const state = stateAfter(now, highestUid + 1, items.length);
  return state === undefined ? { kind: "full", items } : { kind: "full", items, state };
}

/** The changes since `previous`, or undefined when they cannot be told apart from a full listing's. */
async function changedSince(
  client: ImapFlow,
  now: Selected,
  previous: ListingState,
): Promise<Listing | undefined> {
  const vanished = new Set<number>();
  let unnamedExpunges = 0;
  const onExpunge = (event: { uid?: number; vanished: boolean }) => {
    if (event.uid === undefined) unnamedExpunges++;
    else vanished.add(event.uid);
  };
  const changed: ListedItem[] = [];
  let added = 0;
  let highestUid = 0;
  client.on("expunge", onExpunge);
  try {
    const messages = client.fetch(
      "1:*",
      { uid: true, flags: true, internalDate: true },
      { uid: true, changedSince: previous.highestModseq },
    );
    for await (const message of messages) {
      changed.push(listedItem(message, now.uidValidity, true));
      if (message.uid >= previous.uidNext) added++;
      highestUid = Math.max(highestUid, message.uid);
    }
  } catch (error) {
    // A server may refuse `1:*` in a mailbox emptied since: a full listing then says it.
    if (isRefusal(error) && now.exists === 0) return undefined;
    throw error;
  } finally {
    client.off("expunge", onExpunge);
  }
  if (unnamedExpunges > 0) return undefined;
  const exists = (client.mailbox as MailboxObject).exists;
  const gone = previous.count + added - exists;
  // Only UIDs the earlier listings gave count: one added and expunged since is no removal.
  const changedHrefs = new Set(changed.map((item) => item.href));
  const removed = [...vanished]
    .filter((uid) => uid < previous.uidNext)
    .map((uid) => formatHref(previous.uidValidity, uid))
    .filter((href) => !changedHrefs.has(href));
  if (removed.length !== gone) return undefined;
  const state = stateAfter(now, Math.max(previous.uidNext, highestUid + 1), exists) as string;
  return {
    kind: "delta",
    changed,
    removed,
    state,
  };
}
