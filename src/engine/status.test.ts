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

describe("StatusDb migrations", () => {
  it("carries a database of the first schema over without losing a row, and then reads rows by href", () => {
    const path = join(dir, "pair.sqlite");
    // The first schema, as databases written before item attributes and marks hold it.
    const old = new Database(path);
    old.exec(`CREATE TABLE collections (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, id_a TEXT NOT NULL,
        id_b TEXT NOT NULL, href_a TEXT NOT NULL, href_b TEXT NOT NULL, state_a TEXT, state_b TEXT,
        last_sync_at INTEGER, last_result TEXT);
      CREATE TABLE items (collection INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
        ident TEXT NOT NULL, href_a TEXT, version_a TEXT, href_b TEXT, version_b TEXT, hash TEXT NOT NULL,
        PRIMARY KEY (collection, ident)) WITHOUT ROWID;
      CREATE TABLE conflicts (collection INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
        ident TEXT NOT NULL, href_a TEXT NOT NULL, version_a TEXT NOT NULL, hash_a TEXT NOT NULL,
        href_b TEXT NOT NULL, version_b TEXT NOT NULL, hash_b TEXT NOT NULL, detected_at INTEGER NOT NULL,
        PRIMARY KEY (collection, ident)) WITHOUT ROWID;
      CREATE TABLE properties (collection INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
        name TEXT NOT NULL, value TEXT, PRIMARY KEY (collection, name)) WITHOUT ROWID;
      INSERT INTO collections (id, name, id_a, id_b, href_a, href_b, state_a) VALUES (1, 'cal', 'x', 'y', '/a/x', '/b/y', 'token-1');
      INSERT INTO items VALUES (1, 'one', 'one.ics', '1', 'one.ics', NULL, 'h-one');
      INSERT INTO items VALUES (1, 'two', 'two.ics', '1', 'two.ics', NULL, 'h-two');
      PRAGMA user_version = 1;`);
    old.close();

    const db = StatusDb.open(path);
    const record = db.collection("cal", ids);
    expect(record.stateA).toBe("token-1");
    expect([...db.items(record.key).values()]).toEqual([row("one"), row("two")]);
    expect(db.versions(record.key, "a")).toEqual(
      new Map([
        [asHref("one.ics"), asVersion("1")],
        [asHref("two.ics"), asVersion("1")],
      ]),
    );
    expect(db.versions(record.key, "b").get(asHref("one.ics"))).toBe("");
    expect(db.rowsAt(record.key, "b", [asHref("two.ics")])).toEqual([row("two")]);
    expect(db.rowsOf(record.key, ["one", "missing"])).toEqual([row("one")]);
    expect(db.sideCounts(record.key)).toEqual({ a: 2, b: 2 });
    db.close();
  });

  it("keeps attributes per side and the marks of the storages", () => {
    const db = StatusDb.open(join(dir, "pair.sqlite"));
    const { key } = db.collection("tree", ids);
    const withAttributes = {
      ...row("photo.jpg"),
      a: { href: asHref("photo.jpg"), version: asVersion("1"), attributes: { mode: "644", mtime: "5" } },
    };
    db.apply(key, [{ kind: "put", row: withAttributes }]);
    expect(db.rowsOf(key, ["photo.jpg"])).toEqual([withAttributes]);
    db.setMark("b", "mark-1");
    expect(db.marks()).toEqual({ b: "mark-1" });
    db.close();
  });
});
