/**
 * The config file: finding it, loading and checking it, and resolving the secrets it names.
 * @module
 */
export type { SecretSource } from "./common.js";
export { chooseConfigFile, locateConfig, type LocateOptions, type LocatedConfig } from "./locate.js";
export { loadConfig, parseConfig, type Config } from "./load.js";
export type { BackupConfig } from "./backup-schema.js";
export type { CollectionsSpec, ConflictPolicy, PairConfig, SettlePolicy } from "./schema.js";
export { settlePolicy } from "./schema.js";
export { resolveSecret } from "./secrets.js";
export type { ConfiguredStorage, StorageConfig } from "./storage-table.js";
