/** The pair policies, one scenario each, on in-memory storages. */
import { afterEach, describe, expect, it } from "vitest";
import { asCollectionId, asHref, type Collection, type Href, type Listing } from "../contract/index.js";
import { collectionId, describe as describeItem, event, Harness } from "./testing/harness.js";

let h: Harness;
afterEach(() => h.dispose());

/** The collection with some methods replaced, as a misbehaving or smarter storage would answer. */
const override = (inner: Collection, methods: Partial<Collection>): Collection =>
  Object.assign(Object.create(inner) as Collection, methods);

const kinds = (report: Awaited<ReturnType<Harness["sync"]>>) =>
  report.collections.flatMap((c) => c.applied.map((action) => action.kind)).sort();

describe("two-way sync", () => {
  it("copies new items both ways, then does nothing", async () => {
    h = new Harness();
    h.put("a", "one", "1");
    h.put("b", "two", "2");
    expect(kinds(await h.sync())).toEqual(["create", "create"]);
    expect(h.summaries("a")).toEqual(
      new Map([
        ["one", "1"],
        ["two", "2"],
      ]),
    );
    expect(h.summaries("b")).toEqual(h.summaries("a"));
    const again = await h.sync();
    expect(again.collections[0]?.planned).toEqual([]);
    expect(again.collections[0]?.fetched).toEqual({ a: 0, b: 0 });
  });

  it("records items that are equal on both sides without a status", async () => {
    h = new Harness();
    h.put("a", "one", "1");
    h.put("b", "one", "1");
    expect(kinds(await h.sync())).toEqual(["record"]);
  });

  it("reports a conflict, touches neither side, and reports it again until resolved", async () => {
    h = new Harness();
    h.put("a", "one", "1");
    await h.sync();
    h.put("a", "one", "from a");
    h.put("b", "one", "from b");
    const first = await h.sync();
    expect(first.collections[0]?.conflicts.map((c) => c.ident)).toEqual(["one"]);
    expect(h.summaries("a").get("one")).toBe("from a");
    expect(h.summaries("b").get("one")).toBe("from b");
    expect(h.status.conflicts(1).map((c) => c.ident)).toEqual(["one"]);
    expect((await h.sync()).collections[0]?.conflicts).toHaveLength(1);
    h.put("b", "one", "from a"); // the user settles it by hand
    expect((await h.sync()).collections[0]?.conflicts).toHaveLength(0);
    expect(h.status.conflicts(1)).toEqual([]);
  });

  it("reports duplicate UIDs with both hrefs and still syncs the rest", async () => {
    h = new Harness();
    const items = h.storages.a.collections.get(collectionId)?.items;
    items?.set(asHref("x1.ics"), { version: h.storages.a.mintVersion(), content: event("dup", "1") });
    items?.set(asHref("x2.ics"), { version: h.storages.a.mintVersion(), content: event("dup", "2") });
    h.put("a", "fine", "ok");
    const report = await h.sync();
    expect(report.collections[0]?.duplicates).toEqual([
      { side: "a", ident: "dup", hrefs: ["x1.ics", "x2.ics"], where: ["memory:a/cal", "memory:a/cal"] },
    ]);
    expect([...h.summaries("b").keys()]).toEqual(["fine"]);
  });
});

