/**
 * Real IMAP servers on loopback for the mail tests and the benchmark: Dovecot with CONDSTORE and
 * QRESYNC (`dovecot`), Dovecot announcing neither (`dovecot-plain`, for the fallbacks), and Cyrus.
 * Each has one account, throw-away storage, and helpers that change its mail as another client
 * would.
 */
import type { ListedMessage } from "./client.js";

export { imapServerKinds, imapUnavailable, startImapServer, type StartOptions } from "./server.js";
export type { ListedMessage } from "./client.js";
export { mailMessage, messageId, seedFlags } from "./messages.js";

export type ImapServerKind = "dovecot" | "dovecot-plain" | "cyrus";

export interface ImapServer {
  readonly kind: ImapServerKind;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  /** What the server announces after login, sorted: e.g. CONDSTORE, QRESYNC, UIDPLUS. */
  readonly capabilities: readonly string[];
  /** The temp folder holding the server's configuration and mail; gone after `stop()`. */
  readonly folder: string;
  /** The hierarchy separator of folder names. */
  readonly separator: string;
  /** Appends a message (CRLF line ends); answers its UID. */
  append(folder: string, message: string | Buffer, flags?: readonly string[]): Promise<number>;
  /**
   * Adds `count` generated messages (`mailMessage`, with `seedFlags`) to the folder, creating it if
   * need be; answers their Message-IDs. Calls on one server continue one series, so IDs never repeat.
   */
  seed(folder: string, count: number): Promise<string[]>;
  /** Replaces the flags of one message. */
  setFlags(folder: string, uid: number, flags: readonly string[]): Promise<void>;
  /** Removes one message (\Deleted, then UID EXPUNGE). */
  expunge(folder: string, uid: number): Promise<void>;
  createFolder(folder: string): Promise<void>;
  deleteFolder(folder: string): Promise<void>;
  renameFolder(from: string, to: string): Promise<void>;
  /** Every folder's name, sorted. */
  folders(): Promise<string[]>;
  uidValidity(folder: string): Promise<number>;
  /**
   * Gives the folder a new UIDVALIDITY, its messages kept (on Cyrus they get new UIDs too, and
   * INBOX is refused); answers the new value.
   */
  changeUidValidity(folder: string): Promise<number>;
  /** Every message of the folder in UID order: UID, flags, Message-ID. */
  list(folder: string): Promise<ListedMessage[]>;
  /** Stops the server and removes its temp folder; calling it again does nothing. */
  stop(): Promise<void>;
}
