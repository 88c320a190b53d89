/**
 * Real CalDAV/CardDAV servers on loopback for integration tests, each with throw-away storage.
 */
export { serverKinds, startServer, unavailable } from "./server.js";
export { propfind, type Credentials, type PropertyName, type PropfindResponse } from "./dav.js";
export type { XmlElement } from "./xml.js";

export type ServerKind = "radicale" | "xandikos" | "cyrus" | "davical" | "sogo";

export interface DavServer {
  readonly kind: ServerKind;
  /** Root URL, e.g. `http://127.0.0.1:PORT/`. */
  readonly url: string;
  /** The loopback ports it listens on: `http`, and e.g. `imap` for Cyrus. */
  readonly ports: Readonly<Record<string, number>>;
  /**
   * The account the tests authenticate as, unique to this server. Radicale checks it (htpasswd, Basic);
   * Xandikos has no authentication and accepts any credentials, but serves its principal under this name.
   */
  readonly username: string;
  readonly password: string;
  /** What `current-user-principal` points at, e.g. `http://127.0.0.1:PORT/<username>/` on Radicale. */
  readonly principalUrl: string;
  readonly calendarHomeUrl: string;
  readonly addressbookHomeUrl: string;
  /** The temp folder holding the server's config and collections; gone after `stop()`. */
  readonly folder: string;
  /**
   * The process serving DAV (the last to start); a new one after `restart()` or `resume()`, undefined
   * after `pause()` or `stop()`.
   */
  readonly pid: number | undefined;
  /** Creates an empty calendar (MKCALENDAR) in the calendar home; returns its URL, with a trailing slash. */
  makeCalendar(id: string): Promise<string>;
  /** Creates an empty address book (extended MKCOL) in the address book home; returns its URL. */
  makeAddressbook(id: string): Promise<string>;
  /** Sets a collection's display name (PROPPATCH), as another client renaming it would. */
  rename(url: string, displayName: string): Promise<void>;
  /**
   * PUTs an item unconditionally, bypassing concord, and returns the ETag header if the server sent one.
   * `url` may be relative to the root. Both servers re-serialise what they store, so GET may differ.
   */
  put(url: string, body: string): Promise<string | undefined>;
  /** The item and its ETag, or undefined when the server answers 404. */
  get(url: string): Promise<{ body: string; etag: string | undefined } | undefined>;
  /** The collection's current RFC 6578 sync-token, asked by PROPFIND. */
  syncToken(url: string): Promise<string>;
  remove(url: string): Promise<void>;
  /** Kills the process and removes its temp folder; calling it again does nothing. */
  stop(): Promise<void>;
  /** Stops the process and starts it again on the same port and storage. */
  restart(): Promise<void>;
  /** Stops the process, keeping its port and storage for `resume()`: the server is down meanwhile. */
  pause(): Promise<void>;
  /** Starts a paused server again on the same port and storage. */
  resume(): Promise<void>;
}
