/**
 * Removing a mail folder's Maildir, which the engine asks for once the folder was deleted on the
 * other side and it emptied this one. Nothing that holds a message is ever removed: a Maildir that
 * still holds one is refused, and a folder inside it (another mail folder, `INBOX/Sub` inside
 * `INBOX`) is left as it is, with the folder around it.
 * @module
 */
import { lstatSync, mkdirSync, readdirSync, rmdirSync, unlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { PreconditionFailedError } from "../../errors/index.js";
import { syncFolder } from "../local-fs/atomic-write.js";
import { isMissing, systemErrorCode } from "../local-fs/system-error.js";
import { maildirParts } from "./folder-layout.js";
import { removeStaleTemps } from "./stale-temps.js";

/**
 * Files mail programs keep in a Maildir beside its messages, which go with it: Dovecot's
 * (`dovecot-uidlist`, `dovecot-keywords`, `dovecot.index*`), Courier's and Dovecot's
 * `maildirfolder` marker, mbsync's (`.uidvalidity`, `.mbsyncstate*`, `.isyncuidmap.db`).
 */
const bookkeeping =
  /^(dovecot-[\w.-]+|dovecot\.[\w.-]+|maildirfolder|\.uidvalidity|\.mbsyncstate[\w.-]*|\.isyncuidmap\.db|courierimap[\w.-]*)$/;

function entriesOf(path: string): string[] {
  try {
    return readdirSync(path);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

/**
 * Removes the Maildir at `folder`: refused while `cur/` or `new/` holds anything, or `tmp/` holds
 * a delivery younger than the 36 hours after which the Maildir specification deems it abandoned.
 * `removeFolder`: the folder itself goes too when nothing else is left in it (not the root).
 */
export async function deleteMaildir(folder: string, removeFolder: boolean): Promise<void> {
  for (const part of ["cur", "new"]) {
    const held = entriesOf(join(folder, part));
    if (held.length > 0) {
      throw new PreconditionFailedError(
        `${folder} still holds ${held.length} message(s) in ${part}/; not deleted`,
        {
          what: folder,
        },
      );
    }
  }
  removeStaleTemps(folder);
  const delivering = entriesOf(join(folder, "tmp"));
  if (delivering.length > 0) {
    throw new PreconditionFailedError(`${folder} has a message being delivered in tmp/; not deleted`, {
      what: folder,
    });
  }
  // tmp/ first and cur/ last: a message delivered meanwhile lands in new/, whose removal then
  // fails, and the parts removed before are made again so that it stays in a Maildir.
  const removed: string[] = [];
  for (const part of [...maildirParts].reverse()) {
    try {
      rmdirSync(join(folder, part));
      removed.push(part);
    } catch (error) {
      if (isMissing(error)) continue;
      for (const again of removed) mkdirSync(join(folder, again), { recursive: true });
      if (systemErrorCode(error) === "ENOTEMPTY") {
        throw new PreconditionFailedError(`${folder} received a message meanwhile; not deleted`, {
          what: folder,
        });
      }
      throw error;
    }
  }
  for (const name of entriesOf(folder)) {
    const path = join(folder, name);
    if (bookkeeping.test(name) && lstatSync(path).isFile()) unlinkSync(path);
  }
  if (removeFolder) {
    try {
      rmdirSync(folder);
    } catch (error) {
      // Other mail folders inside it, or files of the user's: they stay, and so does the folder.
      if (systemErrorCode(error) !== "ENOTEMPTY" && !isMissing(error)) throw error;
    }
    await syncFolder(dirname(folder));
  } else {
    await syncFolder(folder);
  }
}
