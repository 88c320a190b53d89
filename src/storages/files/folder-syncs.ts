/**
 * Deferred fsyncs of folders. A file is fsynced before it gets its name, but the name itself (a
 * folder entry made, renamed or removed) is durable only once its folder is fsynced. Doing that
 * once per folder at `flush`, instead of once per write, keeps a thousand files written into one
 * folder at a thousand fsyncs instead of two thousand; the engine records writes in its status
 * only after the flush.
 * @module
 */
import { classify } from "../../errors/index.js";
import { syncFolder } from "../local-fs/atomic-write.js";
import { isMissing } from "../local-fs/system-error.js";

export class FolderSyncs {
  readonly #pending = new Set<string>();

  /** Notes that entries of `folder` changed. */
  add(folder: string): void {
    this.#pending.add(folder);
  }

  /** Fsyncs every folder noted since the last flush. */
  async flush(): Promise<void> {
    for (const folder of [...this.#pending]) {
      try {
        await syncFolder(folder);
      } catch (error) {
        // Removed since (an emptied parent): its removal is in its own parent, noted too.
        if (!isMissing(error)) throw classify(error, `syncing ${folder}`);
      }
      this.#pending.delete(folder);
    }
  }
}
