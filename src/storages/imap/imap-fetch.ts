/**
 * Reading messages: one FETCH of the UIDs' flags and sizes, then the bodies (`BODY.PEEK[]`, which
 * never sets \Seen) of the ordinary ones in one FETCH, each held in memory as imapflow gives it.
 * A message larger than `largeMessageBytes` is not read then: its body is read when opened, in
 * partial fetches of `chunkBytes`, so it never sits whole in memory.
 * @module
 */
import type { FetchMessageObject, ImapFlow } from "imapflow";
import { type Body, bytesBody, type Fetched, type Href } from "../../contract/index.js";
import { ConcordError, NotFoundError } from "../../errors/index.js";
import { imapError } from "./imap-error.js";
import { listedItem } from "./imap-listing.js";
import { uidIn } from "./versions.js";
import type { ImapSession } from "./session.js";

export const largeMessageBytes = 8 * 1024 * 1024;
const chunkBytes = 1024 * 1024;

export async function* fetchMessages(
  session: ImapSession,
  mailbox: string,
  hrefs: readonly Href[],
): AsyncIterable<Fetched> {
  let answers: Fetched[];
  try {
    answers = await session.inMailbox(mailbox, `reading from ${mailbox}`, (client) =>
      readBatch(session, client, mailbox, hrefs),
    );
  } catch (error) {
    // A dropped connection fails these items, to be read again by a later run; a refused login
    // or a folder that cannot be opened fails more than them.
    if (
      !(error instanceof ConcordError) ||
      error.disposition === "fatal" ||
      error.disposition === "collection"
    )
      throw error;
    answers = hrefs.map((href) => ({ href, error }));
  }
  yield* answers;
}

async function readBatch(
  session: ImapSession,
  client: ImapFlow,
  mailbox: string,
  hrefs: readonly Href[],
): Promise<Fetched[]> {
  const notFound = (href: Href): Fetched => ({
    href,
    error: new NotFoundError(`${session.options.host}: no message ${href} in ${mailbox}`, { what: href }),
  });
  const uidValidity = (client.mailbox as { uidValidity: bigint }).uidValidity;
  const uids = hrefs.map((href) => uidIn(href, uidValidity)).filter((uid) => uid !== undefined);
  const described = new Map<number, FetchMessageObject>();
  if (uids.length > 0) {
    for await (const message of client.fetch(
      uids.join(","),
      { uid: true, flags: true, size: true },
      { uid: true },
    ))
      described.set(message.uid, message);
  }
  const condstore = client.enabled.has("CONDSTORE");
  const small = [...described.values()].filter((message) => (message.size ?? 0) <= largeMessageBytes);
  const bodies = new Map<number, Body>();
  let failure: ConcordError | undefined;
  try {
    if (small.length > 0) {
      const range = small.map((message) => message.uid).join(",");
      for await (const message of client.fetch(range, { uid: true, source: true }, { uid: true })) {
        // A copy of its own: imapflow's source may be a view into a larger buffer of the
        // connection, which a body kept for the executor would hold alive whole.
        if (message.source) bodies.set(message.uid, bytesBody(new Uint8Array(message.source)));
      }
    }
  } catch (error) {
    // The messages read before the connection dropped are kept; the others are retried later.
    failure = imapError(error, session.account, `reading from ${mailbox}`);
  }
  return hrefs.map((href): Fetched => {
    const uid = uidIn(href, uidValidity);
    const message = uid === undefined ? undefined : described.get(uid);
    if (message === undefined) return notFound(href);
    const size = message.size ?? 0;
    const body =
      size > largeMessageBytes ? largeBody(session, mailbox, message.uid, size) : bodies.get(message.uid);
    if (body === undefined) return failure ? { href, error: failure } : notFound(href);
    const { version, attributes } = listedItem(message, uidValidity, condstore);
    return { href, version, body, attributes };
  });
}

/**
 * A body read when opened, a chunk at a time, holding the mailbox lock from the first chunk to the
 * last: partial fetches address the message by UID in the selected mailbox, which no other work
 * may change meanwhile. A reader that stops early ends the reading between two chunks.
 */
function largeBody(session: ImapSession, mailbox: string, uid: number, size: number): Body {
  return {
    size,
    async *open() {
      const release = await session.lock();
      try {
        const client = await session.connection();
        await session.select(client, mailbox);
        for (let start = 0; start < size; start += chunkBytes) {
          const part = await client.fetchOne(
            String(uid),
            { uid: true, source: { start, maxLength: chunkBytes } },
            { uid: true },
          );
          if (!part || !part.source) {
            throw new NotFoundError(`${session.options.host}: no message ${uid} in ${mailbox}`, {
              what: String(uid),
            });
          }
          yield part.source;
          if (part.source.length < chunkBytes) break;
        }
      } catch (error) {
        throw imapError(error, session.account, `reading message ${uid} from ${mailbox}`);
      } finally {
        release();
      }
    },
  };
}
