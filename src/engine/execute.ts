/**
 * The executor: applies a plan's actions with their preconditions and records each success in
 * the status.
 *
 * One failed action never stops the others; it is returned with its error. Writes are recorded in
 * batches, and only after the storages have made them durable (`flush`), so the status never
 * claims what is not safely stored: a run killed at any moment leaves a state the next run
 * completes without loss or duplicates.
 * @module
 */
import {
  classify,
  type ConcordError,
  NotFoundError,
  PreconditionFailedError,
  UnsupportedError,
} from "../errors/index.js";
import {
  type Body,
  bytesBody,
  type Collection,
  type Href,
  type ItemModel,
  readBody,
  sameAttributes,
  type Written,
} from "../contract/index.js";
import { assertNever } from "./assert-never.js";
import { baseChange } from "./bases.js";
import { fetchInBatches } from "./gather.js";
import { type ItemLabel, labelItem } from "./item-label.js";
import { sidesWritten, writtenSide } from "./plan.js";
import { SideSlots } from "./side-slots.js";
import type { StatusChange } from "./status.js";
import {
  type Action,
  otherSide,
  type Side,
  type SideItem,
  type StatusRow,
  type SyncAction,
} from "./types.js";

type ConflictAction = Extract<Action, { kind: "conflict" }>;
type MergeAction = Extract<Action, { kind: "merge" }>;
type CreateAction = Extract<Action, { kind: "create" }>;
/** What the executor applies: a refusal is reported, never attempted. */
export type ApplicableAction = Exclude<Action, { kind: "refused" }>;

/** What a resolver decided about one conflict. */
export type ConflictDecision =
  | { readonly kind: "keep"; readonly side: Side }
  | { readonly kind: "merged"; readonly content: Uint8Array }
  | { readonly kind: "skip" };

export interface ConflictInput {
  readonly ident: string;
  readonly a: { readonly item: SideItem; readonly body: Body };
  readonly b: { readonly item: SideItem; readonly body: Body };
}

/** Decides conflicts as they are met; `by` names it in reports ("command merge-ics"). */
export interface ConflictResolver {
  readonly by: string;
  readonly decide: (conflict: ConflictInput) => Promise<ConflictDecision>;
}

/** A conflict a resolver settled: how, by whom, and which sides it rewrote. */
export interface Resolution {
  readonly ident: string;
  readonly by: string;
  readonly decision: { readonly kind: "keep"; readonly side: Side } | { readonly kind: "merged" };
  readonly rewritten: readonly Side[];
}

export interface ActionFailure {
  readonly action: SyncAction;
  readonly error: ConcordError;
  /** The item, named where the user finds it. */
  readonly item?: ItemLabel;
}

/** One action done (or failed), as it happens: for progress and `-v`. */
export interface Applied {
  readonly action: SyncAction;
  readonly error?: ConcordError;
  /** Set when the action was a conflict a resolver settled. */
  readonly resolution?: Resolution;
}

export interface ExecuteOptions {
  readonly actions: readonly ApplicableAction[];
  readonly collections: Readonly<Record<Side, Collection>>;
  /** Bodies already read while gathering, by side and href. */
  readonly bodies: Readonly<Record<Side, ReadonlyMap<Href, Body>>>;
  /** Records item changes; called with batches that are already durable on both sides. */
  readonly record: (changes: readonly StatusChange[]) => void;
  /**
   * Told every copy to a side where the item is not yet, before any is made: an item that
   * nothing in its content pairs must be recognised if the run is killed before its row is
   * recorded (`status-pairing.ts`).
   */
  readonly announce?: (creates: readonly CreateAction[]) => void;
  readonly model: ItemModel;
  /** The storages' names, for conflict copies. */
  readonly storageNames: Readonly<Record<Side, string>>;
  readonly resolveConflict?: ConflictResolver;
  /**
   * The last synchronised content of an item whose model merges, when it is the version whose
   * hash is given (`bases.ts`): what a `merge` starts from. Without it every merge falls back.
   */
  readonly readBase?: (ident: string, hash: string) => Uint8Array | undefined;
  /** Stops taking new actions; the ones in flight finish and are recorded. */
  readonly signal?: AbortSignal;
  readonly onApplied?: (applied: Applied) => void;
  /** Changes recorded per status transaction. */
  readonly batchSize?: number;
  /** Writes each side takes at once; as many actions run as the larger allows. */
  readonly concurrency: Readonly<Record<Side, number>>;
  readonly fetchBatchSize: Readonly<Record<Side, number>>;
}

