/**
 * What every conformance case gets: fresh storages on fresh roots inside a sandbox folder owned by
 * the test, a way to open the same root again as a later run would, and cleanup of all of it.
 * @module
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asCollectionId, type Collection, type CollectionInfo, type Storage } from "../../contract/index.js";

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

export interface CaseContext {
  /** A folder owned by this test; every root lies two levels below it. */
  readonly sandbox: string;
  /** A storage on a new root. */
  newStorage(): Promise<{ readonly subject: ConformanceSubject; readonly root: string }>;
  /** A storage on a new root with one empty collection, opened. */
  newCollection(): Promise<OpenedCollection>;
  /** A second storage instance on the same root, with the same collection opened again. */
  reopen(opened: OpenedCollection): Promise<OpenedCollection>;
}

export interface ConformanceCase {
  readonly name: string;
  run(context: CaseContext): Promise<void>;
}

/** The collection every case works in. */
const collectionId = asCollectionId("conformance");

/**
 * Opens the collection `conformance`: the one the storage already has (a single-file storage
 * holds exactly one, named by its config), or a new one made with createCollection.
 */
async function openConformanceCollection(
  storage: Storage,
): Promise<{ info: CollectionInfo; collection: Collection }> {
  let info = (await storage.discover()).find((found) => found.id === collectionId);
  if (info === undefined) {
    if (storage.createCollection === undefined) {
      throw new Error("the storage neither lists a collection `conformance` nor can create one");
    }
    info = await storage.createCollection(collectionId, {});
  }
  return { info, collection: storage.open(info) };
}

/** Runs one case with a fresh sandbox and cleans up everything it made, whatever the outcome. */
export async function withCaseContext(setup: ConformanceSetup, run: (context: CaseContext) => Promise<void>) {
  const sandbox = await mkdtemp(join(tmpdir(), "concord-conformance-"));
  const subjects: ConformanceSubject[] = [];
  let roots = 0;

  const setupTracked = async (root: string): Promise<ConformanceSubject> => {
    const subject = await setup(root);
    subjects.push(subject);
    return subject;
  };

  const context: CaseContext = {
    sandbox,
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
