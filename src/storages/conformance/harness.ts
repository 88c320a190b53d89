/**
 * What every conformance case gets: fresh storages on fresh roots inside a sandbox folder owned by
 * the test, the samples of the storage's model, a way to open the same root again as a later run
 * would, and cleanup of all of it.
 * @module
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import {
  asCollectionId,
  asHref,
  type Body,
  bytesBody,
  type Collection,
  type CollectionInfo,
  type ItemModel,
  readBody,
  type Storage,
} from "../../contract/index.js";
import { expectBytes, type ModelSamples, streamDigest } from "./samples.js";

/** What a storage's `setup` hands to the suite. */
export interface ConformanceSubject {
  readonly storage: Storage;
  /** Releases what setup made besides the root folder (connections, servers). */
  cleanup(): Promise<void>;
  /**
   * Where the storage keeps its files, for storages that keep them under the root they were
   * given; the suite then checks that no hostile name writes outside it.
   */
  readonly root?: string;
  /**
   * Makes the storage's place vanish as an unplugged disk would (the root renamed away), for
   * storages that can be absent (`probe`).
   */
  makeAbsent?(): Promise<void>;
}

/**
 * Builds a storage on `root`, a folder path that does not exist yet on the first call. A second
 * call with the same root must see what the first storage flushed. Storages that keep no files
 * ignore it.
 */
export type ConformanceSetup = (root: string) => Promise<ConformanceSubject>;

/** A storage with one collection opened in it. */
export interface OpenedCollection {
  readonly subject: ConformanceSubject;
  /** The root given to setup. */
  readonly root: string;
  readonly info: CollectionInfo;
  readonly collection: Collection;
}

/**
 * Ways a storage may differ from a plain store of bytes, each declared with the reason, as a
 * server does: it re-serialises what it stores, and refuses what it cannot parse.
 */
export interface ConformanceTraits {
  /**
   * Why the storage gives items back rewritten (a server re-serialises them; a single file
   * re-splits them), if it does: content is then compared by the model's hash, which ignores
   * such rewrites, instead of byte for byte.
   */
  readonly rewritesItems?: string;
  /**
   * Why the storage refuses malformed items (a server that parses what it stores), if it does:
   * the suite then skips the case of an imperfect item, and lets a hostile UID that makes an
   * item malformed be refused with InvalidDataError.
   */
  readonly refusesMalformedItems?: string;
}

export interface CaseContext {
  /** A folder owned by this test; every root lies two levels below it. */
  readonly sandbox: string;
  /** What to write: the samples of the storage's model. */
  readonly samples: ModelSamples;
  readonly traits: ConformanceTraits;
  /**
   * Fails unless `actual` holds `expected`: the same bytes, or, for a storage that declares it
   * rewrites items, the same hash by the model.
   */
  expectContent(actual: Body | Uint8Array, expected: Uint8Array): Promise<void>;
  /**
   * `expectContent` for bodies too large to hold: both are read as streams, and compared by
   * length and SHA-256, or by the model's hash for a storage that rewrites items.
   */
  expectStreamedContent(actual: Body, expected: Body): Promise<void>;
  /** A storage on a new root. */
  newStorage(): Promise<{ readonly subject: ConformanceSubject; readonly root: string }>;
  /** A storage on a new root with one empty collection, opened. */
  newCollection(): Promise<OpenedCollection>;
  /** A second storage instance on the same root, with the same collection opened again. */
  reopen(opened: OpenedCollection): Promise<OpenedCollection>;
}

export interface ConformanceCase {
  readonly name: string;
  /**
   * Why the case does not apply to storages of this model (a move of items paired by their
   * UID), if it does not: the suite then declares it skipped with that reason.
   */
  readonly skipFor?: (samples: ModelSamples, traits: ConformanceTraits) => string | undefined;
  /** Milliseconds the case may take, when more than vitest's default. */
  readonly timeout?: number;
  run(context: CaseContext): Promise<void>;
}

