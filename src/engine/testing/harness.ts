/**
 * Runs the engine on two in-memory storages with a real status database in a temporary folder,
 * for the engine's tests.
 * @module
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryStorage, type MemoryStorageOptions } from "../../storages/memory/index.js";
import {
  asCollectionId,
  type CollectionId,
  type Href,
  type ItemModel,
  readBody,
} from "../../contract/index.js";
import type { PlanPolicy } from "../plan.js";
import type { PairReport } from "../report.js";
import { StatusDb } from "../status.js";
import { type PairSyncOptions, syncPair } from "../sync-pair.js";
import type { Side } from "../types.js";

export const collectionId: CollectionId = asCollectionId("cal");

/** The engine needs an ident and a hash; here the UID line and the bytes. */
export const describe = (content: Uint8Array): { ident: string; hash: string } => {
  const text = new TextDecoder().decode(content);
  const hash = createHash("sha256").update(content).digest("hex");
  return { ident: /^UID:(.*)$/m.exec(text)?.[1]?.trim() ?? `hash:${hash}`, hash };
};

/** A calendar model as plain as `describe`, so the engine's tests see exactly what they wrote. */
export const testModel: ItemModel = {
  kind: "calendar",
  identity: "content",
  describe: async (body) => describe(await readBody(body)),
  extensionFor: () => ".ics",
};

export const event = (uid: string, summary: string): Uint8Array =>
  new TextEncoder().encode(
    `BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:${uid}\r\nSUMMARY:${summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`,
  );

export const defaultPolicy: PlanPolicy = {
  conflict: { kind: "leave" },
  onDelete: "sync",
  onEmpty: "sync",
  readOnly: { a: false, b: false },
};

export class Harness {
  readonly dir = mkdtempSync(join(tmpdir(), "concord-engine-"));
  readonly storages: Record<Side, MemoryStorage>;
  status: StatusDb;

  constructor(options: Partial<Record<Side, MemoryStorageOptions>> = {}) {
    this.storages = {
      a: new MemoryStorage("a", { model: testModel, ...options.a }),
      b: new MemoryStorage("b", { model: testModel, ...options.b }),
    };
    for (const storage of Object.values(this.storages)) {
      storage.collections.set(collectionId, { items: new Map(), properties: {} });
    }
    this.status = StatusDb.open(join(this.dir, "pair.sqlite"));
  }

  items(side: Side): Map<Href, Uint8Array> {
    const collection = this.storages[side].collections.get(collectionId);
    return new Map([...(collection?.items ?? [])].map(([href, item]) => [href, item.content]));
  }

  /** Summaries by UID, for comparing sides. */
  summaries(side: Side): Map<string, string> {
    const result = new Map<string, string>();
    for (const content of this.items(side).values()) {
      const text = new TextDecoder().decode(content);
      result.set(/^UID:(.*)$/m.exec(text)?.[1] ?? "?", /^SUMMARY:(.*)$/m.exec(text)?.[1] ?? "?");
    }
    return result;
  }

  /** Writes an event as a user would: edits in place if the UID exists, else adds it. */
  put(side: Side, uid: string, summary: string): void {
    this.write(side, uid, event(uid, summary));
  }

  /** Writes an item of that UID, in place of the one there is or as a new one. */
  write(side: Side, uid: string, content: Uint8Array): void {
    const collection = this.storages[side].collections.get(collectionId);
    if (!collection) throw new Error("no collection");
    const existing = [...collection.items].find(([, item]) => describe(item.content).ident === uid);
    const href = existing?.[0] ?? (`${uid}.ics` as Href);
    collection.items.set(href, { version: this.storages[side].mintVersion(), content });
  }

  /** The content of the item with that UID on one side, as text. */
  text(side: Side, uid: string): string | undefined {
    const content = [...this.items(side).values()].find((item) => describe(item).ident === uid);
    return content === undefined ? undefined : new TextDecoder().decode(content);
  }

  remove(side: Side, uid: string): void {
    const collection = this.storages[side].collections.get(collectionId);
    for (const [href, item] of collection?.items ?? []) {
      if (describe(item.content).ident === uid) collection?.items.delete(href);
    }
  }

  sync(policy: Partial<PlanPolicy> = {}, extra: Partial<PairSyncOptions> = {}): Promise<PairReport> {
    return syncPair({
      pair: "test",
      storages: this.storages,
      collections: { kind: "all" },
      status: this.status,
      policy: { ...defaultPolicy, ...policy },
      metadata: [],
      ...extra,
    });
  }

  dispose(): void {
    this.status.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
