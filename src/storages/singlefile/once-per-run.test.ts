import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Collection, Storage } from "../../contract/index.js";
import { StatusDb } from "../../engine/status.js";
import { syncPair } from "../../engine/sync-pair.js";
import { defaultPolicy } from "../../engine/testing/harness.js";
import { definition as vdirDefinition } from "../vdir/index.js";
import { definition } from "./index.js";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "concord-singlefile-run-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** The storage, with every flush of its collections counted. */
function countingFlushes(storage: Storage, flushes: { count: number }): Storage {
  return {
    ...storage,
    discover: () => storage.discover(),
    open(info): Collection {
      const collection = storage.open(info);
      const flush = collection.flush?.bind(collection);
      return Object.assign(Object.create(collection) as Collection, {
        flush: async () => {
          flushes.count++;
          await flush?.();
        },
      });
    },
  };
}

const event = (uid: string) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:${uid}\r\nDTSTART:20240101T100000Z\r\nSUMMARY:${uid}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;

describe("a single file synchronised with a vdir", () => {
  it("is written once per run, however many items the run writes to it", async () => {
    mkdirSync(join(root, "vdir/cal"), { recursive: true });
    for (let index = 0; index < 450; index++)
      writeFileSync(join(root, `vdir/cal/${index}.ics`), event(`e${index}`));
    writeFileSync(join(root, "cal.ics"), "");
    const single = await definition.create(
      "single",
      definition.configSchema.parse({ type: "singlefile", path: join(root, "cal.ics") }),
    );
    const vdir = await vdirDefinition.create(
      "vdir",
      vdirDefinition.configSchema.parse({ type: "vdir", path: join(root, "vdir"), fileext: ".ics" }),
    );
    const flushes = { count: 0 };
    const status = StatusDb.open(join(root, "pair.sqlite"));
    try {
      const report = await syncPair({
        pair: "p",
        storages: { a: vdir, b: countingFlushes(single, flushes) },
        collections: { kind: "list", entries: [{ name: "cal", a: "cal", b: "cal" }] },
        status,
        policy: defaultPolicy,
        metadata: [],
      });
      expect(report.collections.map((collection) => collection.error)).toEqual([undefined]);
    } finally {
      status.close();
    }
    expect(flushes.count).toBe(1);
    expect(readFileSync(join(root, "cal.ics"), "utf8").match(/BEGIN:VEVENT/g)?.length).toBe(450);
    expect(readdirSync(root).sort()).toEqual(["cal.ics", "pair.sqlite", "vdir"]);
  });
});
