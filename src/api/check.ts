/**
 * `concord check`: the config is valid (loading it proved that), every storage answers, and
 * every local path exists.
 * @module
 */
import type { Config } from "../config/index.js";
import { classify, type ConcordError } from "../errors/index.js";
import { type MissingPath, missingPath } from "./missing-path.js";
import { openStorage } from "./open.js";

export interface StorageCheck {
  readonly storage: string;
  readonly type: string;
  /** How many collections it holds, when it answered. */
  readonly collections?: number;
  /** Its local path, when that does not exist: a warning, not an error. */
  readonly missing?: MissingPath;
  readonly error?: ConcordError;
}

export async function check(options: {
  config: Config;
  /** Receives a line per request the storages make (`-v`). */
  explain?: (line: string) => void;
}): Promise<StorageCheck[]> {
  return Promise.all(
    [...options.config.storages.values()].map(async (configured): Promise<StorageCheck> => {
      const { name, config } = configured;
      const missing = await missingPath(configured);
      try {
        const storage = await openStorage(options.config, name, { explain: options.explain });
        try {
          const collections = (await storage.discover()).length;
          return { storage: name, type: config.type, collections, missing };
        } finally {
          await storage.close?.();
        }
      } catch (thrown) {
        const error = classify(thrown, `checking storage ${name}`);
        error.caller = "concord.check";
        return { storage: name, type: config.type, missing, error };
      }
    }),
  );
}
