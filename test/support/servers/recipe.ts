import type { ProcessOptions } from "./child.js";
import type { Credentials } from "./dav.js";

/** Where one server lives: its temp folder, its account and the loopback ports it got for this start. */
export interface Site {
  readonly folder: string;
  readonly account: Credentials;
  /** `http` (the DAV server), and one per name in the recipe's `ports`. */
  readonly ports: Readonly<Record<string, number>>;
}

/** One process of a server: a database, a web server, the DAV server itself. */
export interface Service {
  /** Names the process in messages. */
  readonly name: string;
  readonly commandLine: readonly [string, ...string[]];
  readonly options?: ProcessOptions;
  /** True once the process serves; polled until then. Without it, being alive counts as ready. */
  ready?(): Promise<boolean>;
  /**
   * Runs once, when the process first serves and before the next one starts: what needs it running
   * (a database's schema and the account, the account's first IMAP login).
   */
  init?(): Promise<void>;
}

/** What differs between server kinds; everything else (ports, processes, readiness, URLs) is shared. */
export interface Recipe {
  /** Each Debian package the server comes from, by a file it installs: without them it cannot start. */
  readonly packages: Readonly<Record<string, string>>;
  /** Names of the ports the server needs besides `http`, e.g. `imap`. */
  readonly ports?: readonly string[];
  /** The account's principal, as a path on the server: what `current-user-principal` must name. */
  principalPath(account: Credentials): string;
  /** Writes whatever the server needs in its empty temp folder before the first start. */
  prepare?(folder: string, account: Credentials): void | Promise<void>;
  /** The processes that serve `site`, in the order they start; they stop in the reverse order. */
  services(site: Site): readonly Service[];
}
