/** `conflict_resolution = "merge"` and the bases it merges with, on in-memory storages. */
import { afterEach, describe, expect, it } from "vitest";
import { calendarModel, contactModel } from "../models/pim.js";
import { collectionId, Harness } from "./testing/harness.js";
import { baseSizeLimit } from "./bases.js";
import type { ConflictPolicy } from "./plan.js";
import type { PairReport } from "./report.js";

let h: Harness;
afterEach(() => h.dispose());

const merge = (fallback: Extract<ConflictPolicy, { kind: "merge" }>["fallback"] = { kind: "leave" }) => ({
  conflict: { kind: "merge", fallback } as const,
});

const bytes = (text: string) => new TextEncoder().encode(text.replaceAll("\n", "\r\n"));

const card = (extra = "", fn = "Jane Doe") =>
  bytes(
    `BEGIN:VCARD\nVERSION:3.0\nUID:jane\nFN:${fn}\nN:Doe;Jane;;;\nTEL;TYPE=CELL:+1 555 0100\n${extra}END:VCARD\n`,
  );

const event = (summary: string, extra = "") =>
  bytes(
    `BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VEVENT\nUID:meeting\nDTSTART:20240115T090000Z\nSUMMARY:${summary}\n${extra}END:VEVENT\nEND:VCALENDAR\n`,
  );

const applied = (report: PairReport) =>
  report.collections.flatMap((c) => c.applied.map((action) => action.kind));
const conflicts = (report: PairReport) => report.collections.flatMap((c) => c.conflicts);

/** Two storages of contacts (or events), in agreement on `content` after a first sync. */
async function agreed(content: Uint8Array, model = contactModel): Promise<void> {
  h = new Harness({ a: { model }, b: { model } });
  h.write("a", "jane", content);
  await h.sync(merge());
}

