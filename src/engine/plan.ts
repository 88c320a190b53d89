/**
 * The planner: a pure function from (status, side A now, side B now, policy) to actions.
 * It reads no clock, does no I/O and uses no randomness, so property tests can pin its semantics.
 * @module
 */
import { assertNever } from "./assert-never.js";
import { reconcileAttributes } from "./attributes.js";
import { type ItemModel, modifiedAttribute, sameAttributes } from "../contract/index.js";
import {
  type Action,
  type MergeFallback,
  type Side,
  type SideItem,
  type StatusRow,
  type StatusSide,
  type WriteAction,
  otherSide,
} from "./types.js";

/**
 * What settles a conflict in the plan: a side, the later modification time, or both versions
 * kept under two names. `leave` hands it to the resolver (a command, a question) or the user.
 */
export type SettlePolicy =
  | { readonly kind: "leave" }
  | { readonly kind: "keep"; readonly side: Side }
  | { readonly kind: "newer" }
  | { readonly kind: "keepBoth" };

/**
 * A settling policy, or `merge`: both sides' changes merged with the last synchronised version
 * where the model can (calendars, contacts) and they do not clash, `fallback` otherwise.
 */
export type ConflictPolicy = SettlePolicy | { readonly kind: "merge"; readonly fallback: SettlePolicy };

/** The most deletions one run may carry to a side: a number of items, or a share of what it holds. */
export type DeleteLimit = { readonly count: number } | { readonly percent: number };

export interface PlanPolicy {
  readonly conflict: ConflictPolicy;
  /**
   * The side the other follows (`one_way`: a; a restore from a backup disk: b): the other
   * side's own changes are reverted. Unset: changes flow both ways.
   */
  readonly oneWay?: Side;
  /** "skip": a deletion on one side is not carried to the other. */
  readonly onDelete: "sync" | "skip";
  /** "skip": a side that became empty does not empty the other. */
  readonly onEmpty: "skip" | "sync";
  readonly readOnly: Readonly<Record<Side, boolean>>;
  /** Refuse a run that would delete more than this on one side (`max_delete`), unless forced. */
  readonly maxDelete?: DeleteLimit;
  /**
   * Items that arrived longer ago than this (`ListedItem.received`) and were never synchronised
   * are left alone on both sides (`max_age`); gathering applies it.
   */
  readonly maxAgeMs?: number;
}

/**
 * What the planner sees. Items unchanged on both sides since the last sync may be left out of
 * all three maps (a scan of 100,000 files where one changed plans one item); `held` and
 * `remembered` still count everything.
 */
export interface PlanInput {
  readonly model: ItemModel;
  readonly status: ReadonlyMap<string, StatusRow>;
  readonly a: ReadonlyMap<string, SideItem>;
  readonly b: ReadonlyMap<string, SideItem>;
  /** How many items each side holds now. */
  readonly held: Readonly<Record<Side, number>>;
  /** How many items the status remembers on each side. */
  readonly remembered: Readonly<Record<Side, number>>;
  /** Idents not to touch in this run (unreadable, duplicated). */
  readonly skip: ReadonlySet<string>;
  /**
   * Sides that could not be read completely: an item missing there may only be unreadable, so
   * its absence must not delete it on the other side.
   */
  readonly incomplete: Readonly<Record<Side, boolean>>;
  readonly policy: PlanPolicy;
}

export interface Plan {
  readonly actions: readonly Action[];
  /** Set when `on_empty = "skip"` stopped the collection: this side is empty, the other is not. */
  readonly emptied?: Side;
  /** Set when `max_delete` stopped the collection: the deletions it would have made on `side`. */
  readonly tooManyDeletes?: { readonly side: Side; readonly count: number; readonly limit: number };
}

/** How one side's item compares with the status. */
type SideState = "absent" | "unchanged" | "changed";

function sideState(item: SideItem | undefined, prev: StatusRow | undefined, side: Side): SideState {
  if (!item) return "absent";
  return prev?.[side] !== undefined && prev.hash === item.hash ? "unchanged" : "changed";
}

