/**
 * The planner: a pure function from (status, side A now, side B now, policy) to actions.
 * It reads no clock, does no I/O and uses no randomness, so property tests can pin its semantics.
 * @module
 */
import { assertNever } from "./assert-never.js";
import {
  type Action,
  type Side,
  type SideItem,
  type StatusRow,
  type StatusSide,
  type WriteAction,
  otherSide,
} from "./types.js";

export interface PlanPolicy {
  /** Which side wins a conflict; undefined leaves conflicts to the resolver or the user. */
  readonly conflictWinner: Side | undefined;
  /** B becomes a copy of A: B's own changes are reverted. */
  readonly oneWay: boolean;
  /** "skip": a deletion on one side is not carried to the other. */
  readonly onDelete: "sync" | "skip";
  /** "skip": a side that became empty does not empty the other. */
  readonly onEmpty: "skip" | "sync";
  readonly readOnly: Readonly<Record<Side, boolean>>;
}

export interface PlanInput {
  readonly status: ReadonlyMap<string, StatusRow>;
  readonly a: ReadonlyMap<string, SideItem>;
  readonly b: ReadonlyMap<string, SideItem>;
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
}

/** How one side's item compares with the status. */
type SideState = "absent" | "unchanged" | "changed";

function sideState(item: SideItem | undefined, prev: StatusRow | undefined, side: Side): SideState {
  if (!item) return "absent";
  return prev?.[side] !== undefined && prev.hash === item.hash ? "unchanged" : "changed";
}

export function plan(input: PlanInput): Plan {
  const idents = new Set([...input.status.keys(), ...input.a.keys(), ...input.b.keys()]);
  const actions: Action[] = [];
  for (const ident of idents) {
    if (input.skip.has(ident)) continue;
    const action = planItem(ident, input.a.get(ident), input.b.get(ident), input.status.get(ident), input);
    if (action) actions.push(guardReadOnly(action, input.policy));
  }
  const emptied = emptiedSide(input, actions);
  return emptied ? { actions: [], emptied } : { actions };
}

/** The decision for one ident: every combination of absent/unchanged/changed on both sides. */
function planItem(
  ident: string,
  a: SideItem | undefined,
  b: SideItem | undefined,
  prev: StatusRow | undefined,
  { policy, incomplete }: PlanInput,
): Action | undefined {
  if (!a && !b) return prev ? { kind: "forget", ident } : undefined;
  if (policy.oneWay) return planOneWay(ident, a, b, prev, policy);

  const stateA = sideState(a, prev, "a");
  const stateB = sideState(b, prev, "b");
  if (a && b) {
    if (a.hash === b.hash) return recordIfMoved(ident, a, b, prev);
    if (stateA === "unchanged")
      return { kind: "update", ident, from: "b", source: b, target: a, why: "changed in b" };
    if (stateB === "unchanged")
      return { kind: "update", ident, from: "a", source: a, target: b, why: "changed in a" };
    const winner = policy.conflictWinner;
    if (winner === undefined) return { kind: "conflict", ident, a, b };
    const [source, target] = winner === "a" ? [a, b] : [b, a];
    return { kind: "update", ident, from: winner, source, target, why: `conflict, keep ${winner}` };
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

/** B follows A: whatever B did on its own is undone. */
function planOneWay(
  ident: string,
  a: SideItem | undefined,
  b: SideItem | undefined,
  prev: StatusRow | undefined,
  policy: PlanPolicy,
): Action | undefined {
  if (a && b) {
    if (a.hash === b.hash) return recordIfMoved(ident, a, b, prev);
    return { kind: "update", ident, from: "a", source: a, target: b, why: "one-way: b follows a" };
  }
  if (a) return { kind: "create", ident, from: "a", source: a, why: "one-way: b follows a" };
  if (b) {
    if (policy.onDelete === "skip") return recordIfMoved(ident, undefined, b, prev);
    return { kind: "delete", ident, side: "b", target: b, why: "one-way: not in a" };
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
  return remembered.href === current.href && remembered.version === current.version;
}

/** Writes aimed at a read-only side become `refused`, so nothing is attempted there. */
function guardReadOnly(action: Action, policy: PlanPolicy): Action {
  if (!isWriteAction(action)) return action;
  const target = writtenSide(action);
  if (target === undefined || !policy.readOnly[target]) return action;
  return { kind: "refused", ident: action.ident, side: target, write: action };
}

const isWriteAction = (action: Action): action is WriteAction =>
  action.kind === "create" || action.kind === "update" || action.kind === "delete";

/** The side an action writes to, if any. */
export function writtenSide(action: Action): Side | undefined {
  switch (action.kind) {
    case "create":
    case "update":
      return otherSide(action.from);
    case "delete":
      return action.side;
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
    const current = side === "a" ? input.a : input.b;
    if (current.size > 0) continue;
    const remembered = [...input.status.values()].some((row) => row[side] !== undefined);
    const deletesOther = actions.some(
      (action) => action.kind === "delete" && action.side === otherSide(side),
    );
    if (remembered && deletesOther) return side;
  }
  return undefined;
}
