/**
 * The archive as the journal of change sets makes it, pure: no I/O. A place reads the change sets
 * it has not taken in and needs, for each path they touch, what it holds there before and after.
 *
 * Change sets of different places are ordered by what each had seen when it was made (`seen`);
 * two that did not know of each other are concurrent. A path's state is the result of the
 * changes no other change to it came after; when concurrent changes leave several (two places
 * edited one file before hearing of each other), one wins by a rule every place applies alike
 * (a deletion loses to an edit, then the later mtime, then the place's name and number) and each
 * other content is kept beside it under a conflict name made of its place and time: every place
 * converges to the same tree in whatever order it reads the sets. Change sets of one place are
 * taken in order, and a set is deleted only once no set concurrent with it is left (see gc.ts),
 * so the changes a path's state depends on are all still on the relay.
 * @module
 */
import type { Attributes, Href } from "../../contract/index.js";
import { fileModel } from "../../models/file.js";
import type { Change, ChangeSet, Position } from "./records.js";

/** A path's content: what a listing shows. */
export interface Entry {
  readonly hash: string;
  readonly attributes?: Attributes;
}

/** What a path holds after the changes to it: an entry, or nothing (deleted). */
export interface PathState {
  readonly entry: Entry | undefined;
  /** Contents of concurrent changes that lost, by the conflict name they are kept under. */
  readonly copies: ReadonlyMap<string, Entry>;
}

/** Whether set `x` was known to the place that made `y`. */
export function cameBefore(x: ChangeSet, y: ChangeSet): boolean {
  return x.place === y.place ? x.seq < y.seq : (y.seen[x.place] ?? 0) >= x.seq;
}

export const concurrent = (x: ChangeSet, y: ChangeSet): boolean =>
  x.place !== y.place && !cameBefore(x, y) && !cameBefore(y, x);

interface Sourced {
  readonly set: ChangeSet;
  readonly change: Change;
}

/** Every change of `sets` by path. */
export function changesByPath(sets: readonly ChangeSet[]): Map<string, Sourced[]> {
  const byPath = new Map<string, Sourced[]>();
  for (const set of sets) {
    for (const change of set.changes) {
      const list = byPath.get(change.path);
      if (list) list.push({ set, change });
      else byPath.set(change.path, [{ set, change }]);
    }
  }
  return byPath;
}

/** The state `changes` (all of them to `path`) leave it in. */
export function resolvePath(path: string, changes: readonly Sourced[]): PathState {
  const last = changes.filter(
    ({ set }) => !changes.some((other) => other.set !== set && cameBefore(set, other.set)),
  );
  const [winner, ...losers] = [...last].sort(rank);
  if (winner === undefined) return { entry: undefined, copies: new Map() };
  const copies = new Map<string, Entry>();
  for (const loser of losers) {
    const { hash, attributes } = loser.change;
    if (hash === null || hash === winner.change.hash) continue;
    const name = fileModel.conflictCopyName?.(path as Href, loser.set.place, new Date(loser.set.time));
    if (name !== undefined) copies.set(name, { hash, ...(attributes ? { attributes } : {}) });
  }
  return { entry: entryOf(winner.change), copies };
}

const entryOf = ({ hash, attributes }: Change): Entry | undefined =>
  hash === null ? undefined : { hash, ...(attributes ? { attributes } : {}) };

/** The winner first: an edit before a deletion, then the later mtime, the place, the number. */
function rank(x: Sourced, y: Sourced): number {
  const present = Number(y.change.hash !== null) - Number(x.change.hash !== null);
  if (present !== 0) return present;
  const mtime = BigInt(y.change.attributes?.mtime ?? "0") - BigInt(x.change.attributes?.mtime ?? "0");
  if (mtime !== 0n) return mtime > 0n ? 1 : -1;
  if (x.set.place !== y.set.place) return x.set.place < y.set.place ? 1 : -1;
  return y.set.seq - x.set.seq;
}

/** What a place's listing shows changed after taking in `fresh` on top of `known`. */
export interface Delta {
  readonly changed: Map<string, Entry>;
  readonly removed: Set<string>;
}

/**
 * The paths `fresh` change for a place that has taken in `known` (its own sets among them), with
 * what each holds now. A path no set in `known` touches held what the status remembers: it is
 * reported whatever it holds now, and the engine finds it unchanged if it is.
 */
export function delta(known: readonly ChangeSet[], fresh: readonly ChangeSet[]): Delta {
  const before = changesByPath(known);
  const after = changesByPath([...known, ...fresh]);
  const changed = new Map<string, Entry>();
  const removed = new Set<string>();
  const touched = new Set(fresh.flatMap((set) => set.changes.map((change) => change.path)));
  const direct = new Map<string, Entry | undefined>();
  for (const path of touched) {
    const was = before.has(path) ? resolvePath(path, before.get(path) ?? []) : undefined;
    const now = resolvePath(path, after.get(path) ?? []);
    for (const [name, entry] of now.copies)
      if (!sameEntry(was?.copies.get(name), entry)) changed.set(name, entry);
    for (const name of was?.copies.keys() ?? []) if (!now.copies.has(name)) removed.add(name);
    if (was === undefined || !sameEntry(was.entry, now.entry)) direct.set(path, now.entry);
  }
  // A path's own changes decide over a copy that happens to take its name.
  for (const [path, entry] of direct) {
    if (entry) {
      changed.set(path, entry);
      removed.delete(path);
    } else {
      removed.add(path);
      changed.delete(path);
    }
  }
  return { changed, removed };
}

/** The tree `sets` make of `base` (a manifest's items, by path). */
export function folded(base: ReadonlyMap<string, Entry>, sets: readonly ChangeSet[]): Map<string, Entry> {
  const tree = new Map(base);
  const { changed, removed } = delta([], sets);
  for (const path of removed) tree.delete(path);
  for (const [path, entry] of changed) tree.set(path, entry);
  return tree;
}

export function sameEntry(x: Entry | undefined, y: Entry | undefined): boolean {
  if (x === undefined || y === undefined) return x === y;
  return x.hash === y.hash && attributesKey(x.attributes) === attributesKey(y.attributes);
}

const attributesKey = (attributes: Attributes | undefined): string =>
  JSON.stringify(Object.entries(attributes ?? {}).sort(([x], [y]) => (x < y ? -1 : 1)));

/**
 * An entry's version: its hash and attributes, so it changes with either and is the same at
 * every place. The relay reads back from it the hash a write replaces and the attributes a
 * rename carries.
 */
export const versionOf = (entry: Entry): string => `${entry.hash}~${attributesKey(entry.attributes)}`;

export function entryOfVersion(version: string | undefined): Entry | undefined {
  const match = version === undefined ? null : /^([0-9a-f]{64})~(.*)$/.exec(version);
  if (!match) return undefined;
  try {
    const pairs = JSON.parse(match[2] as string) as [string, string][];
    return {
      hash: match[1] as string,
      ...(pairs.length > 0 ? { attributes: Object.fromEntries(pairs) } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Whether a place at `position` (and `self`'s own sets) has taken `set` in. */
export const takenIn = (set: ChangeSet, position: Position, self: string): boolean =>
  set.place === self || (position[set.place] ?? 0) >= set.seq;
