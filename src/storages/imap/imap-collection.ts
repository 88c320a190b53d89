/**
 * One mailbox, opened as a collection: an item is a message, its href its UIDVALIDITY and UID.
 * @module
 */
import type {
  Attributes,
  Body,
  Collection,
  CollectionInfo,
  CreateOptions,
  Fetched,
  Href,
  Listing,
  Version,
  Written,
} from "../../contract/index.js";
import { ReadOnlyError } from "../../errors/index.js";
import { fetchMessages } from "./imap-fetch.js";
import { listMailbox } from "./imap-listing.js";
import { appendMessage, removeMessage, replaceMessage, setFlags } from "./imap-writes.js";
import { parseHref } from "./versions.js";
import type { ImapSession } from "./session.js";

export class ImapCollection implements Collection {
  constructor(
    readonly info: CollectionInfo,
    private readonly session: ImapSession,
    /** The mailbox's name on the server, decoded. */
    private readonly mailbox: string,
    /** `imap://user@host[:port]`, for `locate`. */
    private readonly origin: string,
    /** The storage's name when it is configured `read_only`: every write is then refused. */
    private readonly readOnlyStorage?: string,
  ) {}

  list(state?: string): Promise<Listing> {
    return listMailbox(this.session, this.mailbox, state);
  }

  get(hrefs: readonly Href[]): AsyncIterable<Fetched> {
    return fetchMessages(this.session, this.mailbox, hrefs);
  }

  /** `name` is no use: the server gives the message its UID. */
  async create(body: Body, _name: string, options?: CreateOptions): Promise<Written> {
    this.refuseIfReadOnly();
    return await appendMessage(this.session, this.mailbox, body, options?.attributes);
  }

  /** Gives the new content a new UID; see `replaceMessage`. */
  async update(
    href: Href,
    version: Version | undefined,
    body: Body,
    attributes?: Attributes,
  ): Promise<Written> {
    this.refuseIfReadOnly();
    return await replaceMessage(this.session, this.mailbox, href, version, body, attributes);
  }

  async delete(href: Href, version: Version | undefined): Promise<void> {
    this.refuseIfReadOnly();
    await removeMessage(this.session, this.mailbox, href, version);
  }

  async setAttributes(href: Href, version: Version | undefined, attributes: Attributes): Promise<Written> {
    this.refuseIfReadOnly();
    return await setFlags(this.session, this.mailbox, href, version, attributes);
  }

  private refuseIfReadOnly(): void {
    const storage = this.readOnlyStorage;
    if (storage !== undefined) throw new ReadOnlyError(`${storage} is read-only`, { storage });
  }

  /** The message's IMAP URL (RFC 5092), which mail clients and `curl` open. */
  locate(href: Href): string {
    const message = parseHref(href);
    const at = `${this.origin}/${mailboxUrlPath(this.mailbox)}`;
    return message === undefined ? at : `${at};UIDVALIDITY=${message.uidValidity}/;UID=${message.uid}`;
  }
}

/** A mailbox name in an IMAP URL: each character outside RFC 3986's unreserved set escaped, `/` kept. */
export const mailboxUrlPath = (mailbox: string): string =>
  mailbox
    .split("/")
    .map((part) => encodeURIComponent(part))
    .join("/");