describe("policies", () => {
  it("on_delete = skip keeps the other side's copy and does not bring it back", async () => {
    h = new Harness();
    h.put("a", "one", "1");
    await h.sync();
    h.remove("a", "one");
    await h.sync({ onDelete: "skip" });
    expect(h.summaries("b").get("one")).toBe("1");
    expect(h.summaries("a").has("one")).toBe(false);
    expect((await h.sync({ onDelete: "skip" })).collections[0]?.planned).toEqual([]);
    h.put("b", "one", "edited"); // an edit on the kept copy is a change again
    await h.sync({ onDelete: "skip" });
    expect(h.summaries("a").get("one")).toBe("edited");
  });

  it("on_empty = skip refuses to carry a wiped side across; sync does", async () => {
    h = new Harness();
    h.put("a", "one", "1");
    h.put("a", "two", "2");
    await h.sync();
    h.remove("a", "one");
    h.remove("a", "two");
    const refused = await h.sync({ onEmpty: "skip" });
    expect(refused.collections[0]?.emptied).toBe("a");
    expect(h.summaries("b").size).toBe(2);
    await h.sync({ onEmpty: "sync" });
    expect(h.summaries("b").size).toBe(0);
  });

  it("one_way makes b a copy of a, reverting b's own changes", async () => {
    h = new Harness();
    h.put("a", "one", "1");
    h.put("b", "mine", "b only");
    await h.sync({ oneWay: "a" });
    expect(h.summaries("b")).toEqual(new Map([["one", "1"]]));
    h.put("b", "one", "edited in b");
    await h.sync({ oneWay: "a" });
    expect(h.summaries("b").get("one")).toBe("1");
    h.remove("b", "one");
    await h.sync({ oneWay: "a" });
    expect(h.summaries("b").get("one")).toBe("1");
    expect(h.summaries("a")).toEqual(new Map([["one", "1"]]));
  });

  it("one_way never makes a collection on the side it follows: one only b holds is emptied and removed", async () => {
    h = new Harness();
    h.put("a", "one", "1");
    await h.storages.b.createCollection(asCollectionId("b-only"), {});
    const bOnly = h.storages.b.collections.get(asCollectionId("b-only"));
    bOnly?.items.set(asHref("x.ics"), { version: h.storages.b.mintVersion(), content: event("x", "b only") });
    const report = await h.sync({ oneWay: "a" });
    expect(report.collections.find((c) => c.name === "b-only")?.applied.map((action) => action.kind)).toEqual(
      ["delete", "delete-collection"],
    );
    expect([...h.storages.a.collections.keys()]).toEqual(["cal"]);
    expect([...h.storages.b.collections.keys()]).toEqual(["cal"]);
  });

  it("never writes to a read-only side and reports what it could not carry", async () => {
    h = new Harness({ a: { readOnly: true } });
    h.put("a", "one", "1");
    h.put("b", "two", "2");
    const report = await h.sync({ readOnly: { a: true, b: false } });
    expect(h.summaries("a")).toEqual(new Map([["one", "1"]]));
    expect(h.summaries("b").get("one")).toBe("1");
    expect(report.collections[0]?.failures).toEqual([]);
    expect(report.collections[0]?.refused.map((r) => [r.action.ident, r.action.write.kind])).toEqual([
      ["two", "create"],
    ]);
    // Reported once: the same refusal again is known, not news.
    const again = (await h.sync({ readOnly: { a: true, b: false } })).collections[0];
    expect(again?.refused).toEqual([]);
    expect(again?.stillRefused.map((r) => r.action.ident)).toEqual(["two"]);
  });
});

describe("failures", () => {
  it("an item that fails to write fails alone; the next run retries it", async () => {
    let failing = true;
    h = new Harness({
      b: {
        beforeWrite: (_kind, _collection, _href) => {
          if (failing) throw Object.assign(new Error("disk full"), { code: "ENOSPC" });
        },
      },
    });
    h.put("a", "one", "1");
    h.put("b", "two", "2");
    const report = await h.sync();
    expect(report.collections[0]?.failures.map((f) => f.error.code)).toEqual(["InvalidDataError"]);
    expect(h.summaries("a").get("two")).toBe("2");
    failing = false;
    await h.sync();
    expect(h.summaries("b").get("one")).toBe("1");
  });

  it("an unreadable item is not taken for deleted", async () => {
    h = new Harness();
    h.put("a", "one", "1");
    await h.sync();
    h.put("a", "one", "1 edited");
    const original = h.storages.a.open.bind(h.storages.a);
    h.storages.a.open = (info) =>
      override(original(info), {
        get: async function* (hrefs: readonly Href[]) {
          for (const href of hrefs) yield { href, error: new Error("server hiccup") };
        },
      });
    const report = await h.sync();
    expect(report.collections[0]?.unreadable).toHaveLength(1);
    expect(h.summaries("b").get("one")).toBe("1");
    h.storages.a.open = original;
    await h.sync();
    expect(h.summaries("b").get("one")).toBe("1 edited");
  });
});

describe("delta listings", () => {
  it("completes a delta from the status and stores the new state only after a clean run", async () => {
    h = new Harness();
    h.put("a", "one", "1");
    h.put("a", "two", "2");
    await h.sync();
    // From now on side a answers with deltas, as a DAV server with sync tokens would.
    const states: (string | undefined)[] = [];
    const original = h.storages.a.open.bind(h.storages.a);
    h.storages.a.open = (info) => {
      const inner: Collection = original(info);
      return override(inner, {
        list: async (state?: string): Promise<Listing> => {
          states.push(state);
          const full = await inner.list();
          if (state === undefined) return { ...full, kind: "full", state: "t1" } as Listing;
          const one =
            full.kind === "full"
              ? full.items.find(
                  (item) => describeItem(h.items("a").get(item.href) as Uint8Array).ident === "one",
                )
              : undefined;
          return { kind: "delta", changed: one ? [one] : [], removed: [], state: "t2" };
        },
      });
    };
    await h.sync();
    h.put("a", "one", "1 edited");
    await h.sync();
    expect(states).toEqual([undefined, "t1"]);
    expect(h.summaries("b")).toEqual(
      new Map([
        ["one", "1 edited"],
        ["two", "2"],
      ]),
    );
  });
});

it("creates a collection missing on one side", async () => {
  h = new Harness();
  const other = asCollectionId("work");
  await h.storages.a.createCollection(other, { displayname: "Work" });
  const report = await h.sync({}, { metadata: ["displayname"] });
  expect(report.collections.map((c) => c.name)).toEqual(["cal", "work"]);
  expect(await h.storages.b.open({ id: other, href: "" }).getProperties?.()).toEqual({ displayname: "Work" });
});

