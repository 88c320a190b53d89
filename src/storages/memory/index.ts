/**
 * The in-memory reference storage. It has no config `type`: it exists for the engine's tests and
 * for library users who want to sync into memory.
 * @module
 */
export { type MemoryData, MemoryStorage, type MemoryStorageOptions } from "./memory.js";
