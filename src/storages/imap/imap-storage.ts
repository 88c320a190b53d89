/**
 * The `imap` storage: an IMAP account, whose mailboxes are its collections. Loaded only when a
 * config uses it (imapflow and its parsers are large).
 * @module
 */
import type { ImapFlow, ListResponse } from "imapflow";
import {
  type Capabilities,
  type Collection,
  type CollectionId,
  type CollectionInfo,
  type CollectionRole,
  collectionRoles,
  type Listening,
  type Storage,
  type StorageContext,
} from "../../contract/index.js";
import { resolveSecret } from "../../config/secrets.js";
import {
  InternalError,
  InvalidDataError,
  PreconditionFailedError,
  ReadOnlyError,
  TransientError,
} from "../../errors/index.js";
import { messageModel } from "../../models/message.js";
import type { ImapConfig } from "./config.js";
import { ImapCollection, mailboxUrlPath } from "./imap-collection.js";
import { idOfMailbox, mailboxOfId } from "./mailbox-names.js";
import { mailboxIds } from "./raw-commands.js";
import { type Credential, ImapSession } from "./session.js";

export class ImapStorage implements Storage {
  readonly model = messageModel;
  readonly capabilities: Capabilities;
  private readonly session: ImapSession;
  /** `imap://user@host[:port]`: where `locate` and collection hrefs start. */
  private readonly origin: string;
  /** The mailbox name of each collection found or made by this instance. */
  private readonly mailboxes = new Map<CollectionId, string>();

  constructor(
    readonly name: string,
    private readonly config: ImapConfig,
    context: StorageContext = {},
  ) {
    // One connection: imapflow sends one command at a time on it, so writes in parallel would
    // only queue behind one another.
    this.capabilities = { readOnly: config.read_only, writeConcurrency: 1, fetchBatchSize: 200 };
    const configKey = `storage.${name}`;
    this.session = new ImapSession({
      host: config.host,
      port: config.port,
      username: config.username,
      security: config.security,
      credential: () => credentialOf(config, configKey),
      caFile: config.ca_file,
      timeoutMs: config.timeout * 1000,
      configKey,
      explain: context.explain && ((line) => context.explain?.(`${name}: ${line}`)),
    });
    const port = config.port === undefined ? "" : `:${config.port}`;
    this.origin = `imap://${encodeURIComponent(config.username)}@${config.host}${port}`;
  }

  /** Every mailbox that can hold messages (LIST, without `\Noselect` and `\NonExistent` ones). */
  async discover(): Promise<CollectionInfo[]> {
    return this.session.run("listing the folders", async (client) => {
      const listed = await client.list();
      const abilities = this.session.abilities(client);
      const stableIds = abilities.objectid && abilities.listStatus ? await mailboxIds(client) : new Map();
      const found: CollectionInfo[] = [];
      for (const entry of listed) {
        if ([...entry.flags].some((flag) => /^\\(noselect|nonexistent)$/i.test(flag))) continue;
        const id = idOfMailbox(entry.path, entry.delimiter);
        if (id === undefined) {
          this.session.options.explain?.(
            `${entry.path}: left out, a folder name with an empty level has no id`,
          );
          continue;
        }
        this.mailboxes.set(id, entry.path);
        found.push(this.infoOf(id, entry.path, roleOf(entry), stableIds.get(entry.pathAsListed)));
      }
      return found;
    });
  }

  open(info: CollectionInfo): Collection {
    const mailbox = this.mailboxes.get(info.id);
    if (mailbox === undefined) {
      throw new InternalError(`${this.name}: ${info.id} opened before discover() found it`, {});
    }
    return new ImapCollection(
      info,
      this.session,
      mailbox,
      this.origin,
      this.config.read_only ? this.name : undefined,
    );
  }

  /**
   * CREATE and SUBSCRIBE (so mail clients show it). Properties are not kept: an IMAP folder has
   * no display name or colour apart from its name.
   */
  async createCollection(id: CollectionId): Promise<CollectionInfo> {
    this.refuseIfReadOnly();
    return this.session.run(`creating the folder ${id}`, async (client) => {
      const mailbox = this.mailboxFor(client, id);
      const created = await client.mailboxCreate(mailbox);
      await client.mailboxSubscribe(mailbox);
      this.mailboxes.set(id, mailbox);
      return this.infoOf(id, mailbox, undefined, created.mailboxId);
    });
  }

  /** DELETE, once the folder holds no message: the engine asks only after emptying it. */
  async deleteCollection(info: CollectionInfo): Promise<void> {
    this.refuseIfReadOnly();
    const mailbox = this.mailboxes.get(info.id) ?? info.id;
    await this.session.run(`deleting the folder ${mailbox}`, async (client) => {
      const status = await client.status(mailbox, { messages: true });
      if (status && (status.messages ?? 0) > 0) {
        throw new PreconditionFailedError(
          `${this.config.host}: the folder ${mailbox} is not deleted: it holds ${status.messages} messages`,
          { what: mailbox },
        );
      }
      if (client.mailbox && client.mailbox.path === mailbox) await client.mailboxClose();
      await client.mailboxDelete(mailbox);
      await client.mailboxUnsubscribe(mailbox);
    });
    this.mailboxes.delete(info.id);
  }