export function plan(input: PlanInput): Plan {
  const idents = new Set([...input.status.keys(), ...input.a.keys(), ...input.b.keys()]);
  const planned: Action[] = [];
  for (const ident of idents) {
    if (input.skip.has(ident)) continue;
    const action = planItem(ident, input.a.get(ident), input.b.get(ident), input.status.get(ident), input);
    if (action) planned.push(action);
  }
  const actions = (input.model.identity === "href" ? pairMoves(planned, input.model) : planned).map(
    (action) => guardReadOnly(action, input.policy),
  );
  const emptied = emptiedSide(input, actions);
  if (emptied) return { actions: [], emptied };
  const tooManyDeletes = excessDeletes(input, actions);
  return tooManyDeletes ? { actions: [], tooManyDeletes } : { actions };
}

/** The decision for one ident: every combination of absent/unchanged/changed on both sides. */
function planItem(
  ident: string,
  a: SideItem | undefined,
  b: SideItem | undefined,
  prev: StatusRow | undefined,
  input: PlanInput,
): Action | undefined {
  const { policy, incomplete } = input;
  if (!a && !b) return prev ? { kind: "forget", ident } : undefined;
  if (policy.oneWay) return planOneWay(ident, policy.oneWay, { a, b }, prev, input);

  const stateA = sideState(a, prev, "a");
  const stateB = sideState(b, prev, "b");
  if (a && b) {
    if (a.hash === b.hash) return agreeing(ident, a, b, prev, input.model);
    if (stateA === "unchanged")
      return { kind: "update", ident, from: "b", source: b, target: a, why: "changed in b" };
    if (stateB === "unchanged")
      return { kind: "update", ident, from: "a", source: a, target: b, why: "changed in a" };
    return planConflict(ident, a, b, prev, input);
  }

  // Present on exactly one side.
  const side: Side = a ? "a" : "b";
  const item = (a ?? b) as SideItem;
  const state = side === "a" ? stateA : stateB;
  const other = otherSide(side);
  const wasOnOther = prev?.[other] !== undefined;
  if (state === "changed" || !wasOnOther) {
    if (!wasOnOther && state === "unchanged") return undefined; // deliberately absent there
    return {
      kind: "create",
      ident,
      from: side,
      source: item,
      why: wasOnOther ? `deleted in ${other} but changed in ${side}` : `new in ${side}`,
    };
  }
  // Unchanged here, deleted there.
  if (incomplete[other]) return undefined;
  if (policy.onDelete === "skip") return recordIfMoved(ident, a, b, prev);
  return { kind: "delete", ident, side, target: item, why: `deleted in ${other}` };
}

/**
 * Both sides changed the item differently: merged, where the policy says so and there is a last
 * synchronised version to merge with (the executor reads it), else settled by the policy, or
 * left a conflict.
 */
function planConflict(
  ident: string,
  a: SideItem,
  b: SideItem,
  prev: StatusRow | undefined,
  { policy, model }: PlanInput,
): Action {
  const { conflict } = policy;
  if (conflict.kind !== "merge") return settleConflict(ident, a, b, conflict);
  const fallback = settleConflict(ident, a, b, conflict.fallback);
  if (model.merge === undefined || prev === undefined) return fallback;
  return { kind: "merge", ident, a, b, base: prev.hash, fallback, why: "changed in a and in b" };
}

function settleConflict(ident: string, a: SideItem, b: SideItem, policy: SettlePolicy): MergeFallback {
  switch (policy.kind) {
    case "leave":
      return { kind: "conflict", ident, a, b };
    case "keepBoth":
      return { kind: "keepBoth", ident, a, b, winner: newerSide(a, b), why: "changed in a and in b" };
    case "keep":
    case "newer": {
      const winner = policy.kind === "keep" ? policy.side : newerSide(a, b);
      const [source, target] = winner === "a" ? [a, b] : [b, a];
      const how = policy.kind === "keep" ? `keep ${winner}` : `${winner} is newer`;
      return { kind: "update", ident, from: winner, source, target, why: `conflict, ${how}` };
    }
    default:
      return assertNever(policy);
  }
}

