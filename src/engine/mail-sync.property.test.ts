/**
 * Mail, paired through the status: random histories of two mailboxes (messages arriving on either
 * side, deleted, their flags changed, a side renumbered as by a new UIDVALIDITY, syncs killed after
 * any write) against what a user expects: after a clean sync both sides hold the same messages
 * with the same flags, none twice, none lost, and none that the user deleted.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import type { Href } from "../contract/index.js";
import { flagAttributes, flagsOf, messageModel } from "../models/message.js";
import type { MemoryCollection } from "../storages/memory/memory.js";
import type { StatusDb } from "./status.js";
import { collectionId, Harness } from "./testing/harness.js";
import type { Side } from "./types.js";

class Killed extends Error {}

type Op =
  | { readonly kind: "arrive"; readonly side: Side }
  | { readonly kind: "delete"; readonly side: Side; readonly pick: number }
  | { readonly kind: "flag"; readonly side: Side; readonly pick: number; readonly flags: readonly string[] }
  | { readonly kind: "renumber"; readonly side: Side }
  | { readonly kind: "sync"; readonly killAfter: number | undefined };

const side = fc.constantFrom<Side>("a", "b");
const flags = fc.subarray(["\\Seen", "\\Flagged", "\\Answered", "$Label1"]);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("arrive" as const), side }),
  fc.record({ kind: fc.constant("delete" as const), side, pick: fc.nat() }),
  fc.record({ kind: fc.constant("flag" as const), side, pick: fc.nat(), flags }),
  fc.record({ kind: fc.constant("renumber" as const), side }),
  fc.record({ kind: fc.constant("sync" as const), killAfter: fc.option(fc.nat(6), { nil: undefined }) }),
);

const message = (id: number): Uint8Array =>
  new TextEncoder().encode(`Message-ID: <${id}@example.org>\r\nSubject: message ${id}\r\n\r\nBody ${id}\r\n`);
const idOf = (content: Uint8Array): number =>
  Number(/Message-ID: <(\d+)@/.exec(new TextDecoder().decode(content))?.[1]);

/** Wraps the status so that after the kill nothing more reaches the database. */
function killable(status: StatusDb, isKilled: () => boolean): StatusDb {
  return new Proxy(status, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (isKilled()) throw new Killed("killed");
        return value.apply(target, args);
      };
    },
  });
}

let harness: Harness | undefined;

const kindsOf = (report: Awaited<ReturnType<Harness["sync"]>>): string[] =>
  report.collections.flatMap((collection) => collection.applied.map((action) => action.kind));
afterEach(() => harness?.dispose());

