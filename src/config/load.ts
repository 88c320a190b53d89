/**
 * Loading the config file: TOML syntax first, then every table against its schema, then the
 * references between tables. Every problem found is reported at once, in one ConfigError.
 * @module
 */
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parse, TomlError } from "smol-toml";
import { ConfigError } from "../errors/index.js";
import type { StorageDefinition } from "../contract/index.js";
import { fileErrorReason } from "./file-errors.js";
import { configuredPath, xdgBaseFolder } from "./paths.js";
import { configError, type Problem } from "./problem.js";
import { checkPairModels, checkPairStorages } from "./references.js";
import { type BackupConfig, backupSchema, checkBackupFolders } from "./backup-schema.js";
import { documentSchema, generalSchema, pairSchema, type PairConfig } from "./schema.js";
import { parseStorageTable, type ConfiguredStorage } from "./storage-table.js";
import { isTable } from "./toml-value.js";
import { validate } from "./format-issue.js";

export interface Config {
  /** The file the config was read from, as given. */
  readonly file: string;
  /** The folder of the status databases: absolute, expanded. */
  readonly statusPath: string;
  /** By storage name. */
  readonly storages: ReadonlyMap<string, ConfiguredStorage>;
  /** By pair name. */
  readonly pairs: ReadonlyMap<string, PairConfig>;
  /** By backup set name. */
  readonly backups: ReadonlyMap<string, BackupConfig>;
}

/**
 * Reads and checks a config file. `storages` holds the storage definitions by type; `env`
 * supplies `$HOME`, the XDG folders and the variables paths name.
 * @throws ConfigError naming the file, and for each problem the key, what was expected and what was found.
 */
export async function loadConfig(
  file: string,
  storages: ReadonlyMap<string, StorageDefinition>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ConfigError(`${file}: cannot read the config file: ${fileErrorReason(error)}`, { file });
  }
  return parseConfig(file, text, storages, env);
}

/** `loadConfig` for a config already read; `file` is for messages and relative paths. */
export function parseConfig(
  file: string,
  text: string,
  storages: ReadonlyMap<string, StorageDefinition>,
  env: NodeJS.ProcessEnv = process.env,
): Config {
  const document = parseToml(file, text);
  const problems: Problem[] = [];
  validate(documentSchema, document, [], problems);

  const general =
    document.general === undefined || isTable(document.general)
      ? validate(generalSchema, document.general ?? {}, ["general"], problems)
      : undefined;

  const paths = { configFolder: dirname(file), env };
  const statusPath =
    general?.status_path === undefined
      ? join(xdgBaseFolder("XDG_DATA_HOME", env), "concord")
      : configuredPath(general.status_path, ["general", "status_path"], paths, problems);

  const configured = new Map<string, ConfiguredStorage>();
  for (const [name, table] of tablesIn(document.storage)) {
    const storage = parseStorageTable(name, table, storages, problems, paths);
    if (storage !== undefined) configured.set(name, storage);
  }

  // Every [storage.NAME] counts, valid or not: a pair naming a broken storage is not a second problem.
  const storageNames = isTable(document.storage) ? Object.keys(document.storage) : [];
  const pairs = new Map<string, PairConfig>();
  for (const [name, table] of tablesIn(document.pair)) {
    const pair = validate(pairSchema, table, ["pair", name], problems);
    if (pair === undefined) continue;
    problems.push(...checkPairStorages(name, pair, storageNames));
    problems.push(...checkPairModels(name, pair, configured));
    pairs.set(name, { name, ...pair });
  }

  const backups = new Map<string, BackupConfig>();
  for (const [name, table] of tablesIn(document.backup)) {
    const backup = validate(backupSchema, table, ["backup", name], problems);
    if (backup === undefined) continue;
    const expand = (key: "work" | "backups") =>
      backup[key].flatMap(
        (path, index) => configuredPath(path, ["backup", name, key, index], paths, problems) ?? [],
      );
    const set = { work: expand("work"), backups: expand("backups"), ignore: backup.ignore };
    problems.push(...checkBackupFolders(name, set));
    backups.set(name, { name, ...set });
  }

  if (problems.length > 0 || statusPath === undefined) throw configError(file, problems);
  return { file, statusPath, storages: configured, pairs, backups };
}

function parseToml(file: string, text: string): Record<string, unknown> {
  try {
    return parse(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    // Only the first line, and no cause: the rest quotes the file, and the quoted line may hold a password.
    const reason = error.message.split("\n", 1)[0]!.replace(/^Invalid TOML document: /, "");
    throw new ConfigError(`${file}:${error.line}:${error.column}: invalid TOML: ${reason}`, { file });
  }
}

/** The tables inside a table; anything else there is reported by the document schema. */
function tablesIn(value: unknown): [string, Record<string, unknown>][] {
  if (!isTable(value)) return [];
  return Object.entries(value).filter((entry): entry is [string, Record<string, unknown>] =>
    isTable(entry[1]),
  );
}
