/**
 * `concord relay`: setting up a relay, changing its places, and what waits on it. A manifest is
 * made from the tree of this place: the files storage the relay is paired with.
 * @module
 */
import type { Config } from "../config/index.js";
import { fetchInBatches } from "../engine/gather.js";
import { ConfigError, InvalidDataError } from "../errors/index.js";
import { fileModel } from "../models/file.js";
import {
  addPlace,
  initRelay,
  type RelayOverview,
  relayOverview,
  removePlace,
} from "../storages/relay/admin.js";
import type { RelayConfig } from "../storages/relay/config.js";
import type { ManifestItem } from "../storages/relay/records.js";
import { openStorage } from "./open.js";

export type { RelayOverview } from "../storages/relay/admin.js";

interface RelayOptions {
  readonly config: Config;
  /** The relay storage's name. */
  readonly storage: string;
}

export async function relayInit(
  options: RelayOptions & { readonly places: readonly string[] },
): Promise<number> {
  const config = relayConfig(options);
  const tree = await readTree(options);
  await initRelay(options.storage, config, options.places, tree);
  return tree.length;
}

export async function relayAddPlace(options: RelayOptions & { readonly place: string }): Promise<void> {
  const config = relayConfig(options);
  await addPlace(options.storage, config, options.place, await readTree(options));
}

export async function relayRemovePlace(options: RelayOptions & { readonly place: string }): Promise<void> {
  await removePlace(options.storage, relayConfig(options), options.place);
}

export async function relayStatus(options: RelayOptions): Promise<RelayOverview> {
  return relayOverview(options.storage, relayConfig(options));
}

function relayConfig({ config, storage }: RelayOptions): RelayConfig {
  const configured = config.storages.get(storage);
  if (configured?.config.type !== "relay") {
    throw new ConfigError(`${config.file}: no relay storage named ${storage}`, { file: config.file });
  }
  return configured.config as RelayConfig;
}

/** Every item of the files storage paired with the relay, with its hash. */
async function readTree({ config, storage }: RelayOptions): Promise<ManifestItem[]> {
  const pair = [...config.pairs.values()].find(
    (candidate) => candidate.a === storage || candidate.b === storage,
  );
  const treeName = pair && (pair.a === storage ? pair.b : pair.a);
  if (treeName === undefined || config.storages.get(treeName)?.config.type !== "files") {
    throw new ConfigError(`${config.file}: no pair of storage ${storage} with a files storage`, {
      file: config.file,
    });
  }
  const tree = await openStorage(config, treeName);
  try {
    const [info] = await tree.discover();
    if (info === undefined)
      throw new ConfigError(`storage ${treeName}: its folder does not exist`, { file: config.file });
    const collection = tree.open(info);
    const listing = await collection.list();
    if (listing.kind !== "full")
      throw new InvalidDataError(`storage ${treeName}: not listed whole`, { what: treeName });
    const attributes = new Map(listing.items.map((item) => [item.href, item.attributes]));
    const items: ManifestItem[] = [];
    await fetchInBatches(
      collection,
      listing.items.map((item) => item.href),
      tree.capabilities,
      async (fetched) => {
        if ("error" in fetched) throw fetched.error;
        const held = fetched.attributes ?? attributes.get(fetched.href);
        const { hash } = await fileModel.describe(fetched.body, fetched.href, held);
        items.push({ path: fetched.href, hash, ...(held ? { attributes: { ...held } } : {}) });
      },
    );
    return items.sort((x, y) => (x.path < y.path ? -1 : 1));
  } finally {
    await tree.close?.();
  }
}