export interface ExecuteResult {
  readonly applied: Action[];
  readonly failures: ActionFailure[];
  /** Conflicts left for the user. */
  readonly conflicts: ConflictAction[];
  /** Conflicts the resolver settled (their actions are in `applied` too). */
  readonly resolved: Resolution[];
  /** A fatal error stopped the run (the status database failed, say). */
  readonly fatal: ConcordError | undefined;
}

interface Outcome {
  readonly changes: readonly StatusChange[];
  readonly wrote: readonly Side[];
  /** What was done in the action's stead: a merge's fallback. */
  readonly done?: ApplicableAction;
  /** An unresolved conflict: nothing written, left for the user. */
  readonly leftConflict?: ConflictAction;
  readonly resolution?: Resolution;
}

export async function execute(options: ExecuteOptions): Promise<ExecuteResult> {
  const result: ExecuteResult = { applied: [], failures: [], conflicts: [], resolved: [], fatal: undefined };
  const bodies = await completeBodies(options, result);
  const fail = (action: ApplicableAction, error: ConcordError): void => {
    result.failures.push({ action, error, item: itemOf(action, options.collections) });
  };
  const pending: { action: ApplicableAction; outcome: Outcome }[] = [];
  const batchSize = options.batchSize ?? 200;
  let fatal: ConcordError | undefined;
  let committing: Promise<void> = Promise.resolve();

  const commit = async (): Promise<void> => {
    const batch = pending.splice(0);
    if (batch.length === 0) return;
    const flushFailed = new Map<Side, ConcordError>();
    for (const side of ["a", "b"] as const) {
      const collection = options.collections[side];
      if (!collection.flush || !batch.some(({ outcome }) => outcome.wrote.includes(side))) continue;
      try {
        await collection.flush();
      } catch (error) {
        flushFailed.set(side, classify(error, `saving ${collection.info.href}`));
      }
    }
    const durable = batch.filter(({ action, outcome }) => {
      const failedSide = outcome.wrote.find((side) => flushFailed.has(side));
      if (failedSide === undefined) return true;
      fail(action, flushFailed.get(failedSide) as ConcordError);
      return false;
    });
    options.record(durable.flatMap(({ outcome }) => outcome.changes));
    for (const { action, outcome } of durable) {
      if (outcome.leftConflict) result.conflicts.push(outcome.leftConflict);
      else result.applied.push(outcome.done ?? action);
      if (outcome.resolution) result.resolved.push(outcome.resolution);
    }
  };
  const commitInTurn = (): Promise<void> => {
    committing = committing.then(commit);
    return committing;
  };

  const runnable = options.actions.filter(
    (action) => !result.failures.some((failure) => failure.action === action),
  );
  // Deletions run first, then renames, each phase finished before the next starts: both free
  // paths that later actions may need, and both remove the folders they leave empty. An item
  // paired by path must not be written into a folder that a concurrent deletion or rename is
  // removing (a file added to what was an empty folder), nor be refused because a folder is still
  // there (the last file of a folder deleted or renamed away, leaving the folder an empty-folder
  // item), nor find a file where it makes a folder (a file that became a folder of that name).
  const phases = [
    runnable.filter((action) => action.kind === "delete"),
    runnable.filter((action) => action.kind === "move"),
    runnable.filter((action) => action.kind !== "delete" && action.kind !== "move"),
  ];
  options.announce?.(runnable.filter((action): action is CreateAction => action.kind === "create"));
  const slots = new SideSlots(options.concurrency);
  const workers = Math.max(options.concurrency.a, options.concurrency.b, 1);
  let queue: readonly Action[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queue.length && fatal === undefined && !options.signal?.aborted) {
      const action = queue[next++] as ApplicableAction;
      try {
        const outcome = await slots.with(sidesWritten(action), () => apply(action, options, bodies));
        pending.push({ action, outcome });
        options.onApplied?.({ action, resolution: outcome.resolution });
        if (pending.length >= batchSize) await commitInTurn();
      } catch (thrown) {
        const error = classify(thrown, describeAction(action));
        if (error.disposition === "fatal") fatal = error;
        else fail(action, error);
        options.onApplied?.({ action, error });
      }
    }
  };
  for (const phase of phases) {
    queue = phase;
    next = 0;
    await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, queue.length)) }, worker));
  }
  try {
    await commitInTurn();
  } catch (thrown) {
    fatal ??= classify(thrown, "recording the status");
  }
  return { ...result, fatal };
}

type Bodies = Readonly<Record<Side, ReadonlyMap<Href, Body>>>;

