/**
 * A run over a set's work folders, one after the other: one folder that cannot be done (a work
 * folder that is missing, a disk that fails) is reported and the others go on; only a fatal
 * error (the status database failing) stops the run.
 * @module
 */
import { classify, type ConcordError } from "../errors/index.js";
import type { WorkTree } from "./layout.js";

export interface TreeError {
  /** The work folder. */
  readonly folder: string;
  readonly error: ConcordError;
}

export async function eachTree<T>(
  scope: ReadonlyMap<WorkTree, readonly string[] | undefined>,
  context: {
    readonly caller: string;
    readonly doing: (tree: WorkTree) => string;
    readonly signal?: AbortSignal;
  },
  run: (tree: WorkTree, paths: readonly string[] | undefined) => Promise<T>,
): Promise<{ results: T[]; errors: TreeError[] }> {
  const results: T[] = [];
  const errors: TreeError[] = [];
  for (const [tree, paths] of scope) {
    if (context.signal?.aborted) break;
    try {
      results.push(await run(tree, paths));
    } catch (thrown) {
      const error = classify(thrown, context.doing(tree));
      error.caller ??= context.caller;
      if (error.disposition === "fatal") throw error;
      errors.push({ folder: tree.work, error });
    }
  }
  return { results, errors };
}
