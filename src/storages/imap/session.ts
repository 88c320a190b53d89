/**
 * The storage's connection to the server: one imapflow client, made when first needed and made
 * again after it dropped (an ImapFlow cannot reconnect). imapflow sends one command at a time
 * per connection; every piece of work in a mailbox holds the session's lock from its SELECT to
 * its end, so that two collections of one storage never read each other's UIDs.
 * @module
 */
import { readFile } from "node:fs/promises";
import { rootCertificates } from "node:tls";
import { ImapFlow, type ImapFlowOptions } from "imapflow";
import { CollectionError, ConfigError } from "../../errors/index.js";
import { defaultPorts, type Security } from "./config.js";
import { type Account, imapError, isRefusal, serverWords } from "./imap-error.js";

/** What to log in with: resolved only when a connection is made, never kept in a message. */
export type Credential = { readonly password: string } | { readonly accessToken: string };

export interface SessionOptions extends Account {
  readonly port?: number;
  readonly security: Security;
  readonly credential: () => Promise<Credential>;
  readonly caFile?: string;
  readonly timeoutMs: number;
  /** The config key of the storage, for messages about its options. */
  readonly configKey: string;
  readonly explain?: (line: string) => void;
}

/** What the server can do, read once per connection. */
export interface ServerAbilities {
  /** CONDSTORE is on: every message has a modseq, every mailbox a HIGHESTMODSEQ. */
  readonly condstore: boolean;
  /** QRESYNC is on: a FETCH CHANGEDSINCE also names the UIDs expunged since (VANISHED). */
  readonly qresync: boolean;
  /** UIDPLUS: APPEND answers the new UID, and UID EXPUNGE removes exactly one message. */
  readonly uidplus: boolean;
  readonly objectid: boolean;
  readonly listStatus: boolean;
}

export class ImapSession {
  private client: ImapFlow | undefined;
  private connecting: Promise<ImapFlow> | undefined;
  private tls: Promise<ImapFlowOptions["tls"]> | undefined;
  /** Settles when the work holding the mailbox lock ends. */
  private held: Promise<void> = Promise.resolve();

  constructor(readonly options: SessionOptions) {}

  get account(): Account {
    return { host: this.options.host, username: this.options.username };
  }

  /** A connected, logged-in client: the current one, or a new one when it is gone. */
  async connection(): Promise<ImapFlow> {
    if (this.client?.usable) return this.client;
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  abilities(client: ImapFlow): ServerAbilities {
    return {
      condstore: client.enabled.has("CONDSTORE"),
      qresync: client.enabled.has("QRESYNC"),
      uidplus: client.capabilities.has("UIDPLUS"),
      objectid: client.capabilities.has("OBJECTID"),
      listStatus: client.capabilities.has("LIST-STATUS"),
    };
  }

  /**
   * Runs `work` on a connection. `what` says what it does, for messages; every failure becomes a
   * ConcordError naming the host.
   */
  async run<T>(what: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
    try {
      return await work(await this.connection());
    } catch (error) {
      throw imapError(error, this.account, what);
    }
  }

  /**
   * Runs `work` with `mailbox` selected (read-write), holding the lock on it until it ends.
   * `fresh` selects it again even when it is selected already, for what SELECT reports now
   * (EXISTS, UIDNEXT, HIGHESTMODSEQ) rather than what this session last heard.
   */
  async inMailbox<T>(
    mailbox: string,
    what: string,
    work: (client: ImapFlow) => Promise<T>,
    options: { readonly fresh?: boolean } = {},
  ): Promise<T> {
    const release = await this.lock();
    try {
      return await this.run(what, async (client) => {
        await this.select(client, mailbox, options.fresh === true);
        return work(client);
      });
    } finally {
      release();
    }
  }

  /**
   * Takes the mailbox lock for work that cannot be one function call (a body streamed to whoever
   * reads it): the returned function releases it.
   */
  async lock(): Promise<() => void> {
    const previous = this.held;
    let release!: () => void;
    this.held = new Promise((resolve) => {
      release = resolve;
    });
    await previous;
    return release;
  }

  /** Selects `mailbox` on `client` unless it is selected already (and `fresh` is not asked). */
  async select(client: ImapFlow, mailbox: string, fresh = false): Promise<void> {
    if (!fresh && client.mailbox && client.mailbox.path === mailbox) return;
    try {
      await client.mailboxOpen(mailbox);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      throw new CollectionError(
        `${this.options.host}: cannot open the folder ${mailbox}: ${serverWords(error)}`,
        {
          collection: mailbox,
        },
      );
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client?.usable) await client.logout().catch(() => client.close());
    else client?.close();
  }

  private async connect(): Promise<ImapFlow> {
    const { options } = this;
    this.client?.close();
    this.client = undefined;
    const [credential, tls] = await Promise.all([options.credential(), this.tlsOptions()]);
    const port = options.port ?? defaultPorts[options.security];
    options.explain?.(`connecting to ${options.host}:${port} (${options.security}) as ${options.username}`);
    const client = new ImapFlow({
      host: options.host,
      port,
      secure: options.security === "tls",
      // "starttls" must upgrade (imapflow fails when the server cannot); "none" never tries.
      doSTARTTLS: options.security === "starttls" ? true : options.security === "none" ? false : undefined,
      servername: options.host,
      auth:
        "password" in credential
          ? { user: options.username, pass: credential.password }
          : { user: options.username, accessToken: credential.accessToken },
      ...(tls === undefined ? {} : { tls }),
      // Nothing of imapflow's reaches the output: its log lines could hold message data.
      logger: false,
      qresync: true,
      // A sync is a burst of commands; IDLE between them would only add round trips.
      disableAutoIdle: true,
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    });
    // A failure after connect() ends the connection; the next command then gets a new one.
    client.on("error", () => undefined);
    await client.connect();
    this.client = client;
    return client;
  }

  /** The CA file's certificates besides the system's, read once. */
  private tlsOptions(): Promise<ImapFlowOptions["tls"]> {
    const { caFile, configKey } = this.options;
    if (caFile === undefined) return Promise.resolve(undefined);
    this.tls ??= readFile(caFile, "utf8").then(
      (ca) => ({ ca: [...rootCertificates, ca] }),
      (error: NodeJS.ErrnoException) => {
        throw new ConfigError(
          `${configKey}.ca_file: cannot read "${caFile}" (${error.code ?? error.message})`,
          {
            key: `${configKey}.ca_file`,
          },
        );
      },
    );
    return this.tls;
  }
}
