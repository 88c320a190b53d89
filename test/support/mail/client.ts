/**
 * Another mail client acting on a test server, through imapflow: what a user's phone or webmail would
 * do to the account while concord is not looking. Each call opens a connection of its own and closes
 * it, so no state carries over between calls.
 */
import { randomBytes } from "node:crypto";
import { ImapFlow } from "imapflow";

export interface ImapAccount {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
}

/** One message as a listing shows it. */
export interface ListedMessage {
  readonly uid: number;
  /** Sorted, without \Recent (which only the session that first sees a message gets). */
  readonly flags: readonly string[];
  /** With angle brackets, as in the header; undefined when the message has none. */
  readonly messageId: string | undefined;
}

export async function withClient<T>(account: ImapAccount, use: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: account.host,
    port: account.port,
    secure: false,
    auth: { user: account.username, pass: account.password },
    logger: false,
  });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** The capabilities the server announces after login, sorted. */
export const capabilities = (account: ImapAccount): Promise<string[]> =>
  withClient(account, async (client) => [...client.capabilities.keys()].sort());

/** Appends a message; answers the UID the server gave it (every server here has UIDPLUS). */
export function append(
  account: ImapAccount,
  folder: string,
  message: string | Buffer,
  flags: readonly string[] = [],
): Promise<number> {
  return withClient(account, async (client) => appendWith(client, folder, message, flags));
}

export async function appendWith(
  client: ImapFlow,
  folder: string,
  message: string | Buffer,
  flags: readonly string[],
): Promise<number> {
  const result = await client.append(folder, message, [...flags]);
  if (!result || result.uid === undefined) throw new Error(`APPEND to ${folder}: the server gave no UID`);
  return result.uid;
}

/** Replaces the flags of one message. */
export const setFlags = (account: ImapAccount, folder: string, uid: number, flags: readonly string[]) =>
  inFolder(account, folder, async (client) => {
    await client.messageFlagsSet(String(uid), [...flags], { uid: true });
  });

/** Marks one message \Deleted and expunges it by UID. */
export const expunge = (account: ImapAccount, folder: string, uid: number) =>
  inFolder(account, folder, async (client) => {
    await client.messageDelete(String(uid), { uid: true });
  });

export const createFolder = (account: ImapAccount, folder: string) =>
  withClient(account, async (client) => {
    await client.mailboxCreate(folder);
  });

export const deleteFolder = (account: ImapAccount, folder: string) =>
  withClient(account, async (client) => {
    await client.mailboxDelete(folder);
  });

export const renameFolder = (account: ImapAccount, from: string, to: string) =>
  withClient(account, async (client) => {
    await client.mailboxRename(from, to);
  });

/**
 * Every folder's name, sorted; not the placeholders a server lists for a parent that exists only
 * by its children's names (\NonExistent, \Noselect), which hold no message and cannot be opened.
 */
export const folders = (account: ImapAccount): Promise<string[]> =>
  withClient(account, async (client) =>
    (await client.list())
      .filter((folder) => ![...folder.flags].some((flag) => /^\\(noselect|nonexistent)$/i.test(flag)))
      .map((folder) => folder.path)
      .sort(),
  );

/** The hierarchy separator, as LIST reports it for INBOX. */
export const separator = (account: ImapAccount): Promise<string> =>
  withClient(account, async (client) => {
    const inbox = (await client.list()).find((folder) => folder.path.toUpperCase() === "INBOX");
    return inbox?.delimiter ?? "/";
  });

export const uidValidity = (account: ImapAccount, folder: string): Promise<number> =>
  withClient(account, async (client) => {
    const status = await client.status(folder, { uidValidity: true });
    if (!status || status.uidValidity === undefined) throw new Error(`STATUS ${folder}: no UIDVALIDITY`);
    return Number(status.uidValidity);
  });

/** Every message of the folder in UID order. */
export const list = (account: ImapAccount, folder: string): Promise<ListedMessage[]> =>
  inFolder(account, folder, async (client) => {
    if (client.mailbox === false || client.mailbox.exists === 0) return [];
    const messages: ListedMessage[] = [];
    for await (const message of client.fetch("1:*", { uid: true, flags: true, envelope: true })) {
      messages.push({
        uid: message.uid,
        flags: [...(message.flags ?? [])].filter((flag) => flag !== "\\Recent").sort(),
        messageId: message.envelope?.messageId || undefined,
      });
    }
    return messages.sort((x, y) => x.uid - y.uid);
  });

/**
 * Gives a folder a new UIDVALIDITY the way any server allows: the folder is renamed away, made anew
 * under its name (a new mailbox, so a new UIDVALIDITY) and its messages moved back, with their flags
 * and new UIDs. INBOX cannot be renamed away on every server, so it is refused.
 */
export async function recreateFolder(account: ImapAccount, folder: string): Promise<number> {
  if (folder.toUpperCase() === "INBOX") throw new Error("INBOX cannot be made anew over IMAP");
  const before = await uidValidity(account, folder);
  const aside = `${folder}-${randomBytes(4).toString("hex")}`;
  await withClient(account, async (client) => {
    await client.mailboxRename(folder, aside);
    await client.mailboxCreate(folder);
    const opened = await client.mailboxOpen(aside);
    if (opened.exists > 0) await client.messageMove("1:*", folder);
    await client.mailboxClose();
    await client.mailboxDelete(aside);
  });
  const after = await uidValidity(account, folder);
  if (after === before) throw new Error(`${folder} was made anew with the same UIDVALIDITY ${before}`);
  return after;
}

async function inFolder<T>(
  account: ImapAccount,
  folder: string,
  use: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  return withClient(account, async (client) => {
    await client.mailboxOpen(folder);
    return use(client);
  });
}
