/**
 * A relay opened with its key: typed reads and writes of its objects, sealed or plain as the relay
 * was made. `relay.json` itself stays readable without the key: it holds the key's parameters.
 * @module
 */
import type { z } from "zod";
import { type Attributes, readBody } from "../../contract/index.js";
import { ConfigError, InvalidDataError, UnavailableError } from "../../errors/index.js";
import { contentHash } from "../../models/file.js";
import type { RelayBackend, StoredObject } from "./backends/backend.js";
import { cutIntoParts, partCount, partName } from "./blob-parts.js";
import {
  blobFolder,
  blobKey,
  manifestKey,
  parsePlaceKey,
  parseSetKey,
  placeKey,
  relayKey,
  type SetId,
  setKey,
} from "./keys.js";
import {
  type ChangeSet,
  changeSetSchema,
  type Manifest,
  manifestSchema,
  parseRecord,
  type PlaceRecord,
  placeRecordSchema,
  recordBytes,
  type RelayFile,
  relayFileSchema,
} from "./records.js";
import { deriveSealing, plainSealing, type Sealing } from "./sealing.js";

/** What a key must open to: a wrong passphrase does not. */
export const checkText = "concord relay";

export interface ListedSet {
  readonly id: SetId;
  /** The index's size on the store. */
  readonly size: number;
}

export class RelayStore {
  private constructor(
    readonly backend: RelayBackend,
    readonly sealing: Sealing,
    readonly relay: RelayFile,
    /** The storage's name, for messages. */
    readonly storage: string,
  ) {}

  /** Opens the relay; UnavailableError when there is none yet, ConfigError for a wrong passphrase. */
  static async open(
    backend: RelayBackend,
    passphrase: string | undefined,
    storage: string,
  ): Promise<RelayStore> {
    const relay = await readRelayFile(backend, storage);
    if (relay === undefined) {
      throw new UnavailableError(
        `storage ${storage}: ${backend.where} holds no relay yet; set it up with \`concord relay init ${storage} --places …\``,
        { storage },
      );
    }
    return new RelayStore(
      backend,
      await sealingFor(relay, passphrase, storage, backend.where),
      relay,
      storage,
    );
  }

  /** Writes `relay.json`: at `relay init`, and when places are added or removed. */
  static async writeRelayFile(backend: RelayBackend, relay: RelayFile): Promise<void> {
    await backend.write(relayKey, recordBytes(relay));
    await backend.settle?.("");
  }

  private where = (key: string): string => `${this.backend.where}: ${key}`;

