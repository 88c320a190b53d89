import type { Credentials } from "./dav.js";

/** What differs between server kinds; everything else (port, process, readiness) is shared. */
export interface Recipe {
  /** Writes whatever the server needs in its empty temp folder before the first start. */
  prepare?(folder: string, account: Credentials): void;
  /** The command line that serves `folder` on 127.0.0.1:`port`, with `account` as the current user. */
  commandLine(folder: string, port: number, account: Credentials): readonly [string, ...string[]];
}