async function apply(action: ApplicableAction, options: ExecuteOptions, bodies: Bodies): Promise<Outcome> {
  const { collections } = options;
  switch (action.kind) {
    case "create":
    case "update": {
      const to = otherSide(action.from);
      const body = bodyOf(bodies, action.from, action.source.href);
      const { attributes } = action.source;
      const written =
        action.kind === "create"
          ? await collections[to].create(body, action.ident, {
              exact: options.model.identity === "href",
              attributes,
            })
          : await collections[to].update(action.target.href, action.target.version, body, attributes);
      const row = rowFor(action.ident, action.source.hash, { [action.from]: action.source, [to]: written });
      return { changes: [{ kind: "put", row }, ...keptBase(options, row, body.bytes)], wrote: [to] };
    }
    case "delete":
      try {
        await collections[action.side].delete(action.target.href, action.target.version);
      } catch (error) {
        // Already gone is what we wanted.
        if (!(error instanceof NotFoundError)) throw error;
      }
      return { changes: [{ kind: "remove", ident: action.ident }], wrote: [action.side] };
    case "move": {
      const moved = await moveItem(collections[action.side], action.target, action.source.href);
      const written = sameAttributes(moved.attributes ?? action.target.attributes, action.source.attributes)
        ? moved
        : await setAttributes(collections[action.side], moved, action.source.attributes);
      const row = rowFor(action.ident, action.source.hash, {
        [action.side]: written,
        [otherSide(action.side)]: action.source,
      });
      return {
        changes: [
          { kind: "remove", ident: action.previous },
          { kind: "put", row },
        ],
        wrote: [action.side],
      };
    }
    case "setAttributes": {
      const written: Partial<Record<Side, Written | SideItem>> = {};
      for (const side of ["a", "b"] as const) {
        const wanted = action.set[side];
        written[side] = wanted ? await setAttributes(collections[side], action[side], wanted) : action[side];
      }
      const wrote = (["a", "b"] as const).filter((side) => action.set[side] !== undefined);
      return { changes: [{ kind: "put", row: rowFor(action.ident, action.a.hash, written) }], wrote };
    }
    case "keepBoth":
      return keepBoth(action, options, bodies);
    case "record": {
      const row = rowFor(action.ident, action.hash, action);
      const content =
        (action.a && bodies.a.get(action.a.href)?.bytes) ?? (action.b && bodies.b.get(action.b.href)?.bytes);
      return { changes: [{ kind: "put", row }, ...keptBase(options, row, content)], wrote: [] };
    }
    case "forget":
      return { changes: [{ kind: "remove", ident: action.ident }], wrote: [] };
    case "conflict":
      return resolve(action, options, bodies);
    case "merge":
      return merge(action, options, bodies);
    default:
      return assertNever(action);
  }
}

/** Renames without rewriting; storages whose model pairs items by href all can. */
async function moveItem(collection: Collection, item: SideItem, to: Href): Promise<Written> {
  if (!collection.move) {
    throw new UnsupportedError(`${collection.info.href} cannot rename ${item.href}`, { what: item.href });
  }
  return collection.move(item.href, item.version, to);
}

async function setAttributes(
  collection: Collection,
  item: Written | SideItem,
  attributes: SideItem["attributes"],
): Promise<Written> {
  if (!collection.setAttributes || attributes === undefined) return item;
  return collection.setAttributes(item.href, item.version, attributes);
}

/**
 * "keep both": the newer version keeps the name on both sides; the other is kept beside it on
 * both sides under its conflict name, renamed where it already is and copied to the other side.
 *
 * The rename comes first, then the newer version takes the name there, then the copy crosses:
 * a run killed after any of the three leaves every version under some name, and the next run
 * completes it with ordinary creates. Copying first would leave a copy that the next run, seeing
 * the conflict still there, would make again under another time stamp.
 */