describe("a collection missing on one side", () => {
  it("is created only when the plan is applied, and a plan declined leaves it to the next run", async () => {
    h = new Harness();
    h.storages.b.collections.delete(collectionId);
    h.put("a", "one", "1");
    const declined = await h.sync({}, { confirm: async () => false });
    expect(declined.collections[0]?.planned.map((action) => action.kind)).toEqual([
      "create-collection",
      "create",
    ]);
    expect(h.storages.b.collections.has(collectionId)).toBe(false);
    const applied = await h.sync();
    expect(applied.collections[0]?.applied.map((action) => action.kind)).toEqual([
      "create-collection",
      "create",
    ]);
    expect(h.summaries("b")).toEqual(new Map([["one", "1"]]));
  });
});

describe("a collection deleted on one side", () => {
  async function syncedThenDeletedInA(): Promise<void> {
    h = new Harness();
    h.put("a", "one", "1");
    await h.sync();
    h.storages.a.collections.delete(collectionId);
  }

  it("is not created again; with on_empty = skip nothing is deleted on the other side", async () => {
    await syncedThenDeletedInA();
    const report = await h.sync({ onEmpty: "skip" });
    expect(report.collections[0]?.emptied).toBe("a");
    expect(h.storages.a.collections.has(collectionId)).toBe(false);
    expect(h.summaries("b")).toEqual(new Map([["one", "1"]]));
  });

  it("with on_empty = sync its items and then the emptied counterpart are deleted, and the mapping forgotten", async () => {
    await syncedThenDeletedInA();
    const report = await h.sync({ onEmpty: "sync" });
    expect(report.collections[0]?.applied.at(-1)).toMatchObject({ kind: "delete-collection", side: "b" });
    expect(h.storages.b.collections.has(collectionId)).toBe(false);
    expect(h.status.collections()).toEqual([]);
    expect((await h.sync()).collections).toEqual([]);
  });

  it('with on_delete = "skip" the counterpart stays', async () => {
    await syncedThenDeletedInA();
    const report = await h.sync({ onEmpty: "sync", onDelete: "skip" });
    expect(report.collections[0]?.planned.map((action) => action.kind)).not.toContain("delete-collection");
    expect(h.summaries("b")).toEqual(new Map([["one", "1"]]));
  });
});

const uidsIn = (side: "a" | "b", id: string): string[] =>
  [...(h.storages[side].collections.get(asCollectionId(id))?.items.values() ?? [])]
    .map((item) => describeItem(item.content).ident)
    .sort();

describe("a collection renamed on one side", () => {
  /** Both sides' collection gets an id that stays through renames, as IMAP's MAILBOXID. */
  async function syncedThenRenamedInA(): Promise<void> {
    h = new Harness();
    for (const side of ["a", "b"] as const) {
      const collection = h.storages[side].collections.get(collectionId);
      if (collection) collection.stableId = `${side}-mailbox-1`;
    }
    h.put("a", "one", "1");
    h.put("a", "two", "2");
    await h.sync();
    await h.storages.a.renameCollection({ id: collectionId, href: "" }, asCollectionId("renamed"));
  }

  it("is renamed on the other side with its items, nothing copied or deleted", async () => {
    await syncedThenRenamedInA();
    const dry = await h.sync({}, { dryRun: true });
    expect(dry.collections.map((c) => [c.name, c.planned.map((action) => action.kind)])).toEqual([
      ["renamed", ["rename-collection"]],
    ]);
    expect(h.storages.b.collections.has(collectionId)).toBe(true);

    const report = await h.sync();
    expect(report.collections.map((c) => [c.name, c.applied.map((action) => action.kind)])).toEqual([
      ["renamed", ["rename-collection"]],
    ]);
    expect([...h.storages.b.collections.keys()]).toEqual(["renamed"]);
    expect(uidsIn("b", "renamed")).toEqual(["one", "two"]);
    expect(h.status.collections().map((record) => [record.name, record.idA, record.idB])).toEqual([
      ["renamed", "renamed", "renamed"],
    ]);
    expect(kinds(await h.sync())).toEqual([]);
  });

  it("without an id that survives renames is deleted and made anew, as before", async () => {
    h = new Harness();
    h.put("a", "one", "1");
    await h.sync();
    await h.storages.a.renameCollection({ id: collectionId, href: "" }, asCollectionId("renamed"));
    const report = await h.sync({ onEmpty: "sync" });
    expect(report.collections.map((c) => c.name).sort()).toEqual(["cal", "renamed"]);
    expect([...h.storages.b.collections.keys()]).toEqual(["renamed"]);
    expect(uidsIn("b", "renamed")).toEqual(["one"]);
  });
});
