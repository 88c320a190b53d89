/**
 * `concord check`: the config is valid (loading it proved that) and every storage answers.
 * @module
 */
import type { Config } from "../config/index.js";
import { classify, type ConcordError } from "../errors/index.js";
import { openStorage } from "./open.js";

export interface StorageCheck {
  readonly storage: string;
  readonly type: string;
  /** How many collections it holds, when it answered. */
  readonly collections?: number;
  readonly error?: ConcordError;
}

export async function check(options: {
  config: Config;
  /** Receives a line per request the storages make (`-v`). */
  explain?: (line: string) => void;
}): Promise<StorageCheck[]> {
  return Promise.all(
    [...options.config.storages.values()].map(async ({ name, config }): Promise<StorageCheck> => {
      try {
        const storage = await openStorage(options.config, name, { explain: options.explain });
        try {
          return { storage: name, type: config.type, collections: (await storage.discover()).length };
        } finally {
          await storage.close?.();
        }
      } catch (thrown) {
        const error = classify(thrown, `checking storage ${name}`);
        error.caller = "concord.check";
        return { storage: name, type: config.type, error };
      }
    }),
  );
}