describe('conflict_resolution = "merge"', () => {
  it("merges a number added on one side with an address added on the other, writes it to both, then rests", async () => {
    await agreed(card());
    h.write("a", "jane", card("TEL;TYPE=HOME:+1 555 0111\n"));
    h.write("b", "jane", card("EMAIL;TYPE=INTERNET:jane@example.com\n"));
    const report = await h.sync(merge());
    expect(applied(report)).toEqual(["merge"]);
    expect(conflicts(report)).toEqual([]);
    const merged = h.text("a", "jane");
    expect(merged).toContain("TEL;TYPE=HOME:+1 555 0111");
    expect(merged).toContain("EMAIL;TYPE=INTERNET:jane@example.com");
    expect(h.text("b", "jane")).toBe(merged);
    expect((await h.sync(merge())).collections[0]?.planned).toEqual([]);
  });

  it("keeps the merged version as the next base: a second round of edits merges again", async () => {
    await agreed(card());
    h.write("a", "jane", card("TEL;TYPE=HOME:+1 555 0111\n"));
    h.write("b", "jane", card("EMAIL;TYPE=INTERNET:jane@example.com\n"));
    await h.sync(merge());
    const both = h.text("a", "jane") as string;
    h.write("a", "jane", bytes(both.replaceAll("\r\n", "\n").replace("FN:Jane Doe", "FN:Jane D.")));
    h.write(
      "b",
      "jane",
      bytes(both.replaceAll("\r\n", "\n").replace("END:VCARD", "NOTE:met at the fair\nEND:VCARD")),
    );
    expect(applied(await h.sync(merge()))).toEqual(["merge"]);
    expect(h.text("b", "jane")).toContain("FN:Jane D.");
    expect(h.text("b", "jane")).toContain("NOTE:met at the fair");
  });

  it("completes a merge written to one side only: the next run merges again to the same result", async () => {
    let failing = true;
    h = new Harness({
      a: { model: contactModel },
      b: {
        model: contactModel,
        beforeWrite: (kind) => {
          if (failing && kind === "update") throw Object.assign(new Error("disk full"), { code: "ENOSPC" });
        },
      },
    });
    h.write("a", "jane", card());
    await h.sync(merge());
    h.write("a", "jane", card("TEL;TYPE=HOME:+1 555 0111\n"));
    h.write("b", "jane", card("EMAIL;TYPE=INTERNET:jane@example.com\n"));
    const first = await h.sync(merge());
    expect(first.collections[0]?.failures).toHaveLength(1);
    const written = h.text("a", "jane");
    expect(written).toContain("EMAIL;TYPE=INTERNET:jane@example.com");
    failing = false;
    expect(applied(await h.sync(merge()))).toEqual(["merge"]);
    expect(h.text("a", "jane")).toBe(written);
    expect(h.text("b", "jane")).toBe(written);
    expect((await h.sync(merge())).collections[0]?.planned).toEqual([]);
  });

  it("falls back to a reported conflict, naming the property, when both changed it differently", async () => {
    await agreed(event("Planning"), calendarModel);
    h.write("a", "meeting", event("Planning Q2"));
    h.write("b", "meeting", event("Budget"));
    const report = await h.sync(merge());
    expect(applied(report)).toEqual([]);
    expect(conflicts(report).map((conflict) => conflict.unmerged)).toEqual([
      [
        {
          component: "VEVENT meeting",
          property: "SUMMARY",
          base: ["SUMMARY:Planning"],
          a: ["SUMMARY:Planning Q2"],
          b: ["SUMMARY:Budget"],
        },
      ],
    ]);
    expect(h.text("a", "meeting")).toContain("SUMMARY:Planning Q2");
    expect(h.text("b", "meeting")).toContain("SUMMARY:Budget");
    expect(h.status.conflicts(1).map((conflict) => conflict.ident)).toEqual(["meeting"]);
  });

  it("falls back to merge_fallback: keep a", async () => {
    await agreed(event("Planning"), calendarModel);
    h.write("a", "meeting", event("Planning Q2"));
    h.write("b", "meeting", event("Budget"));
    const report = await h.sync(merge({ kind: "keep", side: "a" }));
    expect(applied(report)).toEqual(["update"]);
    expect(h.text("b", "meeting")).toContain("SUMMARY:Planning Q2");
    expect((await h.sync(merge({ kind: "keep", side: "a" }))).collections[0]?.planned).toEqual([]);
  });

  it("falls back where there is no version both sides agreed on: the item is new on both", async () => {
    h = new Harness({ a: { model: calendarModel }, b: { model: calendarModel } });
    h.write("a", "meeting", event("Planning", "LOCATION:Room 1\n"));
    h.write("b", "meeting", event("Planning", "DESCRIPTION:Agenda\n"));
    const report = await h.sync(merge());
    expect(report.collections[0]?.planned.map((action) => action.kind)).toEqual(["conflict"]);
    expect(conflicts(report)[0]?.unmerged).toBeUndefined();
  });

  it("falls back for an item too large to keep a base of", async () => {
    const photo = `PHOTO;ENCODING=b;TYPE=JPEG:${"A".repeat(baseSizeLimit)}\n`;
    await agreed(card(photo));
    expect(h.status.base(1, "jane")).toBeUndefined();
    h.write("a", "jane", card(`${photo}TEL;TYPE=HOME:+1 555 0111\n`));
    h.write("b", "jane", card(`${photo}EMAIL;TYPE=INTERNET:jane@example.com\n`));
    const report = await h.sync(merge());
    expect(report.collections[0]?.planned.map((action) => action.kind)).toEqual(["merge"]);
    expect(conflicts(report).map((conflict) => conflict.ident)).toEqual(["jane"]);
  });

  it("falls back where a side is read-only: a merge writes both", async () => {
    h = new Harness({ a: { model: contactModel, readOnly: true }, b: { model: contactModel } });
    h.write("a", "jane", card());
    const readOnly = { ...merge(), readOnly: { a: true, b: false } };
    await h.sync(readOnly);
    h.write("a", "jane", card("TEL;TYPE=HOME:+1 555 0111\n"));
    h.write("b", "jane", card("EMAIL;TYPE=INTERNET:jane@example.com\n"));
    const report = await h.sync(readOnly);
    expect(report.collections[0]?.planned.map((action) => action.kind)).toEqual(["conflict"]);
  });
});

describe("bases", () => {
  it("are kept for calendars and contacts as they are synchronised, compressed, and follow the row", async () => {
    await agreed(card());
    const kept = h.status.base(1, "jane");
    expect(kept?.hash).toBe(h.status.items(1).get("jane")?.hash);
    expect(kept?.packed.byteLength).toBeLessThan(card().byteLength);
    h.remove("a", "jane");
    await h.sync(merge());
    expect(h.status.base(1, "jane")).toBeUndefined();
  });

  it("are not kept for items whose model does not merge", async () => {
    h = new Harness();
    h.put("a", "one", "1");
    await h.sync();
    expect(h.status.items(1).has("one")).toBe(true);
    expect(h.status.base(1, "one")).toBeUndefined();
  });

  it("cost a sync that changes nothing nothing: no action, no base read", async () => {
    await agreed(card());
    const reads: string[] = [];
    const base = h.status.base.bind(h.status);
    h.status.base = (collection, ident) => {
      reads.push(ident);
      return base(collection, ident);
    };
    const again = await h.sync(merge());
    expect(again.collections[0]?.planned).toEqual([]);
    expect(reads).toEqual([]);
    expect(h.storages.a.collections.get(collectionId)?.items.size).toBe(1);
  });
});
