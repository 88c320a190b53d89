/**
 * The relay storage: one collection, the tree as the journal of change sets makes it for this
 * place. The relay itself is opened (and its key derived) once, when first needed.
 * @module
 */
import {
  asCollectionId,
  type CollectionInfo,
  type Presence,
  type Storage,
  type StorageContext,
} from "../../contract/index.js";
import { resolveSecret } from "../../config/index.js";
import { ConfigError, InvalidDataError, UnavailableError } from "../../errors/index.js";
import { fileModel } from "../../models/file.js";
import type { RelayBackend } from "./backends/backend.js";
import { backendFor } from "./backends/backend-for.js";
import type { RelayConfig } from "./config.js";
import { openRelayCollection } from "./relay-collection.js";
import { readRelayFile, RelayStore } from "./relay-store.js";

/** The one collection, named as a files storage's tree is, so the pair maps them by themselves. */
export const relayCollectionId = asCollectionId("root");

export function createRelayStorage(name: string, config: RelayConfig, context?: StorageContext): Storage {
  const backend = backendFor(name, config, context);
  let opening: Promise<RelayStore> | undefined;
  const store = (): Promise<RelayStore> => (opening ??= openStore(name, config, backend));

  return {
    name,
    model: fileModel,
    // One change set per run: a run killed before its end publishes nothing, and the next one
    // publishes the same changes with the contents already uploaded.
    capabilities: {
      readOnly: config.read_only,
      writeConcurrency: 4,
      fetchBatchSize: 16,
      writesPerFlush: Infinity,
      journal: true,
    },

    async probe(): Promise<Presence> {
      let relay;
      try {
        relay = await readRelayFile(backend, name);
      } catch (error) {
        if (error instanceof UnavailableError) return { kind: "absent", why: error.message };
        throw error;
      }
      return relay
        ? { kind: "present" }
        : {
            kind: "absent",
            why: `no relay at ${backend.where} (not plugged in, or not set up by \`concord relay init\`)`,
          };
    },

    async discover(): Promise<CollectionInfo[]> {
      return (await readRelayFile(backend, name)) ? [{ id: relayCollectionId, href: backend.where }] : [];
    },

    open(info: CollectionInfo) {
      if (info.id !== relayCollectionId) {
        throw new InvalidDataError(
          `storage ${name} holds one collection, "root", not ${JSON.stringify(info.id)}`,
          {
            what: info.id,
          },
        );
      }
      return openRelayCollection({
        info,
        store,
        place: config.place,
        storage: name,
        readOnly: config.read_only,
      });
    },

    close: async () => backend.close?.(),
  } satisfies Storage;
}

/**
 * The relay opened with this place's passphrase; refuses a place the relay does not know.
 * @param backend the storage's own, or the relay command's, so that one connection pool serves it all
 */
export async function openStore(
  name: string,
  config: RelayConfig,
  backend: RelayBackend,
): Promise<RelayStore> {
  const passphrase =
    config.passphrase === undefined
      ? undefined
      : await resolveSecret(config.passphrase, `storage.${name}.passphrase`);
  const store = await RelayStore.open(backend, passphrase, name);
  if (!(config.place in store.relay.places)) {
    const known = Object.keys(store.relay.places).join(", ");
    const key = `storage.${name}.place`;
    throw new ConfigError(
      `${key}: ${JSON.stringify(config.place)} is not one of the relay's places (${known}); add it with \`concord relay add-place ${name} ${config.place}\` at a place that has synchronised`,
      { key },
    );
  }
  return store;
}
