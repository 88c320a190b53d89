/**
 * `concord discover`: the collections on both sides of each pair and how they map.
 * @module
 */
import type { Config } from "../config/index.js";
import { classify, type ConcordError } from "../errors/index.js";
import { resolveMappings } from "../engine/mapping.js";
import { discoverBoth } from "../engine/sync-pair.js";
import type { Side } from "../engine/types.js";
import type { CollectionInfo, Properties, Storage } from "../contract/index.js";
import { openPairStorages, selectPairs } from "./open.js";

export interface DiscoveredCollection extends CollectionInfo {
  readonly properties: Properties;
}

export interface DiscoveredMapping {
  readonly name: string;
  /** Undefined where the collection does not exist yet and a sync would create it. */
  readonly a: DiscoveredCollection | undefined;
  readonly b: DiscoveredCollection | undefined;
}

export interface DiscoveredPair {
  readonly pair: string;
  readonly storages: Readonly<Record<Side, string>>;
  readonly mappings: readonly DiscoveredMapping[];
  readonly error?: ConcordError;
}

export async function discover(options: {
  config: Config;
  targets?: readonly string[];
  /** Receives a line per request the storages make (`-v`). */
  explain?: (line: string) => void;
}): Promise<DiscoveredPair[]> {
  const results: DiscoveredPair[] = [];
  for (const pair of selectPairs(options.config, options.targets).keys()) {
    const storageNames = { a: pair.a, b: pair.b };
    try {
      const storages = await openPairStorages(options.config, pair, { explain: options.explain });
      try {
        const found = await discoverBoth(storages);
        const withProperties = async (side: Side, info: CollectionInfo | undefined) =>
          info && { ...info, properties: await propertiesOf(storages[side], info) };
        const mappings = await Promise.all(
          resolveMappings(pair.collections ?? { kind: "all" }, found).map(async (mapping) => ({
            name: mapping.name,
            a: await withProperties("a", mapping.a.found),
            b: await withProperties("b", mapping.b.found),
          })),
        );
        results.push({ pair: pair.name, storages: storageNames, mappings });
      } finally {
        await Promise.all([storages.a.close?.(), storages.b.close?.()]);
      }
    } catch (thrown) {
      const error = classify(thrown, `discovering pair ${pair.name}`);
      error.caller = "concord.discover";
      results.push({ pair: pair.name, storages: storageNames, mappings: [], error });
    }
  }
  return results;
}

async function propertiesOf(storage: Storage, info: CollectionInfo): Promise<Properties> {
  const collection = storage.open(info);
  return (await collection.getProperties?.()) ?? {};
}
