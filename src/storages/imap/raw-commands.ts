/**
 * The few commands sent below imapflow's public methods, because those hide what sync needs:
 * its flag methods answer true even when a conditional STORE was refused (`[MODIFIED]`) and
 * false for any failure, without the server's words; its `messageDelete` falls back to a plain
 * EXPUNGE (which removes every message marked \Deleted, other clients' too) where the server
 * lacks UIDPLUS; its LIST asks for no MAILBOXID. These go through imapflow's own command queue
 * (`exec`, present on every ImapFlow though left out of its type declarations), so they never
 * interleave with its other commands.
 * @module
 */
import type { ImapFlow } from "imapflow";

/** An attribute as imapflow's command compiler takes it. */
type Attribute = { type: "ATOM" | "SEQUENCE" | "STRING"; value: string } | Attribute[];

interface TaggedAnswer {
  response: { attributes?: { section?: { value?: unknown }[] }[] };
  next(): void;
}

interface Untagged {
  readonly command?: string;
  readonly attributes?: readonly ({ value?: unknown } | readonly { value?: unknown }[])[];
}

interface Executes {
  exec(
    command: string,
    attributes: Attribute[] | false,
    options?: { untagged?: Record<string, (untagged: Untagged) => Promise<void> | void> },
  ): Promise<TaggedAnswer>;
}

const executes = (client: ImapFlow): Executes => client as unknown as Executes;

/** The response code of a tagged OK (`MODIFIED` in `OK [MODIFIED 7]`), upper-cased. */
function responseCode(answer: TaggedAnswer): string | undefined {
  const code = answer.response.attributes?.[0]?.section?.[0]?.value;
  return typeof code === "string" ? code.toUpperCase() : undefined;
}

/**
 * `UID STORE uid [(UNCHANGEDSINCE modseq)] FLAGS.SILENT|+FLAGS.SILENT (flags)` in the selected
 * mailbox. Returns false when the server refused it because the message changed since `modseq`
 * (RFC 7162 `[MODIFIED]`); throws the server's NO or BAD.
 */
export async function storeFlags(
  client: ImapFlow,
  uid: number,
  flags: readonly string[],
  options: { readonly add?: boolean; readonly unchangedSince?: bigint },
): Promise<boolean> {
  const attributes: Attribute[] = [{ type: "SEQUENCE", value: String(uid) }];
  if (options.unchangedSince !== undefined) {
    attributes.push([
      { type: "ATOM", value: "UNCHANGEDSINCE" },
      { type: "ATOM", value: options.unchangedSince.toString() },
    ]);
  }
  attributes.push(
    { type: "ATOM", value: options.add ? "+FLAGS.SILENT" : "FLAGS.SILENT" },
    flags.map((flag) => ({ type: "ATOM", value: flag })),
  );
  const answer = await executes(client).exec("UID STORE", attributes);
  answer.next();
  return responseCode(answer) !== "MODIFIED";
}

/** `UID EXPUNGE uid` (UIDPLUS): removes that one message if it is marked \Deleted, no other. */
export async function expungeUid(client: ImapFlow, uid: number): Promise<void> {
  const answer = await executes(client).exec("UID EXPUNGE", [{ type: "SEQUENCE", value: String(uid) }]);
  answer.next();
}

/**
 * Every mailbox's MAILBOXID (RFC 8474), by its name as listed (still encoded), in one
 * `LIST "" "*" RETURN (STATUS (MAILBOXID))` (RFC 5819).
 */
export async function mailboxIds(client: ImapFlow): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const answer = await executes(client).exec(
    "LIST",
    [
      { type: "STRING", value: "" },
      { type: "STRING", value: "*" },
      { type: "ATOM", value: "RETURN" },
      [{ type: "ATOM", value: "STATUS" }, [{ type: "ATOM", value: "MAILBOXID" }]],
    ],
    {
      untagged: {
        LIST: () => undefined,
        STATUS: (untagged) => {
          const [name, items] = untagged.attributes ?? [];
          if (name === undefined || !Array.isArray(items)) return;
          const mailbox = (name as { value?: unknown }).value;
          for (let at = 0; at + 1 < items.length; at += 2) {
            const key = items[at]?.value;
            const value = items[at + 1];
            const id = Array.isArray(value) ? value[0]?.value : (value as { value?: unknown }).value;
            if (typeof key === "string" && key.toUpperCase() === "MAILBOXID" && typeof id === "string") {
              ids.set(String(mailbox), id);
            }
          }
        },
      },
    },
  );
  answer.next();
  return ids;
}

/**
 * `EXPUNGE`: removes every message of the selected mailbox marked \Deleted. Only for a server
 * without UIDPLUS, and only once no message but the one meant is marked.
 */
export async function expungeDeleted(client: ImapFlow): Promise<void> {
  const answer = await executes(client).exec("EXPUNGE", false);
  answer.next();
}
