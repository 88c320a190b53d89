import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { daemonRecordFile, liveDaemonRecord, PairRecord } from "./pair-record.js";
import type { SyncEvent } from "./scheduler.js";

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "concord-record-"));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe("the daemon's pair record", () => {
  it("tells status about this process and its last sync, and is gone once removed", () => {
    const record = new PairRecord(folder, "p");
    record.started();
    expect(liveDaemonRecord(folder, "p")).toEqual({
      pid: process.pid,
      host: expect.any(String),
      startedAt: expect.any(Number),
    });
    const event: SyncEvent = {
      kind: "sync",
      pair: "p",
      collections: undefined,
      reason: "poll",
      report: { pair: "p", collections: [] },
      durationMs: 5,
      retryInMs: 1_000,
    };
    record.synced(event);
    const lastSync = liveDaemonRecord(folder, "p")?.lastSync;
    expect(lastSync).toMatchObject({ reason: "poll", durationMs: 5, counts: {}, errors: [] });
    expect(lastSync!.retryAt! - lastSync!.at).toBe(1_000);
    record.remove();
    expect(liveDaemonRecord(folder, "p")).toBeUndefined();
  });

  it("is ignored when another host wrote it, or when it is not a record", () => {
    new PairRecord(folder, "p").started();
    const file = daemonRecordFile(folder, "p");
    const written = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...written, host: "elsewhere.example" }));
    expect(liveDaemonRecord(folder, "p")).toBeUndefined();
    writeFileSync(file, JSON.stringify({ pid: "1" }));
    expect(liveDaemonRecord(folder, "p")).toBeUndefined();
    writeFileSync(file, "{");
    expect(liveDaemonRecord(folder, "p")).toBeUndefined();
  });

  it("is left alone by a process that does not own it", () => {
    const file = daemonRecordFile(folder, "p");
    writeFileSync(file, JSON.stringify({ pid: process.pid + 1, host: "h", startedAt: 0 }));
    new PairRecord(folder, "p").remove();
    expect(readFileSync(file, "utf8")).toContain('"startedAt":0');
  });
});