/** The collection every case works in. */
const collectionId = asCollectionId("conformance");

/**
 * Opens the collection `conformance`: the one the storage already has (a single-file storage
 * holds exactly one, named by its config), or a new one made with createCollection, or, for a
 * storage that cannot make one and holds exactly one (a file tree's `root`), that one.
 */
async function openConformanceCollection(
  storage: Storage,
): Promise<{ info: CollectionInfo; collection: Collection }> {
  const discovered = await storage.discover();
  let info = discovered.find((found) => found.id === collectionId);
  if (info === undefined) {
    if (storage.createCollection !== undefined) info = await storage.createCollection(collectionId, {});
    else if (discovered.length === 1) info = discovered[0] as CollectionInfo;
    else {
      throw new Error(
        "the storage neither lists a collection `conformance`, nor can create one, nor holds exactly one",
      );
    }
  }
  return { info, collection: storage.open(info) };
}

/** The model a storage declares must be the one its suite was declared for. */
function checkModel(storage: Storage, model: ItemModel): void {
  if (storage.model.kind !== model.kind || storage.model.identity !== model.identity) {
    throw new Error(
      `the storage's model is ${storage.model.kind} (${storage.model.identity}), ` +
        `but its suite runs for ${model.kind} (${model.identity})`,
    );
  }
}

/** Runs one case with a fresh sandbox and cleans up everything it made, whatever the outcome. */
export async function withCaseContext(
  setup: ConformanceSetup,
  model: ItemModel,
  samples: ModelSamples,
  traits: ConformanceTraits,
  run: (context: CaseContext) => Promise<void>,
) {
  const sandbox = await mkdtemp(join(tmpdir(), "concord-conformance-"));
  const subjects: ConformanceSubject[] = [];
  let roots = 0;

  const setupTracked = async (root: string): Promise<ConformanceSubject> => {
    const subject = await setup(root);
    subjects.push(subject);
    checkModel(subject.storage, model);
    return subject;
  };

  const context: CaseContext = {
    sandbox,
    samples,
    traits,
    async expectContent(actual, expected) {
      const bytes = actual instanceof Uint8Array ? actual : await readBody(actual);
      if (traits.rewritesItems === undefined) return expectBytes(bytes, expected);
      const hash = async (content: Uint8Array) =>
        (await model.describe(bytesBody(content), asHref("compared"))).hash;
      expect(await hash(bytes), new TextDecoder().decode(bytes)).toBe(await hash(expected));
    },
    async expectStreamedContent(actual, expected) {
      if (traits.rewritesItems === undefined) {
        expect(await streamDigest(actual)).toEqual(await streamDigest(expected));
        return;
      }
      const hash = async (body: Body) => (await model.describe(body, asHref("compared"))).hash;
      expect(await hash(actual)).toBe(await hash(expected));
    },
    async newStorage() {
      // Two levels of folders above the root, inside the sandbox, so that `../../x` escapes
      // land where the suite can see them.
      const parent = join(sandbox, "outer", `inner-${++roots}`);
      await mkdir(parent, { recursive: true });
      const root = join(parent, "root");
      return { subject: await setupTracked(root), root };
    },
    async newCollection() {
      const { subject, root } = await context.newStorage();
      return { subject, root, ...(await openConformanceCollection(subject.storage)) };
    },
    async reopen(opened) {
      const subject = await setupTracked(opened.root);
      const info = (await subject.storage.discover()).find((found) => found.id === opened.info.id);
      if (info === undefined) throw new Error(`a fresh instance does not list collection ${opened.info.id}`);
      return { subject, root: opened.root, info, collection: subject.storage.open(info) };
    },
  };

  try {
    await run(context);
  } finally {
    for (const subject of subjects.reverse()) {
      await subject.cleanup();
      await subject.storage.close?.();
    }
    await rm(sandbox, { recursive: true, force: true });
  }
}
