/**
 * A work folder backed up to several disks at once is listed once and each of its files read
 * once to be described, whatever the number of disks; each disk then reads what it copies.
 * Real trees on disk; the work folder's collection is watched, not replaced.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Collection, Fetched, Href } from "../contract/index.js";
import { SharedSide } from "../engine/shared-side.js";
import { openTree, syncTrees } from "./tree-pair.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "concord-shared-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The collection, counting its listings and each time a file's content is opened. */
function watched(collection: Collection) {
  const counts = { lists: 0, opens: new Map<string, number>() };
  const opened = (href: Href) => counts.opens.set(href, (counts.opens.get(href) ?? 0) + 1);
  const get = async function* (hrefs: readonly Href[]): AsyncIterable<Fetched> {
    for await (const fetched of collection.get(hrefs)) {
      if ("error" in fetched) yield fetched;
      else {
        const { body } = fetched;
        yield { ...fetched, body: { size: body.size, open: () => (opened(fetched.href), body.open()) } };
      }
    }
  };
  const list: Collection["list"] = (state) => (counts.lists++, collection.list(state));
  return { collection: { ...collection, list, get }, counts };
}

it("reads work once for all disks: one listing, one description of each file", async () => {
  const work = join(dir, "work");
  mkdirSync(join(work, "trip"), { recursive: true });
  for (const name of ["a.txt", "trip/b.jpg", "trip/c.jpg"]) writeFileSync(join(work, name), `${name}\n`);
  const { collection, counts } = watched(openTree({ name: work, root: work, readOnly: true }, []));
  const shared = new SharedSide(collection);
  const disks = ["disk1", "disk2", "disk3"].map((disk) => join(dir, disk));
  for (const disk of disks) mkdirSync(disk);

  const reports = await Promise.all(
    disks.map((disk) =>
      syncTrees({
        statusFile: join(dir, "status", `${disk.split("/").at(-1)}.sqlite`),
        a: { name: work, root: work, readOnly: true, shared },
        b: { name: disk, root: disk, readOnly: false },
        ignore: [],
        from: "a",
        onDelete: "skip",
        dryRun: false,
        review: async (plan) => plan.actions,
      }),
    ),
  );

  expect(reports.map((report) => report.failures)).toEqual([[], [], []]);
  for (const disk of disks) expect(readFileSync(join(disk, "trip/c.jpg"), "utf8")).toBe("trip/c.jpg\n");
  expect(counts.lists).toBe(1);
  // Described once, then copied once to each of the three disks.
  expect(Object.fromEntries(counts.opens)).toEqual({ "a.txt": 4, "trip/b.jpg": 4, "trip/c.jpg": 4 });
});
