/**
 * concord as a library: one function per command, taking an object and returning typed results.
 * @module
 */
export { check, type StorageCheck } from "./api/check.js";
export type { MissingPath } from "./api/missing-path.js";
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
export { sync, type PairSyncReport, type SyncOptions, type SyncResult } from "./api/sync.js";
export type { Config, PairConfig } from "./config/index.js";
export type { ActionFailure, Applied, Resolution } from "./engine/execute.js";
export type { ItemLabel } from "./engine/item-label.js";
export type { CollectionReport, PairReport, Refusal } from "./engine/report.js";
export type { Action, CollectionAction, SyncAction } from "./engine/types.js";
export * from "./errors/index.js";
export type { Collection, Storage, StorageDefinition } from "./contract/index.js";
export { version } from "./version.js";