  /** RENAME, keeping the folder's messages and (on most servers) their UIDs. */
  async renameCollection(info: CollectionInfo, to: CollectionId): Promise<CollectionInfo> {
    this.refuseIfReadOnly();
    const from = this.mailboxes.get(info.id) ?? info.id;
    return this.session.run(`renaming the folder ${from}`, async (client) => {
      const mailbox = this.mailboxFor(client, to);
      if (client.mailbox && client.mailbox.path === from) await client.mailboxClose();
      await client.mailboxRename(from, mailbox);
      await client.mailboxUnsubscribe(from).catch(() => undefined);
      await client.mailboxSubscribe(mailbox);
      this.mailboxes.delete(info.id);
      this.mailboxes.set(to, mailbox);
      return this.infoOf(to, mailbox, info.role, info.stableId);
    });
  }

  close(): Promise<void> {
    return this.session.close();
  }

  /**
   * IDLE on INBOX, where new mail arrives: a message added or removed there, or its flags changed
   * by another client, is told at once. The daemon gives this instance to listening alone, so its
   * one connection idles for as long as it listens.
   */
  async listen(
    onChange: (collection: CollectionId | undefined) => void,
    onLost: (error: Error) => void,
  ): Promise<Listening> {
    const inbox = "INBOX" as CollectionId;
    const client = await this.session.run("listening on INBOX", async (connected) => {
      await this.session.select(connected, "INBOX");
      return connected;
    });
    let closing = false;
    const changed = (): void => onChange(inbox);
    client.on("exists", changed);
    client.on("expunge", changed);
    client.on("flags", changed);
    client.on("close", () => {
      if (!closing)
        onLost(new TransientError(`${this.config.host}: the connection listening on INBOX closed`, {}));
    });
    const idling = (async () => {
      while (!closing && client.usable) {
        if ((await client.idle().catch(() => false)) === false && !closing) {
          client.close();
          return;
        }
      }
    })();
    return {
      close: async () => {
        closing = true;
        await this.session.close();
        await idling;
      },
    };
  }

  /** The mailbox name of a collection id on this server, or why it cannot have one. */
  private mailboxFor(client: ImapFlow, id: CollectionId): string {
    const mailbox = mailboxOfId(id, delimiterOf(client));
    if (mailbox === undefined) {
      throw new InvalidDataError(
        `${this.config.host}: no folder can be named ${JSON.stringify(id)} on this server (its hierarchy delimiter is ${JSON.stringify(delimiterOf(client))})`,
        { what: id },
      );
    }
    return mailbox;
  }

  private infoOf(
    id: CollectionId,
    mailbox: string,
    role: CollectionRole | undefined,
    stableId: string | undefined,
  ): CollectionInfo {
    return {
      id,
      href: `${this.origin}/${mailboxUrlPath(mailbox)}`,
      ...(role === undefined ? {} : { role }),
      ...(stableId === undefined ? {} : { stableId }),
    };
  }

  private refuseIfReadOnly(): void {
    if (this.config.read_only) throw new ReadOnlyError(`${this.name} is read-only`, { storage: this.name });
  }
}

/**
 * The folder's role: INBOX's, or the server's RFC 6154 special use (`\Sent` is "sent"), never
 * imapflow's guess from a folder's name (a folder named "Sent" on a server that says nothing).
 */
function roleOf(entry: ListResponse): CollectionRole | undefined {
  if (entry.path === "INBOX") return "inbox";
  if (entry.specialUseSource !== "extension" || entry.specialUse === undefined) return undefined;
  const role = entry.specialUse.replace(/^\\/, "").toLowerCase();
  return (collectionRoles as readonly string[]).includes(role) ? (role as CollectionRole) : undefined;
}

/** The personal namespace's hierarchy delimiter (`/`, `.`), or "" on a server without hierarchy. */
const delimiterOf = (client: ImapFlow): string => client.namespace?.delimiter ?? "";

async function credentialOf(config: ImapConfig, configKey: string): Promise<Credential> {
  if (config.oauth2 !== undefined) {
    const accessToken = await resolveSecret(
      { cmd: config.oauth2.token_cmd },
      `${configKey}.oauth2.token_cmd`,
    );
    return { accessToken };
  }
  // The schema asks for one of the two.
  const password = await resolveSecret(
    config.password as NonNullable<ImapConfig["password"]>,
    `${configKey}.password`,
  );
  return { password };
}
