/**
 * One collection kept in one file (.ics or .vcf). The file is read and split once, the items are
 * held in memory, and writes change only the memory until `flush` writes the whole file once: a
 * sync that touches N items costs one read and one write, not N rewrites of the file.
 *
 * `flush` writes only if the file is still what was read (its fingerprint), so an edit made by
 * another program meanwhile is never overwritten; the pending changes are then dropped, and the
 * next sync starts again from the edited file.
 * @module
 */
import { mkdir, open } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { joinCollection } from "../../formats/index.js";
import { classify, NotFoundError, PreconditionFailedError, ReadOnlyError } from "../../errors/index.js";
import { createNew, discardTemp, publishOver, syncFolder, writeTemp } from "../local-fs/atomic-write.js";
import { fingerprint, fingerprintOf } from "../local-fs/fingerprint.js";
import { isMissing } from "../local-fs/system-error.js";
import {
  asVersion,
  type Body,
  bytesBody,
  readBody,
  type Collection,
  type CollectionInfo,
  type Fetched,
  type Href,
  type Listing,
  type Version,
  type Written,
} from "../../contract/index.js";
import { ItemList } from "../collection-text/item-list.js";

export interface SinglefileCollectionOptions {
  readonly info: CollectionInfo;
  /** The storage's name in the config, for error messages. */
  readonly storageName: string;
  readonly path: string;
  readonly readOnly: boolean;
}

/** The fingerprint of a file that does not exist: a collection not written yet. */
const absent = asVersion("absent");

/** The file's items as last read, and whether they were changed since. */
interface Snapshot {
  /** The file's fingerprint when it was read (or written by us), `absent` if there was none. */
  readonly fingerprint: Version;
  readonly items: ItemList;
  dirty: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function openSinglefileCollection(options: SinglefileCollectionOptions): Collection {
  const { info, path, readOnly } = options;
  const folder = dirname(path);
  let snapshot: Snapshot | undefined;

  // Reads, writes and flushes take turns, so a flush never sees a half-applied change and two
  // callers never read the file twice.
  let queue: Promise<unknown> = Promise.resolve();
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  }

  async function currentFingerprint(): Promise<Version> {
    try {
      return await fingerprint(path);
    } catch (error) {
      if (isMissing(error)) return absent;
      throw classify(error, `reading ${path}`);
    }
  }

  async function read(): Promise<Snapshot> {
    let handle;
    try {
      handle = await open(path, "r");
    } catch (error) {
      if (isMissing(error)) return { fingerprint: absent, items: new ItemList(), dirty: false };
      throw classify(error, `reading ${path}`);
    }
    try {
      // Stat and read through one handle, so the fingerprint belongs to the content read.
      const stats = await handle.stat({ bigint: true });
      const text = decoder.decode(await handle.readFile());
      return { fingerprint: fingerprintOf(stats), items: ItemList.fromText(text), dirty: false };
    } catch (error) {
      throw classify(error, `reading ${path}`);
    } finally {
      await handle.close();
    }
  }

  /**
   * The items as they are now. Pending changes are kept even if the file changed meanwhile: the
   * flush will notice and refuse. Otherwise the file is read again only if its fingerprint moved.
   */
  async function current(knownFingerprint?: Version): Promise<Snapshot> {
    if (snapshot?.dirty) return snapshot;
    const now = knownFingerprint ?? (await currentFingerprint());
    if (snapshot === undefined || snapshot.fingerprint !== now) snapshot = await read();
    return snapshot;
  }

  /** Applies a change to the items in memory; `change` throws to refuse it. */
  function changeItems<T>(change: (items: ItemList) => T): Promise<T> {
    if (readOnly) {
      return Promise.reject(
        new ReadOnlyError(`storage ${options.storageName} is read-only`, { storage: options.storageName }),
      );
    }
    return exclusive(async () => {
      const changing = await current();
      const result = change(changing.items);
      changing.dirty = true;
      return result;
    });
  }

  const notHeld = (href: Href) =>
    new NotFoundError(`${path} holds no item ${href}`, { what: `${path}#${href}` });

  /** Refuses a change unless the item at `href` is still at `version` (`undefined`: exists). */
  function requireVersion(items: ItemList, href: Href, version: Version | undefined): void {
    const held = items.get(href);
    if (held === undefined) throw notHeld(href);
    if (version !== undefined && held.version !== version) {
      throw new PreconditionFailedError(`item ${href} of ${path} changed since it was listed`, {
        what: `${path}#${href}`,
      });
    }
  }

  /** Writes the whole file if it is still the one that was read, and returns its new fingerprint. */
  async function writeFile(pending: Snapshot, content: Uint8Array): Promise<Version> {
    const changedMeanwhile = new PreconditionFailedError(
      `${path} was changed by another program since it was read; nothing written`,
      { what: path },
    );
    if (pending.fingerprint === absent) {
      await mkdir(folder, { recursive: true });
      // `createNew` never replaces, so a file someone else created meanwhile survives.
      const published = await createNew(folder, [basename(path)], content);
      if (published === undefined) throw changedMeanwhile;
      return published.version;
    }
    const temp = await writeTemp(folder, content);
    try {
      if ((await currentFingerprint()) !== pending.fingerprint) throw changedMeanwhile;
      publishOver(temp, path);
    } catch (error) {
      discardTemp(temp.path);
      throw error;
    }
    return temp.version;
  }

  return {
    info,

    list: (state?: string) =>
      exclusive(async (): Promise<Listing> => {
        const now = snapshot?.dirty ? undefined : await currentFingerprint();
        if (now !== undefined && now === state) return { kind: "unchanged", state };
        const listed = await current(now);
        return {
          kind: "full",
          items: listed.items.listed(),
          state: listed.dirty ? undefined : listed.fingerprint,
        };
      }),

    async *get(hrefs: readonly Href[]): AsyncIterable<Fetched> {
      const { items } = await exclusive(() => current());
      for (const href of hrefs) {
        const held = items.get(href);
        yield held === undefined
          ? { href, error: notHeld(href) }
          : { href, version: held.version, body: bytesBody(held.content) };
      }
    },

    /**
     * The href comes from the content's UID rather than from `name`, so that it is the href the
     * next run derives when it reads the file back.
     */
    create: async (body: Body): Promise<Written> => {
      const content = await readBody(body);
      return changeItems((items) => {
        const { href, version } = items.add(content);
        return { href, version };
      });
    },

    update: async (href: Href, version: Version | undefined, body: Body): Promise<Written> => {
      const content = await readBody(body);
      return changeItems((items) => {
        requireVersion(items, href, version);
        return { href, version: items.replace(href, content).version };
      });
    },

    delete: (href: Href, version: Version | undefined): Promise<void> =>
      changeItems((items) => {
        requireVersion(items, href, version);
        items.remove(href);
      }),

    flush: () =>
      exclusive(async () => {
        if (!snapshot?.dirty) return;
        const pending = snapshot;
        // Whatever happens next, the changes are not kept in memory: the engine records writes
        // only after a successful flush, and will make them again from the file as it is.
        snapshot = undefined;
        const text = joinCollection(pending.items.kind(), pending.items.texts());
        try {
          const written = await writeFile(pending, encoder.encode(text));
          await syncFolder(folder);
          // Split what was written, so memory holds exactly what the next run will read.
          snapshot = { fingerprint: written, items: ItemList.fromText(text), dirty: false };
        } catch (error) {
          throw classify(error, `writing ${path}`);
        }
      }),
  } satisfies Collection;
}