/** The side modified last; a when neither says or both say the same. */
function newerSide(a: SideItem, b: SideItem): Side {
  const at = (item: SideItem): bigint => {
    const value = item.attributes?.[modifiedAttribute];
    return value === undefined ? 0n : BigInt(value);
  };
  return at(b) > at(a) ? "b" : "a";
}

/** Same content on both sides: attributes changed since the last sync are carried across. */
function agreeing(
  ident: string,
  a: SideItem,
  b: SideItem,
  prev: StatusRow | undefined,
  model: ItemModel,
): Action | undefined {
  const set = reconcileAttributes(
    model,
    { a: prev?.a?.attributes, b: prev?.b?.attributes },
    { a: a.attributes, b: b.attributes },
  );
  if (set.a === undefined && set.b === undefined) return recordIfMoved(ident, a, b, prev);
  const changed = (["a", "b"] as const).filter((side) => set[otherSide(side)] !== undefined);
  const why = `attributes changed in ${changed.length > 0 ? changed.join(" and ") : "both"}`;
  return { kind: "setAttributes", ident, a, b, set, why };
}

/** One side follows the other (`from`): whatever it did on its own is undone. */
function planOneWay(
  ident: string,
  from: Side,
  items: Readonly<Record<Side, SideItem | undefined>>,
  prev: StatusRow | undefined,
  { policy }: PlanInput,
): Action | undefined {
  const to = otherSide(from);
  const source = items[from];
  const target = items[to];
  const why = `one-way: ${to} follows ${from}`;
  if (source && target) {
    if (source.hash === target.hash) {
      const { a, b } = items as Record<Side, SideItem>;
      // The followed side's attributes win whole, a name it lacks (a cleared flag) included.
      if (sameAttributes(source.attributes, target.attributes)) return recordIfMoved(ident, a, b, prev);
      const set = source.attributes ?? {};
      return { kind: "setAttributes", ident, a, b, set: to === "a" ? { a: set } : { b: set }, why };
    }
    return { kind: "update", ident, from, source, target, why };
  }
  if (source) return { kind: "create", ident, from, source, why };
  if (target) {
    if (policy.onDelete === "skip") return recordIfMoved(ident, items.a, items.b, prev);
    return { kind: "delete", ident, side: to, target, why: `one-way: not in ${from}` };
  }
  return undefined;
}

/** The sides agree: write the status only if it does not already say exactly this. */
function recordIfMoved(
  ident: string,
  a: SideItem | undefined,
  b: SideItem | undefined,
  prev: StatusRow | undefined,
): Action | undefined {
  const hash = (a ?? b)?.hash as string;
  const same = prev !== undefined && prev.hash === hash && sameLocation(prev.a, a) && sameLocation(prev.b, b);
  return same ? undefined : { kind: "record", ident, a, b, hash };
}

function sameLocation(remembered: StatusSide | undefined, current: SideItem | undefined): boolean {
  if (remembered === undefined || current === undefined) return remembered === current;
  return (
    remembered.href === current.href &&
    remembered.version === current.version &&
    sameAttributes(remembered.attributes, current.attributes)
  );
}

/**
 * Items paired by path: a deletion and a creation of the same content aimed at the same side are
 * one rename there (a renamed folder of 10,000 files costs 10,000 renames and no content).
 */
function pairMoves(actions: readonly Action[], model: ItemModel): Action[] {
  const deletes = new Map<string, Extract<Action, { kind: "delete" }>[]>();
  for (const action of actions) {
    if (action.kind !== "delete" || model.movable?.(action.target.attributes) === false) continue;
    const key = `${action.side}:${action.target.hash}`;
    deletes.set(key, [...(deletes.get(key) ?? []), action]);
  }
  if (deletes.size === 0) return [...actions];
  const paired = new Set<Action>();
  const result: Action[] = [];
  for (const action of actions) {
    if (action.kind !== "create") continue;
    const side = otherSide(action.from);
    const candidates = deletes.get(`${side}:${action.source.hash}`);
    const removed = candidates?.shift();
    if (!removed) continue;
    paired.add(action).add(removed);
    result.push({
      kind: "move",
      ident: action.ident,
      previous: removed.ident,
      side,
      target: removed.target,
      source: action.source,
      why: `renamed in ${action.from} from ${removed.ident}`,
    });
  }
  return [...actions.filter((action) => !paired.has(action)), ...result];
}

