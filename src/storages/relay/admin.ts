/**
 * Setting a relay up and changing its places: `concord relay init`, `add-place`, `remove-place`,
 * `status`. The tree a manifest describes is read by the caller (the place's files storage).
 * @module
 */
import { ConfigError, InvalidDataError } from "../../errors/index.js";
import { resolveSecret } from "../../config/index.js";
import type { RelayBackend } from "./backends/backend.js";
import { backendFor } from "./backends/backend-for.js";
import type { RelayConfig } from "./config.js";
import { collectGarbage, hasTakenIn } from "./gc.js";
import { blobFolder, manifestKey, placeKey, placePattern, setName } from "./keys.js";
import type { ManifestItem, RelayFile } from "./records.js";
import { checkText, readRelayFile, RelayStore } from "./relay-store.js";
import { deriveSealing, newKeyParameters } from "./sealing.js";
import { openStore } from "./relay-storage.js";

/** Sets a relay up for `places` from this place's tree; refuses a folder that holds one already. */
export async function initRelay(
  storage: string,
  config: RelayConfig,
  places: readonly string[],
  tree: readonly ManifestItem[],
): Promise<void> {
  const bad = places.find((place) => !placePattern.test(place));
  if (bad !== undefined)
    throw new ConfigError(`--places: ${JSON.stringify(bad)}: letters, digits, _ and - only`, {});
  if (!places.includes(config.place)) {
    throw new ConfigError(
      `--places: this place, ${config.place} (storage.${storage}.place), must be one of them`,
      {},
    );
  }
  await withBackend(storage, config, async (backend) => {
    if ((await readRelayFile(backend, storage)) !== undefined) {
      throw new ConfigError(`storage ${storage}: ${backend.where} holds a relay already`, {});
    }
    let encryption: RelayFile["encryption"];
    let sealing;
    if (config.passphrase !== undefined) {
      const kdf = newKeyParameters();
      sealing = await deriveSealing(
        await resolveSecret(config.passphrase, `storage.${storage}.passphrase`),
        kdf,
      );
      encryption = { kdf, check: Buffer.from(sealing.seal(Buffer.from(checkText))).toString("base64") };
    }
    const relay: RelayFile = {
      format: 1,
      places: Object.fromEntries(places.map((place) => [place, { manifest: 0, from: {} }])),
      ...(encryption ? { encryption } : {}),
    };
    const manifest = Buffer.from(JSON.stringify({ items: tree }));
    await backend.write(manifestKey(0), sealing ? sealing.seal(manifest) : manifest);
    await backend.settle?.("manifests/");
    // Last: until relay.json is there, no place takes the folder for a relay.
    await RelayStore.writeRelayFile(backend, relay);
  });
}

/**
 * Adds a place that joins from a copy of this place's tree, as it stands at this place's last
 * acknowledged position: it takes in every change set after that.
 */
export async function addPlace(
  storage: string,
  config: RelayConfig,
  place: string,
  tree: readonly ManifestItem[],
): Promise<void> {
  if (!placePattern.test(place))
    throw new ConfigError(`${JSON.stringify(place)}: letters, digits, _ and - only`, {});
  await withBackend(storage, config, async (backend) => {
    const store = await openStore(storage, config, backend);
    if (place in store.relay.places)
      throw new ConfigError(`storage ${storage}: ${place} is one of its places already`, {});
    const own = (await store.placeRecords()).get(config.place);
    if (own === undefined) {
      throw new ConfigError(
        `storage ${storage}: synchronise ${config.place} first; a new place joins from its tree`,
        {},
      );
    }
    const used = Object.values(store.relay.places).map(({ manifest }) => manifest);
    const manifest = Math.max(0, ...used, ...(await manifestIds(store.backend))) + 1;
    await store.write(manifestKey(manifest), { items: tree });
    await RelayStore.writeRelayFile(store.backend, {
      ...store.relay,
      places: { ...store.relay.places, [place]: { manifest, from: own.acked } },
    });
  });
}

/** Removes a place: what only it was waiting for is forgotten. */
export async function removePlace(storage: string, config: RelayConfig, place: string): Promise<void> {
  await withBackend(storage, config, async (backend) => {
    const store = await openStore(storage, config, backend);
    if (!(place in store.relay.places))
      throw new ConfigError(`storage ${storage}: ${place} is not one of its places`, {});
    if (place === config.place)
      throw new ConfigError(`storage ${storage}: ${place} is this place; remove it elsewhere`, {});
    const places = Object.fromEntries(Object.entries(store.relay.places).filter(([name]) => name !== place));
    await RelayStore.writeRelayFile(store.backend, { ...store.relay, places });
    await store.backend.remove(placeKey(place));
    await collectGarbage(await openStore(storage, config, backend));
  });
}

export interface RelayOverview {
  readonly where: string;
  readonly encrypted: boolean;
  readonly places: readonly { readonly place: string; readonly syncedAt?: Date; readonly waiting: number }[];
  readonly sets: readonly {
    readonly name: string;
    readonly publishedAt: Date;
    readonly changes: number;
    readonly bytes: number;
    readonly waitingFor: readonly string[];
  }[];
  /** Everything on the relay, in bytes as stored. */
  readonly bytes: number;
}

export async function relayOverview(storage: string, config: RelayConfig): Promise<RelayOverview> {
  return withBackend(storage, config, async (backend) => {
    const store = await openStore(storage, config, backend);
    const records = await store.placeRecords();
    const places = Object.keys(store.relay.places);
    const stored = await store.backend.list("");
    const bytesUnder = (prefix: string) =>
      stored.filter(({ key }) => key.startsWith(prefix)).reduce((sum, { size }) => sum + size, 0);
    const sets: RelayOverview["sets"][number][] = [];
    for (const { id, size } of await store.sets()) {
      const set = await store.readSet(id);
      if (!set) continue;
      sets.push({
        name: setName(set),
        publishedAt: new Date(set.time),
        changes: set.changes.length,
        bytes: size + bytesUnder(blobFolder(set)),
        waitingFor: places.filter((place) => !hasTakenIn(place, set, records)),
      });
    }
    return {
      where: store.backend.where,
      encrypted: store.sealing.encrypted,
      places: places.map((place) => {
        const syncedAt = records.get(place)?.syncedAt;
        return {
          place,
          ...(syncedAt === undefined ? {} : { syncedAt: new Date(syncedAt) }),
          waiting: sets.filter((set) => set.waitingFor.includes(place)).length,
        };
      }),
      sets,
      bytes: stored.reduce((sum, { size }) => sum + size, 0),
    };
  });
}

/** Runs `use` with the relay's backend, closed afterwards (a share's HTTP connections). */
async function withBackend<T>(
  storage: string,
  config: RelayConfig,
  use: (backend: RelayBackend) => Promise<T>,
): Promise<T> {
  const backend = backendFor(storage, config);
  try {
    return await use(backend);
  } finally {
    await backend.close?.();
  }
}

async function manifestIds(backend: RelayBackend): Promise<number[]> {
  return (await backend.list("manifests/")).map(({ key }) => {
    const id = Number(key.slice("manifests/".length));
    if (!Number.isInteger(id)) throw new InvalidDataError(`${backend.where}: ${key}`, { what: key });
    return id;
  });
}
