/**
 * Starting and stopping the IMAP test servers, and what differs between them behind one interface:
 * how a folder is filled fast and how it gets a new UIDVALIDITY. Everything else goes through IMAP.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, unavailable, type DavServer } from "../servers/index.js";
import { addressInUse, freePort } from "../servers/port.js";
import * as client from "./client.js";
import { Dovecot } from "./dovecot.js";
import { dovecotMissing } from "./dovecot-install.js";
import type { ImapServer, ImapServerKind } from "./index.js";
import { seedByAppend, seedByImport, seededIds, type SeedRange } from "./seed.js";

export const imapServerKinds: readonly ImapServerKind[] = ["dovecot", "dovecot-plain", "cyrus"];

/** Why a server cannot start on this machine (the packages it lacks), or undefined when it can. */
export function imapUnavailable(kind: ImapServerKind): string | undefined {
  return kind === "cyrus" ? unavailable("cyrus") : dovecotMissing();
}

/** What only the server's own tools do well. */
interface Backend {
  readonly folder: string;
  seed(folder: string, range: SeedRange): Promise<void>;
  changeUidValidity(folder: string): Promise<number>;
  stop(): Promise<void>;
}

const host = "127.0.0.1";
/** Another process may take the port between the probe and Dovecot's bind. */
const portAttempts = 5;

const tempFolders = new Set<string>();
// Registered after child.ts's handler, so the servers are killed before their folders go.
process.on("exit", () => {
  for (const folder of tempFolders) rmSync(folder, { recursive: true, force: true });
});

export interface StartOptions {
  /**
   * Where Dovecot's temp folder goes (default: the system's temp folder). A tmpfs such as /dev/shm
   * makes seeding thousands of messages fast where the disk is slow; Cyrus ignores it.
   */
  readonly parent?: string;
  /** The largest message Dovecot takes; a larger APPEND is refused (Dovecot's quota plugin). */
  readonly maxMessageBytes?: number;
}

export async function startImapServer(kind: ImapServerKind, options: StartOptions = {}): Promise<ImapServer> {
  const missing = imapUnavailable(kind);
  if (missing) throw new Error(`cannot start ${kind}: ${missing}`);
  if (kind === "cyrus") return MailServer.open(kind, await cyrusBackend(await startServer("cyrus")));
  const account = {
    username: `user-${randomBytes(4).toString("hex")}`,
    password: randomBytes(12).toString("hex"),
  };
  for (let attempt = 1; ; attempt++) {
    const folder = mkdtempSync(join(options.parent ?? tmpdir(), `concord-${kind}-`));
    tempFolders.add(folder);
    chmodSync(folder, 0o755);
    const remove = () => {
      rmSync(folder, { recursive: true, force: true });
      tempFolders.delete(folder);
    };
    const port = await freePort();
    try {
      const dovecot = await Dovecot.start(folder, port, account, {
        plain: kind === "dovecot-plain",
        maxMessageBytes: options.maxMessageBytes,
      });
      return await MailServer.open(kind, dovecotBackend(dovecot, { host, port, ...account }, remove));
    } catch (error) {
      remove();
      if (attempt === portAttempts || !addressInUse.test(String(error))) throw error;
    }
  }
}

function dovecotBackend(
  dovecot: Dovecot,
  account: client.ImapAccount,
  remove: () => void,
): Backend & client.ImapAccount {
  return {
    ...account,
    folder: dovecot.folder,
    seed: (folder, range) => seedByImport(dovecot, folder, range),
    async changeUidValidity(folder) {
      const next = (await client.uidValidity(account, folder)) + 1;
      await dovecot.doveadm(["mailbox", "update"], ["--uid-validity", String(next), folder]);
      return next;
    },
    async stop() {
      await dovecot.stop();
      remove();
    },
  };
}

async function cyrusBackend(server: DavServer): Promise<Backend & client.ImapAccount> {
  const account = {
    host,
    port: server.ports.imap as number,
    username: server.username,
    password: server.password,
  };
  return {
    ...account,
    folder: server.folder,
    async seed(folder, range) {
      if (!(await client.folders(account)).includes(folder)) await client.createFolder(account, folder);
      await seedByAppend(account, folder, range);
    },
    changeUidValidity: (folder) => client.recreateFolder(account, folder),
    stop: () => server.stop(),
  };
}

class MailServer implements ImapServer {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly folder: string;
  /** The next number of the seed series. */
  private seeded = 0;
  private stopped = false;

  private constructor(
    readonly kind: ImapServerKind,
    private readonly backend: Backend & client.ImapAccount,
    readonly capabilities: readonly string[],
    readonly separator: string,
  ) {
    ({
      host: this.host,
      port: this.port,
      username: this.username,
      password: this.password,
      folder: this.folder,
    } = backend);
  }

  static async open(kind: ImapServerKind, backend: Backend & client.ImapAccount): Promise<MailServer> {
    try {
      const capabilities = await client.capabilities(backend);
      const separator = await client.separator(backend);
      return new MailServer(kind, backend, capabilities, separator);
    } catch (error) {
      await backend.stop();
      throw error;
    }
  }

  append(folder: string, message: string | Buffer, flags?: readonly string[]): Promise<number> {
    return client.append(this.backend, folder, message, flags);
  }

  async seed(folder: string, count: number): Promise<string[]> {
    const range = { first: this.seeded, count };
    this.seeded += count;
    await this.backend.seed(folder, range);
    return seededIds(range);
  }

  setFlags(folder: string, uid: number, flags: readonly string[]): Promise<void> {
    return client.setFlags(this.backend, folder, uid, flags);
  }

  expunge(folder: string, uid: number): Promise<void> {
    return client.expunge(this.backend, folder, uid);
  }

  createFolder(folder: string): Promise<void> {
    return client.createFolder(this.backend, folder);
  }

  deleteFolder(folder: string): Promise<void> {
    return client.deleteFolder(this.backend, folder);
  }

  renameFolder(from: string, to: string): Promise<void> {
    return client.renameFolder(this.backend, from, to);
  }

  folders(): Promise<string[]> {
    return client.folders(this.backend);
  }

  uidValidity(folder: string): Promise<number> {
    return client.uidValidity(this.backend, folder);
  }

  changeUidValidity(folder: string): Promise<number> {
    return this.backend.changeUidValidity(folder);
  }

  list(folder: string): Promise<client.ListedMessage[]> {
    return client.list(this.backend, folder);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.backend.stop();
  }
}
