/**
 * What a Maildir holds: one synchronous `readdir` of `new/` and one of `cur/`, each name read
 * for its unique part and flags, and no file opened. `new/` is read first: a message a client
 * moves to `cur/` meanwhile is then seen twice (caught by `stamp`, see the collection's list)
 * rather than not at all.
 * @module
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { asHref, type Href, type Skipped } from "../../contract/index.js";
import { classify, CollectionError } from "../../errors/index.js";
import { isMissing } from "../local-fs/system-error.js";
import { keywordsFileName } from "./keywords.js";
import { parseName } from "./message-name.js";

/** The two sub-folders that hold messages: `new/` those no client has seen yet, `cur/` the others. */
export type MessageSub = "new" | "cur";

export interface MessageFile {
  readonly sub: MessageSub;
  /** The whole file name, info included. */
  readonly name: string;
  /** The flag letters of its info; undefined when it has none. */
  readonly letters: string | undefined;
}

export interface FolderScan {
  readonly files: Map<Href, MessageFile>;
  /** Entries that are no message concord can carry, and messages held by two files at once. */
  readonly skipped: Skipped[];
}

export const pathOfFile = (folder: string, file: MessageFile): string => join(folder, file.sub, file.name);

function readSub(folder: string, sub: MessageSub) {
  const path = join(folder, sub);
  try {
    return readdirSync(path, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) {
      throw new CollectionError(`${folder} is no longer a Maildir: it has no ${sub}/`, {
        collection: folder,
      });
    }
    throw classify(error, `listing ${path}`);
  }
}

/**
 * A stamp of what decides a listing: the folders that hold the messages (a file added, removed
 * or renamed there changes it) and the keywords file. `settledBefore` is the newest time among
 * them: a change made within the same clock tick may leave a stamp as it was, so only a stamp
 * old enough vouches that nothing changed since (see the collection's `list`).
 */
export function stamp(folder: string): { readonly text: string; readonly newestNs: bigint } {
  try {
    const stats = ["new", "cur"].map((sub) => statSync(join(folder, sub), { bigint: true }));
    const keywords = statSync(join(folder, keywordsFileName), { bigint: true, throwIfNoEntry: false });
    const all = keywords === undefined ? stats : [...stats, keywords];
    const text = all.map((stat) => `${stat.mtimeNs}.${stat.ctimeNs}.${stat.ino}.${stat.size}`).join(" ");
    const newestNs = all.reduce((newest, stat) => (stat.ctimeNs > newest ? stat.ctimeNs : newest), 0n);
    return { text, newestNs };
  } catch (error) {
    if (isMissing(error)) return { text: "gone", newestNs: 0n };
    throw classify(error, `reading ${folder}`);
  }
}

export function scanFolder(folder: string): FolderScan {
  const found = new Map<Href, MessageFile[]>();
  const skipped: Skipped[] = [];
  for (const sub of ["new", "cur"] as const) {
    for (const entry of readSub(folder, sub)) {
      const where = join(folder, sub, entry.name);
      if (entry.isDirectory()) {
        skipped.push({ where, why: `a folder inside ${sub}/ is no message` });
        continue;
      }
      if (!entry.isFile()) {
        skipped.push({ where, why: "not a plain file (a link, a pipe): no message concord reads" });
        continue;
      }
      const parsed = parseName(entry.name);
      if (parsed.kind === "invalid") {
        skipped.push({ where, why: "not the name of a Maildir message (hidden, or no unique part)" });
      } else if (parsed.kind === "unknown-info") {
        skipped.push({
          where,
          why: 'its info is not the ":2," flags Maildir programs write; left as it is',
          href: asHref(parsed.unique),
        });
      } else {
        const href = asHref(parsed.unique);
        const file: MessageFile = { sub, name: entry.name, letters: parsed.letters };
        const same = found.get(href);
        if (same === undefined) found.set(href, [file]);
        else same.push(file);
      }
    }
  }
  const files = new Map<Href, MessageFile>();
  for (const [href, held] of found) {
    if (held.length === 1) {
      files.set(href, held[0] as MessageFile);
      continue;
    }
    // A copy of a message file (a client's copy, a backup restored beside it): which one is the
    // message cannot be told, so neither is synchronised, and neither is taken for deleted.
    const names = held.map((file) => `${file.sub}/${file.name}`).join(", ");
    for (const file of held) {
      skipped.push({
        where: pathOfFile(folder, file),
        why: `${held.length} files hold the message ${href} (${names}); neither is synchronised until all but one are removed`,
        href,
      });
    }
  }
  return { files, skipped };
}
