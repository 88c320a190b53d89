/**
 * An IMAP server for the imap storage's tests, whatever its kind: its account, a config for it,
 * and a second client that changes things behind the storage's back as another mail client would.
 */
import { ImapFlow } from "imapflow";
import { definition as imap } from "../../../src/storages/imap/index.js";
import type { ImapConfig } from "../../../src/storages/imap/config.js";
import {
  describeImapServers as describeMailServers,
  type ImapServer,
  type ImapServerKind,
  imapServerKinds,
  startImapServer as startMailServer,
} from "../mail/index.js";

export type { ImapServerKind } from "../mail/index.js";

export interface ImapTestServer {
  readonly kind: ImapServerKind;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  /** The server itself, with its helpers that act as another mail client. */
  readonly server: ImapServer;
  /** A config of the storage for this server's account. */
  config(extra?: Record<string, unknown>): ImapConfig;
  /**
   * The `[storage.NAME]` table of this account for a config file, its password read from the
   * environment variable `passwordEnv` (which the caller sets), `extra` lines added.
   */
  table(name: string, passwordEnv: string, extra?: string): string;
  /** A logged-in client of its own, as another mail client would be. */
  client(): Promise<ImapFlow>;
  /** Removes every folder but INBOX and every message in INBOX: a fresh account. */
  empty(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * One set of tests run against each IMAP server kind (Dovecot with and without CONDSTORE and
 * QRESYNC, Cyrus); a kind whose packages are missing is skipped under a title saying which (in
 * CI, where they are all installed, it runs and fails instead).
 */
export function describeImapServers(title: string, body: (kind: ImapServerKind) => void): void {
  describeMailServers(imapServerKinds, (kind) => `${title} on ${kind}`, body);
}

export async function startImapServer(kind: ImapServerKind): Promise<ImapTestServer> {
  const server = await startMailServer(kind);
  const { port, username, password } = server;
  const client = async () => {
    const other = new ImapFlow({
      host: "127.0.0.1",
      port,
      secure: false,
      auth: { user: username, pass: password },
      logger: false,
      qresync: true,
      disableAutoIdle: true,
    });
    other.on("error", () => undefined);
    await other.connect();
    return other;
  };
  return {
    kind,
    port,
    username,
    password,
    server,
    config: (extra = {}) =>
      imap.configSchema.parse({
        type: "imap",
        host: "127.0.0.1",
        port,
        security: "none",
        username,
        password,
        ...extra,
      }),
    table: (name, passwordEnv, extra = "") =>
      [
        `[storage.${name}]`,
        'type = "imap"',
        'host = "127.0.0.1"',
        `port = ${port}`,
        'security = "none"',
        `username = "${username}"`,
        `password = { env = "${passwordEnv}" }`,
        extra,
        "",
      ].join("\n"),
    client,
    async empty() {
      const other = await client();
      try {
        const folders = await other.list();
        // Deepest first, so that no folder is deleted before its children.
        for (const folder of folders.sort((a, b) => b.path.length - a.path.length)) {
          if (folder.path === "INBOX") continue;
          // Cyrus keeps a special use as METADATA; Dovecot takes it from its configuration.
          if (folder.specialUseSource === "extension" && other.capabilities.has("METADATA"))
            await clearSpecialUse(other, folder.path);
          // A parent made only by its child's name (Dovecot's \NonExistent) goes with the child.
          const placeholder = [...folder.flags].some((flag) => /^\\(noselect|nonexistent)$/i.test(flag));
          if (!placeholder) await other.mailboxDelete(folder.path);
        }
        const inbox = await other.mailboxOpen("INBOX");
        if (inbox.exists > 0) await other.messageDelete("1:*");
      } finally {
        await other.logout();
      }
    },
    stop: () => server.stop(),
  };
}

/**
 * Takes a folder's special use away (RFC 6154 §5.1's METADATA entry), since Cyrus refuses to
 * delete a folder with one (`specialuse_protect`).
 */
async function clearSpecialUse(client: ImapFlow, path: string): Promise<void> {
  const exec = (
    client as unknown as { exec(command: string, attributes: unknown): Promise<{ next(): void }> }
  ).exec;
  const answer = await exec.call(client, "SETMETADATA", [
    { type: "STRING", value: path },
    [
      { type: "STRING", value: "/private/specialuse" },
      { type: "ATOM", value: "NIL" },
    ],
  ]);
  answer.next();
}

/**
 * Creates a folder with an RFC 6154 special use (CREATE-SPECIAL-USE, RFC 6154 §3); a server
 * without it (Dovecot 2.3) gives the use by the folder's name, from its configuration.
 */
export async function createSpecialUse(client: ImapFlow, name: string, use: string): Promise<void> {
  if (!client.capabilities.has("CREATE-SPECIAL-USE")) {
    await client.mailboxCreate(name);
    return;
  }
  const exec = (
    client as unknown as { exec(command: string, attributes: unknown): Promise<{ next(): void }> }
  ).exec;
  const answer = await exec.call(client, "CREATE", [
    { type: "STRING", value: name },
    [{ type: "ATOM", value: "USE" }, [{ type: "ATOM", value: use }]],
  ]);
  answer.next();
}