async function keepBoth(
  action: Extract<Action, { kind: "keepBoth" }>,
  options: ExecuteOptions,
  bodies: Bodies,
): Promise<Outcome> {
  const winner = action.winner;
  const loser = otherSide(winner);
  const { conflictCopyName } = options.model;
  if (conflictCopyName === undefined) {
    throw new UnsupportedError(`${action.ident}: this kind of item cannot be kept twice`, {
      what: action.ident,
    });
  }
  const lost = action[loser];
  const kept = action[winner];
  const at = new Date();
  // The older version moves aside first, to the first free name: a second conflict of the same
  // file within a second gets "-2".
  let copyName = "";
  let copyOnLoser: Written | undefined;
  for (let attempt = 1; copyOnLoser === undefined; attempt++) {
    copyName = conflictCopyName(action.ident as Href, options.storageNames[loser], at, attempt);
    try {
      copyOnLoser = await moveItem(options.collections[loser], lost, copyName as Href);
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || attempt >= maxCopyAttempts) throw error;
    }
  }
  const replaced = await options.collections[loser].create(bodyOf(bodies, winner, kept.href), action.ident, {
    exact: true,
    attributes: kept.attributes,
  });
  // Read again where it now is: a body may be a handle on the old name.
  const copied = await bodyAt(options.collections[loser], copyOnLoser.href);
  const copyOnWinner = await options.collections[winner].create(copied, copyName, {
    exact: true,
    attributes: lost.attributes,
  });
  return {
    changes: [
      { kind: "put", row: rowFor(action.ident, kept.hash, { [winner]: kept, [loser]: replaced }) },
      { kind: "put", row: rowFor(copyName, lost.hash, { [winner]: copyOnWinner, [loser]: copyOnLoser }) },
    ],
    wrote: [winner, loser],
  };
}

/** How many conflict names one "keep both" tries before giving up (and failing that item only). */
const maxCopyAttempts = 20;

/** The body of one item, read now. */
async function bodyAt(collection: Collection, href: Href): Promise<Body> {
  for await (const fetched of collection.get([href])) {
    if ("error" in fetched) throw fetched.error;
    return fetched.body;
  }
  throw new NotFoundError(`${collection.info.href}: ${href} could not be read`, { what: href });
}

/** Asks the resolver, if there is one, and writes what it decided to the side(s) that need it. */
async function resolve(action: ConflictAction, options: ExecuteOptions, bodies: Bodies): Promise<Outcome> {
  const left: Outcome = { changes: [], wrote: [], leftConflict: action };
  const resolver = options.resolveConflict;
  if (!resolver) return left;
  const input: ConflictInput = {
    ident: action.ident,
    a: { item: action.a, body: bodyOf(bodies, "a", action.a.href) },
    b: { item: action.b, body: bodyOf(bodies, "b", action.b.href) },
  };
  const decision = await resolver.decide(input);
  if (decision.kind === "skip") return left;
  const resolved = (wrote: Side[]): Resolution => ({
    ident: action.ident,
    by: resolver.by,
    decision: decision.kind === "keep" ? { kind: "keep", side: decision.side } : { kind: "merged" },
    rewritten: wrote,
  });
  if (decision.kind === "keep") {
    const from = decision.side;
    const to = otherSide(from);
    const written = await options.collections[to].update(
      action[to].href,
      action[to].version,
      input[from].body,
      action[from].attributes,
    );
    const row = rowFor(action.ident, action[from].hash, { [from]: action[from], [to]: written });
    const base = keptBase(options, row, input[from].body.bytes);
    return { changes: [{ kind: "put", row }, ...base], wrote: [to], resolution: resolved([to]) };
  }
  const outcome = await writeMerged(action, decision.content, options);
  return { ...outcome, resolution: resolved([...outcome.wrote]) };
}

/**
 * `conflict_resolution = "merge"`: both sides' changes merged with the base and written where
 * the result differs; where there is no base, or the changes clash, the fallback is done
 * instead (a conflict left says which properties clashed).
 */
async function merge(action: MergeAction, options: ExecuteOptions, bodies: Bodies): Promise<Outcome> {
  const base = options.readBase?.(action.ident, action.base);
  const merged =
    base === undefined || options.model.merge === undefined
      ? undefined
      : options.model.merge(
          base,
          await readBody(bodyOf(bodies, "a", action.a.href)),
          await readBody(bodyOf(bodies, "b", action.b.href)),
        );
  if (merged?.kind === "merged") return writeMerged(action, merged.content, options);
  const { fallback } = action;
  const done =
    merged?.kind === "conflicting" && fallback.kind === "conflict"
      ? { ...fallback, unmerged: merged.conflicts }
      : fallback;
  return { ...(await apply(done, options, bodies)), done };
}

