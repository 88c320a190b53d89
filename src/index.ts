/**
 * concord as a library: one function per command, taking an object and returning typed results.
 * @module
 */
export { check, type StorageCheck } from "./api/check.js";
export { daemon, type DaemonOptions, type SyncEvent, type SyncReason } from "./api/daemon.js";
export { discover, type DiscoveredMapping, type DiscoveredPair } from "./api/discover.js";
export { openConfig } from "./api/open.js";
export {
  resolve,
  type PendingConflict,
  type ResolveDecision,
  type ResolveOptions,
  type ResolveResult,
} from "./api/resolve.js";
export { status, type CollectionStatus, type DaemonStatus, type PairStatus } from "./api/status.js";
export { sync, type SyncOptions, type SyncResult } from "./api/sync.js";
export type { Config, PairConfig } from "./config/index.js";
export type { CollectionReport, PairReport } from "./engine/report.js";
export * from "./errors/index.js";
export type { Collection, Storage, StorageDefinition } from "./storages/storage.js";
export { version } from "./version.js";
