/**
 * `concord sync`: every selected pair, each under its lock, each collection planned and applied.
 * @module
 */
import { existsSync, mkdirSync } from "node:fs";
import { type Config, type PairConfig, settlePolicy } from "../config/index.js";
import { classify } from "../errors/index.js";
import { commandResolver } from "../engine/conflict-command.js";
import type { Applied, ConflictDecision, ConflictInput, ConflictResolver } from "../engine/execute.js";
import { acquirePairLock, type PairLock } from "../engine/lock.js";
import type { Plan } from "../engine/plan.js";
import type { PairReport } from "../engine/report.js";
import { StatusDb } from "../engine/status.js";
import { syncPair } from "../engine/sync-pair.js";
import type { ItemModel } from "../contract/index.js";
import { type MissingPath, missingPath } from "./missing-path.js";
import { lockFile, pairPolicy, selectPairs, statusFile } from "./open.js";
import { freshStorages, type StorageSource } from "./storage-source.js";

export interface SyncOptions {
  readonly config: Config;
  /** `PAIR` or `PAIR/COLLECTION`; every pair when empty. */
  readonly targets?: readonly string[];
  readonly dryRun?: boolean;
  /** Apply plans that delete more than a pair's `max_delete` allows. */
  readonly force?: boolean;
  /** `--interactive`: shown each collection's plan; false skips it. */
  readonly confirm?: (pair: string, collection: string, plan: Plan) => Promise<boolean>;
  /** Told each collection's plan before it is applied. */
  readonly onPlanned?: (pair: string, collection: string, plan: Plan) => void;
  /** Used for pairs with `conflict_resolution = "ask"`; without it their conflicts are reported. */
  readonly ask?: (conflict: ConflictInput) => Promise<ConflictDecision>;
  /** Wait for another process holding a pair's lock instead of failing. */
  readonly waitForLock?: boolean;
  readonly signal?: AbortSignal;
  /** Each action as it is done or fails, for progress and `-v`. */
  readonly onApplied?: (pair: string, collection: string, applied: Applied) => void;
  /** Receives a line per request the storages make (`-v`). */
  readonly explain?: (line: string) => void;
  /** Where the pairs' storages come from; by default they are opened for this run and closed after. */
  readonly storages?: StorageSource;
}

/** A pair's report, and why it found nothing to synchronise when a local path explains it. */
export interface PairSyncReport extends PairReport {
  /** Set when the pair found no collection: the local paths of its storages that do not exist. */
  readonly missing?: readonly MissingPath[];
}

export interface SyncResult {
  readonly pairs: readonly PairSyncReport[];
}

export async function sync(options: SyncOptions): Promise<SyncResult> {
  const reports: PairSyncReport[] = [];
  for (const [pair, only] of selectPairs(options.config, options.targets)) {
    if (options.signal?.aborted) break;
    try {
      reports.push(await syncOnePair(options, pair, only));
    } catch (thrown) {
      const error = classify(thrown, `pair ${pair.name}`);
      error.caller ??= "concord.sync";
      reports.push({ pair: pair.name, collections: [], error });
    }
  }
  return { pairs: reports };
}

async function syncOnePair(
  options: SyncOptions,
  pair: PairConfig,
  only: string[] | undefined,
): Promise<PairSyncReport> {
  const { config } = options;
  const source = options.storages ?? freshStorages(config, { explain: options.explain });
  const storages = await source.open(pair);
  let failed = true;
  try {
    const lock = await lockPair(options, pair.name);
    const file = statusFile(config, pair.name);
    const status = options.dryRun ? StatusDb.openScratch(file) : StatusDb.open(file);
    try {
      const report = await syncPair({
        pair: pair.name,
        storages,
        collections: pair.collections,
        only,
        status,
        policy: pairPolicy(pair, storages, { force: options.force }),
        metadata: pair.metadata,
        dryRun: options.dryRun,
        confirm: confirmFor(pair.name, options.confirm),
        onPlanned: (collection, plan) => options.onPlanned?.(pair.name, collection, plan),
        resolveConflict: conflictResolver(pair, options, storages.a.model),
        signal: options.signal,
        onApplied: (collection, applied) => options.onApplied?.(pair.name, collection, applied),
      });
      failed = report.error !== undefined || report.collections.some((collection) => collection.error);
      return report.collections.length > 0 ? report : { ...report, ...(await missingPaths(config, pair)) };
    } finally {
      status.close();
      lock?.release();
    }
  } finally {
    await source.release(pair, storages, failed);
  }
}

/**
 * Takes the pair's lock, making the status folder if need be. Even a dry run takes it, so as not
 * to plan from a status another run is changing; but a dry run creates nothing, and where there
 * is no status folder yet there is no status to change: then it goes without.
 */
async function lockPair(options: SyncOptions, pair: string): Promise<PairLock | undefined> {
  const { statusPath } = options.config;
  if (options.dryRun && !existsSync(statusPath)) return undefined;
  mkdirSync(statusPath, { recursive: true, mode: 0o700 });
  return acquirePairLock(lockFile(options.config, pair), pair, {
    wait: options.waitForLock,
    signal: options.signal,
  });
}

/**
 * The local paths that do not exist where the pair looks for collections (only on side A with
 * `collections = "from a"`), if any: why it found none, most likely a mistyped path.
 */
async function missingPaths(config: Config, pair: PairConfig): Promise<{ missing?: MissingPath[] }> {
  const { collections } = pair;
  const sides = collections?.kind === "from" ? [collections.side] : (["a", "b"] as const);
  const storages = sides.flatMap((side) => config.storages.get(pair[side]) ?? []);
  const missing = (await Promise.all(storages.map(missingPath))).filter((found) => found !== undefined);
  return missing.length > 0 ? { missing } : {};
}

/** The pair's `confirm`, asking about its collections by name. */
function confirmFor(pair: string, confirm: SyncOptions["confirm"]) {
  return confirm && ((collection: string, plan: Plan) => confirm(pair, collection, plan));
}

function conflictResolver(
  pair: PairConfig,
  options: SyncOptions,
  model: ItemModel,
): ConflictResolver | undefined {
  // What a merge cannot settle goes where a conflict would without one.
  const policy = settlePolicy(pair.conflictResolution);
  if (policy.kind === "ask") return options.ask && { by: "your choice at the prompt", decide: options.ask };
  if (policy.kind === "command") return commandResolver(policy.argv, (body) => model.extensionFor(body));
  return undefined;
}