async function play(ops: readonly Op[]): Promise<void> {
  const kill = { armed: false, after: 0, writes: 0, killed: false };
  // The run dies right after its write number `after`: that write is done, nothing after it is,
  // the status included.
  const beforeWrite = (): void => {
    if (!kill.armed) return;
    if (kill.killed) throw new Killed("killed");
    if (kill.writes++ === kill.after) kill.killed = true;
  };
  harness?.dispose();
  const h = new Harness({ a: { model: messageModel, beforeWrite }, b: { model: messageModel, beforeWrite } });
  harness = h;
  const box = (of: Side): MemoryCollection =>
    h.storages[of].collections.get(collectionId) as MemoryCollection;
  let nextId = 1;
  let epoch = 0;
  /** Messages the user deleted where the status knew them: they must never come back. */
  const deleted = new Set<number>();
  /** Messages the user deleted somewhere, known or not: they may be gone. */
  const touchedByDelete = new Set<number>();
  const arrived = new Set<number>();
  /** The side each message arrived on. */
  const origin = new Map<number, Side>();
  const rows = () => {
    const key = h.status.collections()[0]?.key;
    return key === undefined ? [] : [...h.status.items(key).values()];
  };

  const sync = async (killAfter: number | undefined): Promise<void> => {
    kill.armed = killAfter !== undefined;
    kill.after = killAfter ?? 0;
    kill.writes = 0;
    kill.killed = false;
    const status = killable(h.status, () => kill.killed);
    await h.sync({}, { status }).catch((error: unknown) => {
      if (!kill.killed) throw error;
    });
    kill.armed = false;
  };

  for (const step of ops) {
    const items = box(step.kind === "sync" ? "a" : step.side).items;
    const hrefs = [...items.keys()];
    switch (step.kind) {
      case "arrive": {
        const id = nextId++;
        arrived.add(id);
        origin.set(id, step.side);
        items.set(`new-${id}` as Href, {
          version: h.storages[step.side].mintVersion(),
          content: message(id),
          attributes: {},
        });
        break;
      }
      case "delete": {
        const href = hrefs[step.pick % Math.max(1, hrefs.length)];
        if (href === undefined) break;
        const id = idOf(items.get(href)?.content as Uint8Array);
        touchedByDelete.add(id);
        // A copy whose row a killed run did not write is not known as a copy: it may come back.
        // The message where it arrived, or anything the status knows, must not.
        if (origin.get(id) === step.side || rows().some((row) => row[step.side]?.href === href))
          deleted.add(id);
        items.delete(href);
        break;
      }
      case "flag": {
        const href = hrefs[step.pick % Math.max(1, hrefs.length)];
        const item = href === undefined ? undefined : items.get(href);
        if (href === undefined || item === undefined) break;
        items.set(href, {
          ...item,
          version: h.storages[step.side].mintVersion(),
          attributes: flagAttributes(step.flags),
        });
        break;
      }
      case "renumber": {
        // A new UIDVALIDITY: every message is there under a name it never had.
        epoch++;
        const renamed = [...items].map(([href, item]) => [`${epoch}.${href}` as Href, item] as const);
        items.clear();
        for (const [href, item] of renamed)
          items.set(href, { ...item, version: h.storages[step.side].mintVersion() });
        break;
      }
      case "sync":
        await sync(step.killAfter);
        break;
    }
  }
  await sync(undefined);
  await sync(undefined);

  const held = (of: Side): Map<number, string[]> => {
    const byId = new Map<number, string[]>();
    for (const item of box(of).items.values()) {
      const id = idOf(item.content);
      expect(byId.has(id), `message ${id} twice in ${of}`).toBe(false);
      byId.set(id, flagsOf(item.attributes));
    }
    return byId;
  };
  const a = held("a");
  const b = held("b");
  expect(b).toEqual(a);
  for (const id of deleted) expect(a.has(id), `message ${id} deleted, yet back`).toBe(false);
  for (const id of arrived) if (!touchedByDelete.has(id)) expect(a.has(id), `message ${id} lost`).toBe(true);
  // Stable: another sync changes nothing.
  const report = await h.sync();
  expect(report.collections.flatMap((collection) => collection.applied)).toEqual([]);
}

