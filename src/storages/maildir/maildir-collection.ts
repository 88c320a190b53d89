/**
 * One mail folder: a Maildir, one file per message in `new/` or `cur/`.
 *
 * An item's href is its file's unique part, which stays while a client moves the file from `new/`
 * to `cur/` and changes its flags; its version is the file's fingerprint (inode, size,
 * modification time) with its sub-folder and whole name, so that both a flag changed and content
 * replaced show as a new version. Its attributes are the flags its name carries. A listing's
 * state is the stamp of `new/`, `cur/` and the keywords file: while it stands, the next listing is
 * `unchanged` and reads no file.
 *
 * Every step is a synchronous system call but the fsyncs: a message is a few kilobytes, and a
 * trip through libuv's thread pool costs more than the call. A file's fsync comes before its
 * rename; the folders' fsyncs wait for `flush`.
 * @module
 */
import { type BigIntStats, lstatSync, mkdirSync, renameSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import {
  asHref,
  asVersion,
  type Attributes,
  type Body,
  type Collection,
  type CollectionInfo,
  type CreateOptions,
  type Fetched,
  type Href,
  type ListedItem,
  type Listing,
  type Skipped,
  type Version,
  type Written,
} from "../../contract/index.js";
import { classify, NotFoundError, PreconditionFailedError, ReadOnlyError } from "../../errors/index.js";
import { FolderSyncs } from "../files/folder-syncs.js";
import { discardTemp } from "../local-fs/atomic-write.js";
import { fingerprintOf } from "../local-fs/fingerprint.js";
import { isMissing } from "../local-fs/system-error.js";
import { type FolderScan, type MessageFile, pathOfFile, scanFolder, stamp } from "./folder-scan.js";
import { type Keywords, readKeywords } from "./keywords.js";
import { MessageFileBody } from "./message-body.js";
import { attributesOf, fileName, isUniquePart, lettersFor } from "./message-name.js";
import { removeStaleTemps } from "./stale-temps.js";
import { uniqueName } from "./unique-name.js";
import { writeMessageFile, type WrittenMessage } from "./write-message.js";

export interface MaildirCollectionOptions {
  readonly info: CollectionInfo;
  /** The storage's name in the config, for messages. */
  readonly storageName: string;
  /** The Maildir: the folder holding `cur/`, `new/` and `tmp/`. */
  readonly folder: string;
  readonly readOnly: boolean;
}

/** How often a listing starts again when clients keep changing the folder while it is read. */
const listAttempts = 3;

/** A message file as it is now, found by its href. */
interface Current {
  readonly file: MessageFile;
  readonly path: string;
  readonly stats: BigIntStats;
}

const versionOf = (file: MessageFile, stats: BigIntStats): Version =>
  asVersion(`${fingerprintOf(stats)}:${file.sub}/${file.name}`);

/**
 * Whether a folder last changed long enough ago that a change now would show in its times: a
 * change within the clock tick of the last one may leave them as they were (mbsync waits out the
 * second for the same reason).
 */
const settled = (newestNs: bigint): boolean => BigInt(Date.now()) * 1_000_000n - newestNs > 1_000_000_000n;

/**
 * When a message arrived: the delivery time its unique name starts with (`1733240000.M…`, as
 * every Maildir program names them), else its file's modification time. `max_age` counts from it.
 */
function receivedOf(unique: string, stats: BigIntStats): number {
  const seconds = /^(\d{9,11})\./.exec(unique)?.[1];
  return seconds === undefined ? Number(stats.mtimeMs) : Number(seconds) * 1000;
}

const changed = (path: string) =>
  new PreconditionFailedError(`${path} changed since it was listed`, { what: path });

export function openMaildirCollection(options: MaildirCollectionOptions): Collection {
  const { info, folder, readOnly } = options;
  const syncs = new FolderSyncs();
  /** The message files by href, as the latest scan found them and the writes since left them. */
  let files: Map<Href, MessageFile> | undefined;
  let keywords: Keywords | undefined;

  function refuseIfReadOnly(): void {
    if (readOnly) {
      throw new ReadOnlyError(`storage ${options.storageName} is read-only`, {
        storage: options.storageName,
      });
    }
  }

  function scan(): FolderScan {
    const found = scanFolder(folder);
    files = found.files;
    keywords = readKeywords(folder);
    return found;
  }

  const knownKeywords = (): Keywords => (keywords ??= readKeywords(folder));

  /** Where `href`'s file is; `again` scans the folder anew (a client renamed it since). */
  function fileOf(href: Href, again: boolean): MessageFile | undefined {
    if (!isUniquePart(href)) return undefined;
    if (files === undefined || again) scan();
    return files?.get(href);
  }

  /** The file of `href` as it is now, wherever a client moved it; NotFoundError when it is gone. */
  function current(href: Href): Current {
    for (const again of [false, true]) {
      const file = fileOf(href, again);
      if (file === undefined) continue;
      const path = pathOfFile(folder, file);
      try {
        const stats = lstatSync(path, { bigint: true });
        if (stats.isFile()) return { file, path, stats };
      } catch (error) {
        if (!isMissing(error)) throw classify(error, `reading ${path}`);
      }
    }
    const where = join(folder, "cur", href);
    throw new NotFoundError(`no message ${href} in ${folder}`, { what: where });
  }

  /** `current`, failing unless it is still at `version` (undefined: only that it exists). */
  function expected(href: Href, version: Version | undefined): Current {
    const found = current(href);
    if (version !== undefined && versionOf(found.file, found.stats) !== version) throw changed(found.path);
    return found;
  }

  /** Gives a message file another name in `folder`; a file gone meanwhile was changed by a client. */
  function rename(from: string, file: MessageFile, href: Href): void {
    try {
      renameSync(from, pathOfFile(folder, file));
    } catch (error) {
      if (isMissing(error)) throw changed(from);
      throw error;
    }
    syncs.add(join(folder, file.sub));
    files?.set(href, file);
  }

  /**
   * Where a message with `letters` goes: `new/` while it has no flag at all and has never left
   * it, `cur/` with its info otherwise (moving back to `new/` is a client's never).
   */
  function placed(unique: string, letters: string, from: MessageFile | undefined): MessageFile {
    const fresh = from === undefined || (from.sub === "new" && (from.letters ?? "") === "");
    if (letters === "" && fresh) return { sub: "new", name: from?.name ?? unique, letters: from?.letters };
    return { sub: "cur", name: fileName(unique, letters), letters };
  }

  /** Whether `tmp/` was made sure of: a client may have removed it, but not in the middle of a run. */
  let tmpMade = false;

  /** A new file in `tmp/` holding `body`, under a fresh unique name. */
  async function writeTemp(
    body: Body,
    where: string,
  ): Promise<{ unique: string; path: string; stats: BigIntStats; message: WrittenMessage }> {
    const tmp = join(folder, "tmp");
    if (!tmpMade) mkdirSync(tmp, { recursive: true });
    tmpMade = true;
    const unique = uniqueName();
    const path = join(tmp, unique);
    const message = await writeMessageFile(path, body, where);
    return { unique, path, stats: message.stats, message };
  }

  /**
   * New messages written to `tmp/` and not delivered yet: `flush` (or any read of the folder) makes
   * them durable together, then renames each into place. A run killed before leaves them in
   * `tmp/`, undelivered, for the next run to deliver again.
   */
  let pending: { message: WrittenMessage; temp: string; file: MessageFile; href: Href }[] = [];

  async function deliverPending(): Promise<void> {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    let delivered = 0;
    try {
      await Promise.all(batch.map(({ message }) => message.durable()));
      for (const { temp, file, href } of batch) {
        rename(temp, file, href);
        delivered++;
      }
    } catch (error) {
      for (const { message, temp } of batch.slice(delivered)) {
        message.close();
        discardTemp(temp);
      }
      throw classify(error, `delivering messages to ${folder}`);
    }
  }

  /** Lists the folder once: undefined when clients changed it while it was read. */
  function listOnce(lastAttempt: boolean): Listing | undefined {
    const before = stamp(folder);
    const { files: found, skipped } = scan();
    const items: ListedItem[] = [];
    const held = knownKeywords();
    const vanished: Skipped[] = [];
    for (const [href, file] of found) {
      const path = pathOfFile(folder, file);
      let stats: BigIntStats;
      try {
        stats = lstatSync(path, { bigint: true });
      } catch (error) {
        if (!isMissing(error)) throw classify(error, `reading ${path}`);
        // Renamed or removed since the folder was read: never taken for deleted on a guess.
        vanished.push({ where: path, why: "changed while the folder was listed", href });
        continue;
      }
      items.push({
        href,
        version: versionOf(file, stats),
        attributes: attributesOf(file.letters, held),
        received: receivedOf(href, stats),
      });
    }
    const after = stamp(folder);
    if (after.text !== before.text && !lastAttempt) return undefined;
    const state = after.text === before.text && settled(after.newestNs) ? { state: after.text } : {};
    return { kind: "full", items, skipped: [...skipped, ...vanished], ...state };
  }

  return {
    info,

    locate(href: Href): string {
      const file = fileOf(href, false);
      return file === undefined ? join(folder, "cur", href) : pathOfFile(folder, file);
    },

    async list(state?: string): Promise<Listing> {
      try {
        await deliverPending();
        // Nothing added, removed or renamed since the listing that gave `state`: no file is read.
        if (state !== undefined) {
          const now = stamp(folder);
          if (now.text === state && settled(now.newestNs)) return { kind: "unchanged", state };
        }
        if (!readOnly) removeStaleTemps(folder);
        for (let attempt = 1; ; attempt++) {
          const listing = listOnce(attempt === listAttempts);
          if (listing !== undefined) return listing;
        }
      } catch (error) {
        throw classify(error, `listing ${folder}`);
      }
    },

    async *get(hrefs: readonly Href[]): AsyncIterable<Fetched> {
      await deliverPending();
      for (const href of hrefs) {
        try {
          const { file, stats } = current(href);
          const pathOf = (again: boolean) => {
            const now = fileOf(href, again);
            return now === undefined ? undefined : pathOfFile(folder, now);
          };
          yield {
            href,
            version: versionOf(file, stats),
            attributes: attributesOf(file.letters, knownKeywords()),
            body: new MessageFileBody(pathOf, Number(stats.size), fingerprintOf(stats)),
          };
        } catch (error) {
          yield { href, error: classify(error, `reading ${join(folder, "cur", href)}`) };
        }
      }
    },

    /** Delivers the message the Maildir way; `name` (a hint from the other side) is never a file name. */
    async create(body: Body, _name: string, createOptions?: CreateOptions): Promise<Written> {
      refuseIfReadOnly();
      try {
        const temp = await writeTemp(body, `a new message in ${folder}`);
        const { letters, held } = lettersFor(createOptions?.attributes, undefined, knownKeywords());
        const file = placed(temp.unique, letters, undefined);
        const href = asHref(temp.unique);
        // Delivered at `flush`, with the others: a rename keeps what the version is made of.
        pending.push({ message: temp.message, temp: temp.path, file, href });
        return { href, version: versionOf(file, temp.stats), attributes: held };
      } catch (error) {
        throw classify(error, `delivering a message to ${folder}`);
      }
    },

    /** Replaces a message's content (rare: messages do not change) under the same unique part. */
    async update(
      href: Href,
      version: Version | undefined,
      body: Body,
      attributes?: Attributes,
    ): Promise<Written> {
      refuseIfReadOnly();
      let where = join(folder, "cur", href);
      try {
        await deliverPending();
        where = expected(href, version).path;
        const temp = await writeTemp(body, where);
        try {
          await temp.message.durable();
          // Checked again: a client may have changed it while the new content was written.
          const now = expected(href, version);
          const wanted = attributes ?? attributesOf(now.file.letters, knownKeywords());
          const { letters, held } = lettersFor(wanted, now.file.letters, knownKeywords());
          rename(temp.path, now.file, href);
          const file = placed(href, letters, now.file);
          if (file.sub !== now.file.sub || file.name !== now.file.name) rename(now.path, file, href);
          return { href, version: versionOf(file, temp.stats), attributes: held };
        } catch (error) {
          discardTemp(temp.path);
          throw error;
        }
      } catch (error) {
        throw classify(error, `updating ${where}`);
      }
    },

    async setAttributes(href: Href, version: Version | undefined, attributes: Attributes): Promise<Written> {
      refuseIfReadOnly();
      let where = join(folder, "cur", href);
      try {
        await deliverPending();
        const now = expected(href, version);
        where = now.path;
        const { letters, held } = lettersFor(attributes, now.file.letters, knownKeywords());
        const file = placed(href, letters, now.file);
        // Nothing to change: no rename, so mail clients and the next listing see nothing happen.
        if (file.sub !== now.file.sub || file.name !== now.file.name) rename(now.path, file, href);
        // A rename keeps the inode, size and modification time: the fingerprint stays.
        return { href, version: versionOf(file, now.stats), attributes: held };
      } catch (error) {
        throw classify(error, `setting the flags of ${where}`);
      }
    },

    async delete(href: Href, version: Version | undefined): Promise<void> {
      refuseIfReadOnly();
      let where = join(folder, "cur", href);
      try {
        await deliverPending();
        const now = expected(href, version);
        where = now.path;
        try {
          unlinkSync(now.path);
        } catch (error) {
          if (isMissing(error)) throw changed(now.path);
          throw error;
        }
        syncs.add(join(folder, now.file.sub));
        files?.delete(href);
      } catch (error) {
        throw classify(error, `deleting ${where}`);
      }
    },

    /** Messages are fsynced before they are renamed into place; what remains is the folders' entries. */
    async flush() {
      await deliverPending();
      await syncs.flush();
    },
  } satisfies Collection;
}
