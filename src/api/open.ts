/**
 * What every command needs first: the config, the storages it names, and the policy of a pair.
 * @module
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  type Config,
  loadConfig,
  locateConfig,
  type PairConfig,
  type SettlePolicy,
} from "../config/index.js";
import { ConfigError } from "../errors/index.js";
import { assertNever } from "../engine/assert-never.js";
import type { PlanPolicy, SettlePolicy as SettlePlan } from "../engine/plan.js";
import { StatusDb } from "../engine/status.js";
import type { Side } from "../engine/types.js";
import { storageDefinitions } from "../storages/index.js";
import type { Storage, StorageContext } from "../contract/index.js";

export interface ConfigOptions {
  /** The `-c FILE` argument. */
  readonly configFile?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Finds and loads the config file (see `config/locate.ts` for the order). */
export async function openConfig(options: ConfigOptions = {}): Promise<Config> {
  const located = await locateConfig({ argument: options.configFile, env: options.env });
  return loadConfig(located.file, storageDefinitions, options.env);
}

export async function openStorage(
  config: Config,
  name: string,
  context: StorageContext = {},
): Promise<Storage> {
  const configured = config.storages.get(name);
  if (!configured) throw new ConfigError(`${config.file}: no storage named ${name}`, { file: config.file });
  return configured.definition.create(name, configured.config, context);
}

export async function openPairStorages(
  config: Config,
  pair: PairConfig,
  context: StorageContext = {},
): Promise<Record<Side, Storage>> {
  const [a, b] = await Promise.all([
    openStorage(config, pair.a, context),
    openStorage(config, pair.b, context),
  ]);
  return { a, b };
}

export function pairPolicy(
  pair: PairConfig,
  storages: Record<Side, Storage>,
  { force = false }: { readonly force?: boolean } = {},
): PlanPolicy {
  const conflict = pair.conflictResolution;
  return {
    conflict: planConflictPolicy(conflict),
    maxDelete: force
      ? undefined
      : (pair.maxDelete ?? (storages.a.model.identity === "href" ? { percent: 50 } : undefined)),
    oneWay: pair.oneWay ? "a" : undefined,
    maxAgeMs: pair.maxAgeMs,
    onDelete: pair.onDelete,
    onEmpty: pair.onEmpty,
    readOnly: { a: storages.a.capabilities.readOnly, b: storages.b.capabilities.readOnly },
  };
}

/** What the plan does with a conflict; "ask" and a command are the resolver's, after the plan. */
function planConflictPolicy(conflict: PairConfig["conflictResolution"]): PlanPolicy["conflict"] {
  return conflict.kind === "merge"
    ? { kind: "merge", fallback: planSettlePolicy(conflict.fallback) }
    : planSettlePolicy(conflict);
}

function planSettlePolicy(conflict: SettlePolicy): SettlePlan {
  switch (conflict.kind) {
    case "keep":
    case "newer":
    case "keepBoth":
      return conflict;
    case "report":
    case "ask":
    case "command":
      return { kind: "leave" };
    default:
      return assertNever(conflict);
  }
}

/** The pairs named on the command line (`PAIR` or `PAIR/COLLECTION`), all when none is. */
export function selectPairs(
  config: Config,
  targets: readonly string[] = [],
): Map<PairConfig, string[] | undefined> {
  const selected = new Map<PairConfig, string[] | undefined>();
  if (targets.length === 0) {
    for (const pair of config.pairs.values()) selected.set(pair, undefined);
    return selected;
  }
  for (const target of targets) {
    const [name, collection] = splitTarget(target);
    const pair = config.pairs.get(name);
    if (!pair) {
      const known = [...config.pairs.keys()].join(", ") || "none";
      throw new ConfigError(`${config.file}: no pair named ${name} (pairs: ${known})`, { file: config.file });
    }
    if (collection === undefined) selected.set(pair, undefined);
    else if (!selected.has(pair) || selected.get(pair) !== undefined) {
      selected.set(pair, [...(selected.get(pair) ?? []), collection]);
    }
  }
  return selected;
}

function splitTarget(target: string): [string, string | undefined] {
  const slash = target.indexOf("/");
  return slash < 0 ? [target, undefined] : [target.slice(0, slash), target.slice(slash + 1)];
}

export const statusFile = (config: Config, pair: string): string => join(config.statusPath, `${pair}.sqlite`);
export const lockFile = (config: Config, pair: string): string => join(config.statusPath, `${pair}.lock`);

/** Reads a pair's status database; undefined when the pair was never synchronised. */
export function readStatus<T>(config: Config, pair: string, read: (status: StatusDb) => T): T | undefined {
  return readStatusAt(statusFile(config, pair), read);
}

/** Reads the status database at `file`; undefined when there is none. */
export function readStatusAt<T>(file: string, read: (status: StatusDb) => T): T | undefined {
  if (!existsSync(file)) return undefined;
  const status = StatusDb.open(file);
  try {
    return read(status);
  } finally {
    status.close();
  }
}