  async read<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const stored = await this.backend.read(key);
    if (stored === undefined) return undefined;
    return parseRecord(schema, this.sealing.open(stored, this.where(key)), this.where(key));
  }

  /** Writes a record, durably: what follows it (an acknowledgement, a status commit) counts on it. */
  async write(key: string, value: unknown): Promise<void> {
    await this.backend.write(key, this.sealing.seal(recordBytes(value)));
    await this.backend.settle?.(key.slice(0, key.lastIndexOf("/") + 1));
  }

  /** Makes a set's blobs durable, before its index makes them count. */
  settleBlobs(id: SetId): Promise<void> {
    return this.backend.settle?.(blobFolder(id)) ?? Promise.resolve();
  }

  /** Every change set on the relay now, by its index. */
  async sets(): Promise<ListedSet[]> {
    const found: ListedSet[] = [];
    for (const { key, size } of await this.backend.list("sets/")) {
      const id = parseSetKey(key);
      if (id) found.push({ id, size });
    }
    return found.sort((x, y) =>
      x.id.place === y.id.place ? x.id.seq - y.id.seq : x.id.place < y.id.place ? -1 : 1,
    );
  }

  async readSet(id: SetId): Promise<ChangeSet | undefined> {
    const set = await this.read(setKey(id), changeSetSchema);
    if (set && (set.place !== id.place || set.seq !== id.seq)) {
      throw new InvalidDataError(`${this.where(setKey(id))}: holds change set ${set.place}.${set.seq}`, {
        what: setKey(id),
      });
    }
    return set;
  }

  writeSet(set: ChangeSet): Promise<void> {
    return this.write(setKey(set), set);
  }

  readManifest(id: number): Promise<Manifest | undefined> {
    return this.read(manifestKey(id), manifestSchema);
  }

  /** Every place's record, by place. */
  async placeRecords(): Promise<Map<string, PlaceRecord>> {
    const records = new Map<string, PlaceRecord>();
    for (const { key } of await this.backend.list("places/")) {
      const place = parsePlaceKey(key);
      if (place === undefined) continue;
      const record = await this.read(key, placeRecordSchema);
      if (record) records.set(place, record);
    }
    return records;
  }

  writePlaceRecord(place: string, record: PlaceRecord): Promise<void> {
    return this.write(placeKey(place), record);
  }

  /** The blobs stored for a change set so far (a set still being written has some already). */
  async blobsOf(id: SetId): Promise<StoredObject[]> {
    return this.backend.list(blobFolder(id));
  }

  /**
   * Stores a content in parts (`blob-parts.ts`), skipping the parts `present` holds already (name
   * → size on the store): those a killed run uploaded. The same hash is the same content, so such
   * a part holds the same bytes, and one of another size than the part sealed now was cut off.
   */
  async writeBlob(
    id: SetId,
    hash: string,
    content: AsyncIterable<Uint8Array>,
    present: ReadonlyMap<string, number>,
  ): Promise<void> {
    const name = this.sealing.blobName(hash);
    let part = 0;
    for await (const bytes of cutIntoParts(content)) {
      const stored = partName(name, ++part);
      const sealed = await readBody({ open: () => this.sealing.sealStream(once(bytes)) });
      if (present.get(stored) !== sealed.byteLength) await this.backend.write(blobKey(id, stored), sealed);
    }
  }

  /**
   * A content of `size` bytes, part after part, checked against its hash as it goes: a blob
   * damaged on the store (a failing stick), cut short or put together from parts in another order
   * ends in an InvalidDataError before its last bytes, so nothing is written from it.
   */
  async *openBlob(id: SetId, hash: string, size: number, attributes?: Attributes): AsyncIterable<Uint8Array> {
    const name = this.sealing.blobName(hash);
    const check = contentHash(attributes);
    let read = 0;
    for (let part = 1; part <= partCount(size) && read <= size; part++) {
      const key = blobKey(id, partName(name, part));
      for await (const chunk of this.sealing.openStream(this.backend.open(key), this.where(key))) {
        check.update(chunk);
        read += chunk.byteLength;
        if (read > size) break;
        yield chunk;
      }
    }
    if (read !== size || check.digest("hex") !== hash) {
      const where = this.where(blobKey(id, name));
      throw new InvalidDataError(`${where}: does not hold the content its change set names (damaged?)`, {
        what: where,
      });
    }
  }
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

export async function readRelayFile(backend: RelayBackend, storage: string): Promise<RelayFile | undefined> {
  const bytes = await backend.read(relayKey);
  if (bytes === undefined) return undefined;
  try {
    return parseRecord(relayFileSchema, bytes, `${backend.where}: ${relayKey}`);
  } catch (error) {
    throw new UnavailableError(`storage ${storage}: ${(error as Error).message}`, { storage });
  }
}

async function sealingFor(
  relay: RelayFile,
  passphrase: string | undefined,
  storage: string,
  where: string,
): Promise<Sealing> {
  const key = `storage.${storage}.passphrase`;
  if (relay.encryption === undefined) {
    if (passphrase !== undefined) {
      throw new ConfigError(`${key}: the relay at ${where} is not encrypted; remove the passphrase`, { key });
    }
    return plainSealing;
  }
  if (passphrase === undefined) {
    throw new ConfigError(`${key}: the relay at ${where} is encrypted; the storage needs its passphrase`, {
      key,
    });
  }
  const sealing = await deriveSealing(passphrase, relay.encryption.kdf);
  let opened: string | undefined;
  try {
    opened = Buffer.from(sealing.open(Buffer.from(relay.encryption.check, "base64"), where)).toString("utf8");
  } catch {
    opened = undefined;
  }
  if (opened !== checkText) {
    throw new ConfigError(`${key}: wrong passphrase: the relay at ${where} was encrypted with another one`, {
      key,
    });
  }
  return sealing;
}
