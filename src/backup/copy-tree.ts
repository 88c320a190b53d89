/**
 * One folder copied to another within a backup set (work to disk, disk to work, disk to disk):
 * the engine plans it as a one-way pair; what the target lacks is copied; what differs and what
 * the target holds alone wait for the user's decision; and nothing is written unless it fits.
 * @module
 */
import { lstat } from "node:fs/promises";
import { join } from "node:path";
import type { CollectionReport } from "../engine/report.js";
import { otherSide, type Action } from "../engine/types.js";
import { spaceFor, type Space } from "./free-space.js";
import { type Delete, inScope, type Overwrite, type SortedPlan, sortPlan } from "./sort-plan.js";
import { syncTrees, type TreePairOptions } from "./tree-pair.js";

/** What the user lets through, out of what waits for a decision. */
export interface Decisions {
  overwrites(waiting: readonly Overwrite[]): Promise<readonly Overwrite[]>;
  deletions(waiting: readonly Delete[]): Promise<readonly Delete[]>;
}

export interface TreeCopy {
  readonly source: string;
  readonly target: string;
  readonly report: CollectionReport;
  /** What the plan held within PATHS (all of it in a dry run). */
  readonly sorted: SortedPlan;
  /** What was held back, waiting for `-m`, `-d` or a yes. */
  readonly waiting: { readonly overwrites: readonly Overwrite[]; readonly deletions: readonly Delete[] };
  /** The room the copies take on the target (in whole blocks) and the room free there. */
  readonly space?: Space;
  /** The target had too little room: nothing was copied. */
  readonly full: boolean;
}

export interface CopyTreeOptions extends Omit<TreePairOptions, "review"> {
  /** Paths within the tree to copy; all when undefined. */
  readonly scope: readonly string[] | undefined;
  readonly decisions: Decisions;
}

const none: SortedPlan = { copies: [], overwrites: [], deletions: [], rest: [] };

export async function copyTree(options: CopyTreeOptions): Promise<TreeCopy> {
  const target = otherSide(options.from);
  const sourceRoot = options[options.from].root;
  let sorted = none;
  let waiting: TreeCopy["waiting"] = { overwrites: [], deletions: [] };
  let space: Space | undefined;
  const report = await syncTrees({
    ...options,
    review: async (plan, remembered) => {
      sorted = sortPlan(
        plan.actions.filter((action) => inScope(action.ident, options.scope)),
        remembered,
        target,
      );
      const overwrites = await options.decisions.overwrites(sorted.overwrites);
      const deletions = await options.decisions.deletions(sorted.deletions);
      const [goingOver, goingAway] = [new Set(overwrites), new Set(deletions)];
      waiting = {
        overwrites: sorted.overwrites.filter((overwrite) => !goingOver.has(overwrite)),
        deletions: sorted.deletions.filter((deletion) => !goingAway.has(deletion)),
      };
      const writes = [...sorted.copies, ...overwrites.map((overwrite) => overwrite.action)];
      space = await spaceFor(
        options[target].root,
        await Promise.all(writes.map((action) => sizeOf(action, sourceRoot))),
      );
      if (space.needed > space.free) {
        return sorted.rest.filter((action) => action.kind === "record" || action.kind === "forget");
      }
      return [...writes, ...deletions, ...sorted.rest];
    },
  });
  const full = space !== undefined && space.needed > space.free;
  return { source: sourceRoot, target: options[target].root, report, sorted, waiting, space, full };
}

/** The bytes an action writes: the size the listing gave, or the source file's. */
async function sizeOf(action: Extract<Action, { kind: "create" | "update" }>, root: string): Promise<number> {
  if (action.source.size !== undefined) return action.source.size;
  if (action.ident.endsWith("/")) return 0;
  try {
    return (await lstat(join(root, action.source.href))).size;
  } catch {
    return 0; // gone since the listing: its copy will fail and say so
  }
}
