/**
 * Listing a tree on a thread of its own, so that the two trees of a pair are listed at once, one on
 * each core. A listing is system calls and string work on the calling thread (see `scan-tree.ts`),
 * half a second for 50,000 files, and two of them on the main thread run one after the other.
 *
 * The thread runs `concord-scan-worker.mjs`, which the bundle of the command line holds beside it
 * (scripts/bundle.mjs). Where there is none (the library as tsc builds it, the tests of the
 * sources), or the thread fails, the caller lists the tree itself: an error then has its own kind
 * and message, as a listing's errors always do.
 * @module
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type PackedScan, type ScanRequest, unpackScan } from "./packed-scan.js";
import type { TreeScan } from "./scan-tree.js";

const workerUrl = new URL("./concord-scan-worker.mjs", import.meta.url);
const workerBundled = existsSync(fileURLToPath(workerUrl));

/** The listing `request` asks for, made on another thread; undefined when it could not be. */
export function scanTreeAside(request: ScanRequest): Promise<TreeScan | undefined> {
  if (!workerBundled) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const worker = new Worker(workerUrl, { workerData: request });
    worker.once("message", (packed: PackedScan) => resolve(unpackScan(packed)));
    // Either ends it without an answer; a second call of `resolve` changes nothing.
    worker.once("error", () => resolve(undefined));
    worker.once("exit", () => resolve(undefined));
  });
}
