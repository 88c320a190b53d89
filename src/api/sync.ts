/**
 * `concord sync`: every selected pair, each under its lock, each collection planned and applied.
 * @module
 */
import { mkdirSync } from "node:fs";
import type { Config, PairConfig } from "../config/index.js";
import { classify } from "../errors/index.js";
import { commandResolver } from "../engine/conflict-command.js";
import type { Applied, ConflictDecision, ConflictInput, ConflictResolver } from "../engine/execute.js";
import { acquirePairLock } from "../engine/lock.js";
import type { Plan } from "../engine/plan.js";
import type { PairReport } from "../engine/report.js";
import { StatusDb } from "../engine/status.js";
import { syncPair } from "../engine/sync-pair.js";
import { describeItem } from "../formats/index.js";
import { lockFile, pairPolicy, selectPairs, statusFile } from "./open.js";
import { freshStorages, type StorageSource } from "./storage-source.js";

export interface SyncOptions {
  readonly config: Config;
  /** `PAIR` or `PAIR/COLLECTION`; every pair when empty. */
  readonly targets?: readonly string[];
  readonly dryRun?: boolean;
  /** `--interactive`: shown each collection's plan; false skips it. */
  readonly confirm?: (pair: string, collection: string, plan: Plan) => Promise<boolean>;
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

export interface SyncResult {
  readonly pairs: readonly PairReport[];
}

export async function sync(options: SyncOptions): Promise<SyncResult> {
  const reports: PairReport[] = [];
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
): Promise<PairReport> {
  const { config } = options;
  const source = options.storages ?? freshStorages(config, { explain: options.explain });
  const storages = await source.open(pair);
  let failed = true;
  try {
    mkdirSync(config.statusPath, { recursive: true, mode: 0o700 });
    // Even a dry run takes the lock: it must not plan from a status another run is changing.
    const lock = await acquirePairLock(lockFile(config, pair.name), pair.name, {
      wait: options.waitForLock,
      signal: options.signal,
    });
    const file = statusFile(config, pair.name);
    const status = options.dryRun ? StatusDb.openScratch(file) : StatusDb.open(file);
    try {
      const report = await syncPair({
        pair: pair.name,
        storages,
        collections: pair.collections,
        only,
        status,
        policy: pairPolicy(pair, storages),
        describe: describeItem,
        metadata: pair.metadata,
        dryRun: options.dryRun,
        confirm: confirmFor(pair.name, options.confirm),
        resolveConflict: conflictResolver(pair, options),
        signal: options.signal,
        onApplied: (collection, applied) => options.onApplied?.(pair.name, collection, applied),
      });
      failed = report.error !== undefined || report.collections.some((collection) => collection.error);
      return report;
    } finally {
      status.close();
      lock.release();
    }
  } finally {
    await source.release(pair, storages, failed);
  }
}

/** The pair's `confirm`, asking about its collections by name. */
function confirmFor(pair: string, confirm: SyncOptions["confirm"]) {
  return confirm && ((collection: string, plan: Plan) => confirm(pair, collection, plan));
}

function conflictResolver(pair: PairConfig, options: SyncOptions): ConflictResolver | undefined {
  const policy = pair.conflictResolution;
  if (policy.kind === "ask") return options.ask && { by: "your choice at the prompt", decide: options.ask };
  if (policy.kind === "command")
    return commandResolver(policy.argv, (content) =>
      describeItem(content).kind === "vcard" ? ".vcf" : ".ics",
    );
  return undefined;
}
