/**
 * The change set a run gathers from its writes to the relay, published at `flush`: the contents
 * first, each under its hash in the set's blob folder, then the index, whose appearance makes the
 * set visible whole. A run killed before the index leaves only blobs nobody reads; the next run
 * gives its set the same number, and finds those blobs, or their first parts, there instead of
 * uploading them again.
 * @module
 */
import type { Attributes, Body } from "../../contract/index.js";
import { asHref } from "../../contract/index.js";
import { PreconditionFailedError } from "../../errors/index.js";
import { contentHash, fileModel } from "../../models/file.js";
import type { SetId } from "./keys.js";
import type { Change, ChangeSet, Position } from "./records.js";
import type { RelayStore } from "./relay-store.js";

export class PendingSet {
  private readonly byPath = new Map<string, Change>();
  private readonly blobs = new Map<string, number>();
  /** Blob names already in the set's folder (from a run killed before publishing it). */
  private present: Promise<Map<string, number>> | undefined;

  constructor(
    private readonly relay: RelayStore,
    private id: SetId,
  ) {}

  /** The number of this place's last published set (0 for none). */
  lastPublished = (): number => this.id.seq - 1;

  /** Stores the body's content (unless the set holds it already) and returns its hash. */
  async store(body: Body, href: string, attributes: Attributes | undefined): Promise<string> {
    const { hash } = await fileModel.describe(body, asHref(href), attributes);
    if (this.blobs.has(hash)) return hash;
    const present = await (this.present ??= this.relay
      .blobsOf(this.id)
      .then(
        (objects) => new Map(objects.map(({ key, size }) => [key.slice(key.lastIndexOf("/") + 1), size])),
      ));
    // The content is hashed again as it goes: a file changed since it was hashed is not sent
    // under a hash it no longer has. It is read whole even when a killed run uploaded all of it:
    // which parts it has follows from its size.
    const check = contentHash(attributes);
    let size = 0;
    async function* checked(): AsyncIterable<Uint8Array> {
      for await (const chunk of body.open()) {
        check.update(chunk);
        size += chunk.byteLength;
        yield chunk;
      }
    }
    await this.relay.writeBlob(this.id, hash, checked(), present);
    if (check.digest("hex") !== hash)
      throw new PreconditionFailedError(`${href} changed while it was sent`, { what: href });
    this.blobs.set(hash, size);
    return hash;
  }

  /** The set this one will be published as. */
  get setId(): SetId {
    return this.id;
  }

  /** The changes gathered so far, by path. */
  changes(): Iterable<Change> {
    return this.byPath.values();
  }

  /** The size of a content stored for this set, or undefined when it holds none of that hash. */
  sizeOf(hash: string): number | undefined {
    return this.blobs.get(hash);
  }

  /**
   * Adds a change; a second change to the same path replaces the first, keeping its base, and a
   * path made and removed again in one run is no change at all.
   */
  add(change: Change): void {
    const earlier = this.byPath.get(change.path);
    this.byPath.delete(change.path);
    const combined = earlier ? { ...change, base: earlier.base } : change;
    if (combined.base !== null || combined.hash !== null) this.byPath.set(change.path, combined);
  }

  /** Publishes the set, if it holds anything, as made at `seen`; returns it. */
  async publish(seen: Position): Promise<ChangeSet | undefined> {
    if (this.byPath.size === 0) return undefined;
    const changes = [...this.byPath.values()];
    const used = new Set(changes.map((change) => change.hash));
    const blobs = Object.fromEntries([...this.blobs].filter(([hash]) => used.has(hash)));
    const set = { ...this.id, time: Date.now(), seen, changes, blobs };
    try {
      await this.relay.settleBlobs(this.id);
      await this.relay.writeSet(set);
      this.id = { ...this.id, seq: this.id.seq + 1 };
      this.present = undefined;
      return set;
    } finally {
      this.byPath.clear();
      this.blobs.clear();
    }
  }
}