describe("mail paired through the status", () => {
  it("converges with no duplicate, no lost message and no resurrected deletion", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 24 }), async (ops) => play(ops)),
      { numRuns: 150 },
    );
  }, 120_000);

  it("pairs the same messages found on both sides at the first sync instead of copying them", async () => {
    harness = new Harness({ a: { model: messageModel }, b: { model: messageModel } });
    const h = harness;
    for (const of of ["a", "b"] as const) {
      const items = (h.storages[of].collections.get(collectionId) as MemoryCollection).items;
      for (const id of [1, 2, 3])
        items.set(`${of}-${id}` as Href, { version: h.storages[of].mintVersion(), content: message(id) });
    }
    const report = await h.sync();
    const kinds = report.collections.flatMap((collection) => collection.applied.map((action) => action.kind));
    expect(kinds).toEqual(["record", "record", "record"]);
    expect(h.status.items(h.status.collections()[0]?.key ?? -1).size).toBe(3);
  });

  it("re-pairs a renumbered folder (a new UIDVALIDITY) by content: nothing copied, nothing deleted", async () => {
    harness = new Harness({ a: { model: messageModel }, b: { model: messageModel } });
    const h = harness;
    const a = (h.storages.a.collections.get(collectionId) as MemoryCollection).items;
    for (const id of [1, 2, 3])
      a.set(`${id}` as Href, { version: h.storages.a.mintVersion(), content: message(id) });
    await h.sync();
    const renumbered = [...a].map(([href, item]) => [`7.${href}` as Href, item] as const);
    a.clear();
    for (const [href, item] of renumbered) a.set(href, { ...item, version: h.storages.a.mintVersion() });
    const report = await h.sync();
    const kinds = report.collections.flatMap((collection) => collection.applied.map((action) => action.kind));
    expect(kinds).toEqual(["record", "record", "record"]);
    const key = h.status.collections()[0]?.key ?? -1;
    expect([...h.status.versions(key, "a").keys()].sort()).toEqual(["7.1", "7.2", "7.3"]);
  });

  it("max_age leaves old messages alone, and still pairs them where a folder was renumbered", async () => {
    harness = new Harness({ a: { model: messageModel }, b: { model: messageModel } });
    const h = harness;
    const a = (h.storages.a.collections.get(collectionId) as MemoryCollection).items;
    const b = (h.storages.b.collections.get(collectionId) as MemoryCollection).items;
    const yearAgo = Date.now() - 365 * 24 * 3600 * 1000;
    a.set("1" as Href, { version: h.storages.a.mintVersion(), content: message(1), received: yearAgo });
    a.set("2" as Href, { version: h.storages.a.mintVersion(), content: message(2), received: Date.now() });
    const maxAgeMs = 30 * 24 * 3600 * 1000;
    await h.sync({ maxAgeMs });
    expect([...b.values()].map((item) => idOf(item.content))).toEqual([2]);
    expect(kindsOf(await h.sync({ maxAgeMs }))).toEqual([]);

    // Synchronised before max_age was set, then renumbered: the old message is read to be paired
    // again, not deleted on the other side for want of being read.
    await h.sync();
    expect([...b.values()].map((item) => idOf(item.content)).sort()).toEqual([1, 2]);
    const renumbered = [...a].map(([href, item]) => [`9.${href}` as Href, item] as const);
    a.clear();
    for (const [href, item] of renumbered) a.set(href, { ...item, version: h.storages.a.mintVersion() });
    expect(kindsOf(await h.sync({ maxAgeMs }))).toEqual(["record", "record"]);
    expect([...b.values()].map((item) => idOf(item.content)).sort()).toEqual([1, 2]);

    // An old message never synchronised, read again after a renumbering, that b got a copy of
    // meanwhile: both are left alone, neither copied across.
    a.set("9.3" as Href, { version: h.storages.a.mintVersion(), content: message(3), received: yearAgo });
    await h.sync({ maxAgeMs });
    b.set("copied" as Href, {
      version: h.storages.b.mintVersion(),
      content: message(3),
      received: Date.now(),
    });
    const again = [...a].map(([href, item]) => [`10.${href}` as Href, item] as const);
    a.clear();
    for (const [href, item] of again) a.set(href, { ...item, version: h.storages.a.mintVersion() });
    await h.sync({ maxAgeMs });
    expect([...a.values()].map((item) => idOf(item.content)).sort()).toEqual([1, 2, 3]);
    expect([...b.values()].map((item) => idOf(item.content)).sort()).toEqual([1, 2, 3]);
  });

  it("carries a flag change without reading the message again", async () => {
    harness = new Harness({ a: { model: messageModel }, b: { model: messageModel } });
    const h = harness;
    const a = (h.storages.a.collections.get(collectionId) as MemoryCollection).items;
    a.set("1" as Href, { version: h.storages.a.mintVersion(), content: message(1), attributes: {} });
    await h.sync();
    a.set("1" as Href, {
      ...a.get("1" as Href)!,
      version: h.storages.a.mintVersion(),
      attributes: flagAttributes(["\\Seen"]),
    });
    const report = await h.sync();
    const [collection] = report.collections;
    expect(collection?.fetched).toEqual({ a: 0, b: 0 });
    expect(collection?.applied.map((action) => action.kind)).toEqual(["setAttributes"]);
    const b = (h.storages.b.collections.get(collectionId) as MemoryCollection).items;
    expect([...b.values()].map((item) => flagsOf(item.attributes))).toEqual([["\\Seen"]]);
  });
});
