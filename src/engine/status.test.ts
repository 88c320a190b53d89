import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asCollectionId, asHref, asVersion } from "../contract/index.js";
import { schemaVersion, StatusDb } from "./status.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "concord-status-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ids = { idA: asCollectionId("x"), idB: asCollectionId("y"), hrefA: "/a/x", hrefB: "/b/y" };
const row = (ident: string) => ({
  ident,
  hash: `h-${ident}`,
  a: { href: asHref(`${ident}.ics`), version: asVersion("1") },
  b: { href: asHref(`${ident}.ics`), version: undefined },
});

describe("StatusDb", () => {
  it("creates a private, migrated database and keeps what was applied", () => {
    const path = join(dir, "sub", "pair.sqlite");
    const db = StatusDb.open(path);
    const collection = db.collection("cal", ids);
    db.apply(collection.key, [
      { kind: "put", row: row("one") },
      { kind: "put", row: row("two") },
    ]);
    db.apply(collection.key, [{ kind: "remove", ident: "two" }]);
    db.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = StatusDb.open(path);
    expect([...again.items(again.collection("cal", ids).key).values()]).toEqual([row("one")]);
    again.close();
    const raw = new Database(path);
    expect(raw.pragma("user_version", { simple: true })).toBe(schemaVersion);
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();
  });

  it("starts a mapping over when its collections changed", () => {
    const db = StatusDb.open(join(dir, "pair.sqlite"));
    const first = db.collection("cal", ids);
    db.apply(first.key, [{ kind: "put", row: row("one") }]);
    const moved = db.collection("cal", { ...ids, idB: asCollectionId("z") });
    expect(db.items(moved.key).size).toBe(0);
    db.close();
  });

  it("a scratch database records nothing and creates no file", () => {
    const path = join(dir, "pair.sqlite");
    const scratch = StatusDb.openScratch(path);
    scratch.apply(scratch.collection("cal", ids).key, [{ kind: "put", row: row("one") }]);
    scratch.close();
    expect(() => statSync(path)).toThrow();
    const real = StatusDb.open(path);
    real.close();
    const scratchOverReal = StatusDb.openScratch(path);
    scratchOverReal.apply(scratchOverReal.collection("cal", ids).key, [{ kind: "put", row: row("one") }]);
    scratchOverReal.close();
    const check = StatusDb.open(path);
    expect(check.collections()).toEqual([]);
    check.close();
  });

  it("refuses a database from a newer concord", () => {
    const path = join(dir, "pair.sqlite");
    const raw = new Database(path);
    raw.pragma(`user_version = ${schemaVersion + 1}`);
    raw.close();
    expect(() => StatusDb.open(path)).toThrow(/newer than this concord understands/);
  });
});