/** Writes a merged content to each side that does not hold it yet, each with its precondition. */
async function writeMerged(
  conflict: { readonly ident: string; readonly a: SideItem; readonly b: SideItem },
  content: Uint8Array,
  options: ExecuteOptions,
): Promise<Outcome> {
  const merged = bytesBody(content);
  const { hash } = await options.model.describe(merged, conflict.a.href);
  const written: Partial<Record<Side, Written>> = {};
  for (const side of ["a", "b"] as const) {
    written[side] =
      conflict[side].hash === hash
        ? conflict[side]
        : await options.collections[side].update(conflict[side].href, conflict[side].version, merged);
  }
  const row = rowFor(conflict.ident, hash, written);
  return {
    changes: [{ kind: "put", row }, ...keptBase(options, row, content)],
    wrote: (["a", "b"] as const).filter((side) => conflict[side].hash !== hash),
  };
}

/**
 * The base to keep with a row just written, for models that merge: the content both sides now
 * agree on, when it is at hand (nothing is read for it).
 */
function keptBase(options: ExecuteOptions, row: StatusRow, content: Uint8Array | undefined): StatusChange[] {
  return options.model.merge !== undefined && content !== undefined
    ? baseChange(row.ident, row.hash, content)
    : [];
}

function rowFor(
  ident: string,
  hash: string,
  sides: Partial<Record<Side, Written | SideItem | undefined>>,
): StatusRow {
  const at = (side: Side) => {
    const item = sides[side];
    if (!item) return undefined;
    const where = { href: item.href, version: item.version };
    return item.attributes === undefined ? where : { ...where, attributes: item.attributes };
  };
  return { ident, hash, a: at("a"), b: at("b") };
}

function bodyOf(bodies: Bodies, side: Side, href: Href): Body {
  const body = bodies[side].get(href);
  if (!body) throw new NotFoundError(`${href}: content could not be read`, { what: href });
  return body;
}

/**
 * Reads the bodies the actions need that gathering did not keep (an unchanged item copied
 * again by a one-way pair, a body beyond the memory budget). A storage's body is a handle: a
 * file is opened only when it is written. An item that cannot be read fails its action only.
 */
async function completeBodies(
  options: ExecuteOptions,
  result: ExecuteResult,
): Promise<Record<Side, Map<Href, Body>>> {
  const contents = { a: new Map(options.bodies.a), b: new Map(options.bodies.b) };
  const needed: Record<Side, Map<Href, ApplicableAction[]>> = { a: new Map(), b: new Map() };
  const need = (side: Side, href: Href, action: ApplicableAction): void => {
    if (contents[side].has(href)) return;
    needed[side].set(href, [...(needed[side].get(href) ?? []), action]);
  };
  for (const action of options.actions) {
    if (action.kind === "create" || action.kind === "update") need(action.from, action.source.href, action);
    const bothRead =
      action.kind === "keepBoth" ||
      action.kind === "merge" ||
      (action.kind === "conflict" && options.resolveConflict);
    if (bothRead) {
      need("a", action.a.href, action);
      need("b", action.b.href, action);
    }
  }
  for (const side of ["a", "b"] as const) {
    const hrefs = [...needed[side].keys()];
    if (hrefs.length === 0) continue;
    const collection = options.collections[side];
    await fetchInBatches(collection, hrefs, { fetchBatchSize: options.fetchBatchSize[side] }, (fetched) => {
      if ("body" in fetched) contents[side].set(fetched.href, fetched.body);
    });
    for (const [href, actions] of needed[side]) {
      if (contents[side].has(href)) continue;
      const where = labelItem(collection, { href }).where;
      const error = new NotFoundError(`${where} could not be read`, { what: href });
      for (const action of actions) result.failures.push({ action, error, item: { where } });
    }
  }
  return contents;
}

export function describeAction(action: Action): string {
  const side = writtenSide(action);
  return side ? `${action.kind} ${action.ident} in ${side}` : `${action.kind} ${action.ident}`;
}

/**
 * The item an action is about, named where the user finds it: the item copied for a create or
 * update (the one that exists), the one removed for a delete or renamed by a move, both sides of
 * a conflict.
 */
function itemOf(
  action: ApplicableAction,
  collections: Readonly<Record<Side, Collection>>,
): ItemLabel | undefined {
  const label = (side: Side, item: SideItem) => labelItem(collections[side], item);
  const both = (a: SideItem, b: SideItem): ItemLabel => {
    const [left, right] = [label("a", a), label("b", b)];
    return { ...left, where: `${left.where} and ${right.where}` };
  };
  switch (action.kind) {
    case "create":
    case "update":
      return label(action.from, action.source);
    case "delete":
    case "move":
      return label(action.side, action.target);
    case "setAttributes":
    case "keepBoth":
    case "conflict":
    case "merge":
      return both(action.a, action.b);
    case "record":
    case "forget":
      return undefined;
    default:
      return assertNever(action);
  }
}