/**
 * Writes aimed at a read-only side become `refused`, so nothing is attempted there; a merge,
 * which writes both sides, becomes its fallback.
 */
function guardReadOnly(action: Action, policy: PlanPolicy): Action {
  if (action.kind === "merge") {
    return policy.readOnly.a || policy.readOnly.b ? guardReadOnly(action.fallback, policy) : action;
  }
  if (!isWriteAction(action)) return action;
  const target = sidesWritten(action).find((side) => policy.readOnly[side]);
  return target === undefined
    ? action
    : { kind: "refused", ident: action.ident, side: target, write: action };
}

const writeKinds: ReadonlySet<Action["kind"]> = new Set([
  "create",
  "update",
  "delete",
  "move",
  "setAttributes",
  "keepBoth",
]);
const isWriteAction = (action: Action): action is WriteAction => writeKinds.has(action.kind);

/**
 * Every side an action may write to: "keep both", a merge and attributes may write to both;
 * none for bookkeeping.
 */
export function sidesWritten(action: Action): Side[] {
  if (action.kind === "merge") return ["a", "b"];
  if (!isWriteAction(action)) return [];
  switch (action.kind) {
    case "keepBoth":
      return ["a", "b"];
    case "setAttributes":
      return (["a", "b"] as const).filter((side) => action.set[side] !== undefined);
    default:
      return [writtenSide(action) as Side];
  }
}

/** The side an action writes to, if any. */
export function writtenSide(action: Action): Side | undefined {
  switch (action.kind) {
    case "create":
    case "update":
      return otherSide(action.from);
    case "delete":
    case "move":
      return action.side;
    case "setAttributes":
      return action.set.a ? "a" : "b";
    case "keepBoth":
      return otherSide(action.winner);
    case "merge": // both, or one, as the result differs from each: see sidesWritten
    case "record":
    case "forget":
    case "conflict":
    case "refused":
      return undefined;
    default:
      return assertNever(action);
  }
}

/**
 * `on_empty = "skip"`: a side that lists nothing while the status remembers items there looks
 * like a wiped or unmounted storage; carrying that across would delete everything on the other.
 */
function emptiedSide(input: PlanInput, actions: readonly Action[]): Side | undefined {
  if (input.policy.onEmpty === "sync") return undefined;
  for (const side of ["a", "b"] as const) {
    if (input.held[side] > 0 || input.remembered[side] === 0) continue;
    const deletesOther = actions.some(
      (action) => action.kind === "delete" && action.side === otherSide(side),
    );
    if (deletesOther) return side;
  }
  return undefined;
}

/**
 * A share as a limit only counts from this many deletions on: deleting 2 of 3 files is no sign
 * of a wiped disk, and `on_empty` and the tree's mark catch a side that vanished whole.
 */
const percentFloor = 10;

/** `max_delete`: the side where the plan deletes more than the limit allows, if any. */
function excessDeletes(input: PlanInput, actions: readonly Action[]): Plan["tooManyDeletes"] {
  const limitSpec = input.policy.maxDelete;
  if (!limitSpec) return undefined;
  for (const side of ["a", "b"] as const) {
    const count = actions.filter((action) => action.kind === "delete" && action.side === side).length;
    if (count === 0) continue;
    const limit =
      "count" in limitSpec
        ? limitSpec.count
        : Math.max(percentFloor - 1, Math.floor((input.remembered[side] * limitSpec.percent) / 100));
    if (count > limit) return { side, count, limit };
  }
  return undefined;
}
