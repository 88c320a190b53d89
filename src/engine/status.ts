/**
 * The status database: one SQLite file per pair remembering, for every item, how both sides
 * looked at the last sync, plus each collection's mapping, sync states, pending conflicts,
 * synchronised properties, the refusals of a read-only side already reported and, for calendars
 * and contacts, each item's last synchronised content. WAL mode, file mode 0600, versioned schema
 * with migrations.
 * @module
 */
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { StatusDbError } from "../errors/index.js";
import type { Attributes, CollectionId, Href, PropertyName, Version } from "../contract/index.js";
import type { Side, SideItem, StatusRow, StatusSide } from "./types.js";

/** Each entry migrates from version `index` to `index + 1`; `PRAGMA user_version` holds the version. */
const migrations: readonly string[] = [
  `CREATE TABLE collections (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     id_a TEXT NOT NULL,
     id_b TEXT NOT NULL,
     href_a TEXT NOT NULL,
     href_b TEXT NOT NULL,
     state_a TEXT,
     state_b TEXT,
     last_sync_at INTEGER,
     last_result TEXT
   );
   CREATE TABLE items (
     collection INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
     ident TEXT NOT NULL,
     href_a TEXT,
     version_a TEXT,
     href_b TEXT,
     version_b TEXT,
     hash TEXT NOT NULL,
     PRIMARY KEY (collection, ident)
   ) WITHOUT ROWID;
   CREATE TABLE conflicts (
     collection INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
     ident TEXT NOT NULL,
     href_a TEXT NOT NULL,
     version_a TEXT NOT NULL,
     hash_a TEXT NOT NULL,
     href_b TEXT NOT NULL,
     version_b TEXT NOT NULL,
     hash_b TEXT NOT NULL,
     detected_at INTEGER NOT NULL,
     PRIMARY KEY (collection, ident)
   ) WITHOUT ROWID;
   CREATE TABLE properties (
     collection INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
     name TEXT NOT NULL,
     value TEXT,
     PRIMARY KEY (collection, name)
   ) WITHOUT ROWID;`,
  // Rows get an id of the engine's, with an index per side's href, so that a row is found by
  // where an item is as cheaply as by what pairs it; attributes are kept per side; each
  // storage's mark (a tree's .concord-id) is remembered.
  `CREATE TABLE items_v2 (
     id INTEGER PRIMARY KEY,
     collection INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
     ident TEXT NOT NULL,
     href_a TEXT,
     version_a TEXT,
     attributes_a TEXT,
     href_b TEXT,
     version_b TEXT,
     attributes_b TEXT,
     hash TEXT NOT NULL,
     UNIQUE (collection, ident)
   );
   INSERT INTO items_v2 (collection, ident, href_a, version_a, href_b, version_b, hash)
     SELECT collection, ident, href_a, version_a, href_b, version_b, hash FROM items;
   DROP TABLE items;
   ALTER TABLE items_v2 RENAME TO items;
   CREATE INDEX items_href_a ON items (collection, href_a);
   CREATE INDEX items_href_b ON items (collection, href_b);
   CREATE TABLE marks (
     side TEXT PRIMARY KEY,
     mark TEXT NOT NULL
   ) WITHOUT ROWID;`,
  // What a read-only side refused, as last reported: said again only when it changes.
  `CREATE TABLE refusals (
     collection INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
     ident TEXT NOT NULL,
     change TEXT NOT NULL,
     PRIMARY KEY (collection, ident)
   ) WITHOUT ROWID;`,
  // Copies about to be made of items that nothing in their content pairs (mail), written before
  // the copy: a run killed after the copy but before its row finds the copy by hash next time.
  `CREATE TABLE intents (
     collection INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
     ident TEXT NOT NULL,
     side TEXT NOT NULL,
     hash TEXT NOT NULL,
     href TEXT NOT NULL,
     version TEXT,
     attributes TEXT,
     PRIMARY KEY (collection, ident)
   ) WITHOUT ROWID;`,
  // The ids that survive a rename (an IMAP folder's MAILBOXID), so a renamed collection is
  // renamed on the other side rather than deleted there and copied anew.
  `ALTER TABLE collections ADD COLUMN stable_a TEXT;
   ALTER TABLE collections ADD COLUMN stable_b TEXT;`,
  // The content an item of a merging model (calendars, contacts) had when both sides last agreed,
  // compressed (engine/bases.ts): what a three-way merge starts from. Gone with its item's row;
  // its hash says which version it is, so a base left from an earlier version is never used.
  `CREATE TABLE bases (
     item INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
     hash TEXT NOT NULL,
     content BLOB NOT NULL
   );`,
];

export const schemaVersion = migrations.length;

/**
 * A change to the items table, applied in batches inside one transaction: a row put or removed,
 * or the base (`engine/bases.ts`) of a row put before it kept.
 */
export type StatusChange =
  | { readonly kind: "put"; readonly row: StatusRow }
  | { readonly kind: "remove"; readonly ident: string }
  | { readonly kind: "base"; readonly ident: string; readonly base: StoredBase };

/** The last synchronised content of an item, as stored: packed, with the hash of what it holds. */
export interface StoredBase {
  readonly hash: string;
  readonly packed: Uint8Array;
}

/**
 * A copy about to be made: the item `ident` (at `href` on the other side, as listed then) is
 * being written to `side`. The row of a finished copy replaces it; a copy found without its row
 * (the run was killed in between) is recognised by its hash.
 */
export interface Intent {
  readonly ident: string;
  readonly side: Side;
  readonly hash: string;
  /** Where the source is, on the other side. */
  readonly source: StatusSide;
}

/** A conflict left for the user, with what each side held when it was found. */
export interface ConflictRow {
  readonly ident: string;
  readonly a: SideItem;
  readonly b: SideItem;
  readonly detectedAt: number;
}

/** The collection mapping a status row belongs to. */
export interface CollectionRecord {
  readonly key: number;
  readonly name: string;
  readonly idA: CollectionId;
  readonly idB: CollectionId;
  readonly hrefA: string;
  readonly hrefB: string;
  readonly stateA: string | undefined;
  readonly stateB: string | undefined;
  /** Each side's id that survives a rename (`CollectionInfo.stableId`), where it has one. */
  readonly stableA: string | undefined;
  readonly stableB: string | undefined;
  readonly lastSyncAt: number | undefined;
  readonly lastResult: string | undefined;
}

interface ItemRecord {
  ident: string;
  href_a: string | null;
  version_a: string | null;
  attributes_a: string | null;
  href_b: string | null;
  version_b: string | null;
  attributes_b: string | null;
  hash: string;
}

const itemColumns = "ident, href_a, version_a, attributes_a, href_b, version_b, attributes_b, hash";

interface CollectionDbRow {
  id: number;
  name: string;
  id_a: string;
  id_b: string;
  href_a: string;
  href_b: string;
  state_a: string | null;
  state_b: string | null;
  stable_a: string | null;
  stable_b: string | null;
  last_sync_at: number | null;
  last_result: string | null;
}

interface ConflictDbRow {
  ident: string;
  href_a: string;
  version_a: string;
  hash_a: string;
  href_b: string;
  version_b: string;
  hash_b: string;
  detected_at: number;
}

function toSide(
  href: string | null,
  version: string | null,
  attributes: string | null,
): StatusSide | undefined {
  if (href === null) return undefined;
  const side = { href: href as Href, version: (version ?? undefined) as Version | undefined };
  return attributes === null ? side : { ...side, attributes: JSON.parse(attributes) as Attributes };
}

const toRow = (row: ItemRecord): StatusRow => ({
  ident: row.ident,
  a: toSide(row.href_a, row.version_a, row.attributes_a),
  b: toSide(row.href_b, row.version_b, row.attributes_b),
  hash: row.hash,
});

const attributesText = (side: StatusSide | undefined): string | null =>
  side?.attributes === undefined ? null : JSON.stringify(side.attributes);

/** Parameters per IN (...) list: well under SQLite's limit of 32,766. */
const chunkSize = 500;

const toCollection = (row: CollectionDbRow): CollectionRecord => ({
  key: row.id,
  name: row.name,
  idA: row.id_a as CollectionId,
  idB: row.id_b as CollectionId,
  hrefA: row.href_a,
  hrefB: row.href_b,
  stateA: row.state_a ?? undefined,
  stateB: row.state_b ?? undefined,
  stableA: row.stable_a ?? undefined,
  stableB: row.stable_b ?? undefined,
  lastSyncAt: row.last_sync_at ?? undefined,
  lastResult: row.last_result ?? undefined,
});

export class StatusDb {
  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
    /** Changes are rolled back on close: a dry run plans with the status but leaves no trace. */
    private readonly scratch: boolean,
  ) {}

  /** Opens (creating if needed, mode 0600) and migrates the database at `path`. */
  static open(path: string): StatusDb {
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const db = new Database(path);
      chmodSync(path, 0o600);
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.pragma("foreign_keys = ON");
      return StatusDb.prepare(db, path, false);
    } catch (error) {
      throw wrap(error, path, "cannot open the status database");
    }
  }

  /**
   * Opens the database at `path` for a run that must change nothing: whatever the run records
   * is rolled back on close, and a database that does not exist yet is not created.
   */
  static openScratch(path: string): StatusDb {
    try {
      const db = existsSync(path) ? new Database(path) : new Database(":memory:");
      db.pragma("foreign_keys = ON"); // a no-op inside a transaction, so before BEGIN
      db.exec("BEGIN");
      return StatusDb.prepare(db, path, true);
    } catch (error) {
      throw wrap(error, path, "cannot open the status database");
    }
  }

  private static prepare(db: Database.Database, path: string, scratch: boolean): StatusDb {
    db.pragma("busy_timeout = 5000");
    const status = new StatusDb(db, path, scratch);
    if (scratch) status.migrateInPlace();
    else status.migrate();
    return status;
  }

  private migrate(): void {
    this.db.transaction(() => this.migrateInPlace())();
  }

  /** The migrations without a transaction of their own (a scratch database is inside one). */
  private migrateInPlace(): void {
    const current = this.db.pragma("user_version", { simple: true }) as number;
    if (current > schemaVersion) {
      throw new StatusDbError(
        `${this.path}: status database has schema version ${current}, newer than this concord understands (${schemaVersion}); upgrade concord`,
        { path: this.path },
      );
    }
    for (let version = current; version < schemaVersion; version++) {
      this.db.exec(migrations[version] as string);
    }
    this.db.pragma(`user_version = ${schemaVersion}`);
  }

  close(): void {
    if (this.scratch && this.db.inTransaction) this.db.exec("ROLLBACK");
    this.db.close();
  }

  collections(): CollectionRecord[] {
    return this.run("reading collections", () =>
      (this.db.prepare("SELECT * FROM collections ORDER BY name").all() as CollectionDbRow[]).map(
        toCollection,
      ),
    );
  }

  /**
   * The record of a collection mapping, created on first use. A mapping whose collections
   * changed (same name, other ids) starts over: its old items describe other collections.
   */
  collection(
    name: string,
    ids: {
      idA: CollectionId;
      idB: CollectionId;
      hrefA: string;
      hrefB: string;
      stableA?: string | undefined;
      stableB?: string | undefined;
    },
  ): CollectionRecord {
    const stableA = ids.stableA ?? null;
    const stableB = ids.stableB ?? null;
    return this.run(`reading collection ${name}`, () =>
      this.db.transaction(() => {
        const existing = this.db.prepare("SELECT * FROM collections WHERE name = ?").get(name) as
          CollectionDbRow | undefined;
        if (existing && existing.id_a === ids.idA && existing.id_b === ids.idB) {
          const now = {
            ...existing,
            href_a: ids.hrefA,
            href_b: ids.hrefB,
            stable_a: stableA ?? existing.stable_a,
            stable_b: stableB ?? existing.stable_b,
          };
          const changed = (["href_a", "href_b", "stable_a", "stable_b"] as const).some(
            (column) => now[column] !== existing[column],
          );
          if (changed) {
            this.db
              .prepare(
                "UPDATE collections SET href_a = ?, href_b = ?, stable_a = ?, stable_b = ? WHERE id = ?",
              )
              .run(now.href_a, now.href_b, now.stable_a, now.stable_b, existing.id);
          }
          return toCollection(now);
        }
        if (existing) this.db.prepare("DELETE FROM collections WHERE id = ?").run(existing.id);
        const inserted = this.db
          .prepare(
            "INSERT INTO collections (name, id_a, id_b, href_a, href_b, stable_a, stable_b) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *",
          )
          .get(name, ids.idA, ids.idB, ids.hrefA, ids.hrefB, stableA, stableB) as CollectionDbRow;
        return toCollection(inserted);
      })(),
    );
  }

  /**
   * Gives a mapping the name and ids its collections have after a rename, keeping everything
   * remembered about its items. A mapping already under the new name (left by an earlier run)
   * gives way.
   */
  renameCollection(
    collection: number,
    to: { name: string; idA: CollectionId; idB: CollectionId; hrefA: string; hrefB: string },
  ): void {
    this.run(`renaming collection to ${to.name}`, () =>
      this.db.transaction(() => {
        this.db.prepare("DELETE FROM collections WHERE name = ? AND id <> ?").run(to.name, collection);
        this.db
          .prepare("UPDATE collections SET name = ?, id_a = ?, id_b = ?, href_a = ?, href_b = ? WHERE id = ?")
          .run(to.name, to.idA, to.idB, to.hrefA, to.hrefB, collection);
      })(),
    );
  }

  /** Drops a mapping with everything remembered about it (its collections are gone). */
  forgetCollection(collection: number): void {
    this.run("forgetting a collection", () =>
      this.db.prepare("DELETE FROM collections WHERE id = ?").run(collection),
    );
  }

  /** Every row of a collection, by ident. For small collections and tests; a sync reads less. */
  items(collection: number): Map<string, StatusRow> {
    return this.run("reading items", () => {
      const rows = this.db
        .prepare(`SELECT ${itemColumns} FROM items WHERE collection = ?`)
        .all(collection) as ItemRecord[];
      return new Map(rows.map((row) => [row.ident, toRow(row)]));
    });
  }

  /**
   * Where the items were on one side, href → version ("" when the write did not say): all a
   * listing is compared with, and far smaller than the rows themselves.
   */
  versions(collection: number, side: Side): Map<Href, Version> {
    return this.run("reading versions", () => {
      const rows = this.db
        .prepare(
          `SELECT href_${side}, version_${side} FROM items WHERE collection = ? AND href_${side} IS NOT NULL`,
        )
        .raw()
        .iterate(collection) as IterableIterator<[string, string | null]>;
      const versions = new Map<Href, Version>();
      for (const [href, version] of rows) versions.set(href as Href, (version ?? "") as Version);
      return versions;
    });
  }

  /** The rows whose item is at one of `hrefs` on `side`. */
  rowsAt(collection: number, side: Side, hrefs: Iterable<Href>): StatusRow[] {
    return this.inChunks(
      "reading items",
      [...hrefs],
      (list) =>
        this.db
          .prepare(
            `SELECT ${itemColumns} FROM items WHERE collection = ? AND href_${side} IN (${list.map(() => "?").join(", ")})`,
          )
          .all(collection, ...list) as ItemRecord[],
    ).map(toRow);
  }

  /** The rows of the given idents. */
  rowsOf(collection: number, idents: Iterable<string>): StatusRow[] {
    return this.inChunks(
      "reading items",
      [...idents],
      (list) =>
        this.db
          .prepare(
            `SELECT ${itemColumns} FROM items WHERE collection = ? AND ident IN (${list.map(() => "?").join(", ")})`,
          )
          .all(collection, ...list) as ItemRecord[],
    ).map(toRow);
  }

  /** How many items the status remembers on each side. */
  sideCounts(collection: number): Record<Side, number> {
    return this.run("counting items", () => {
      const row = this.db
        .prepare("SELECT count(href_a) AS a, count(href_b) AS b FROM items WHERE collection = ?")
        .get(collection) as Record<Side, number>;
      return { a: row.a, b: row.b };
    });
  }

  /** The mark each side's storage carried (a tree's .concord-id), once it has one. */
  marks(): Partial<Record<Side, string>> {
    return this.run("reading marks", () => {
      const rows = this.db.prepare("SELECT side, mark FROM marks").all() as { side: Side; mark: string }[];
      return Object.fromEntries(rows.map((row) => [row.side, row.mark]));
    });
  }

  setMark(side: Side, mark: string): void {
    this.run("recording a mark", () =>
      this.db
        .prepare(
          "INSERT INTO marks (side, mark) VALUES (?, ?) ON CONFLICT (side) DO UPDATE SET mark = excluded.mark",
        )
        .run(side, mark),
    );
  }

  /** The copies announced in a collection and not yet recorded as rows. */
  intents(collection: number): Intent[] {
    return this.run("reading intents", () => {
      const rows = this.db
        .prepare("SELECT ident, side, hash, href, version, attributes FROM intents WHERE collection = ?")
        .all(collection) as {
        ident: string;
        side: Side;
        hash: string;
        href: string;
        version: string | null;
        attributes: string | null;
      }[];
      return rows.map((row) => ({
        ident: row.ident,
        side: row.side,
        hash: row.hash,
        source: toSide(row.href, row.version, row.attributes) as StatusSide,
      }));
    });
  }

  /** Announces copies before they are made, in one transaction. */
  intend(collection: number, intents: readonly Intent[]): void {
    if (intents.length === 0) return;
    this.run("recording intents", () => {
      const put = this.db.prepare(
        `INSERT INTO intents (collection, ident, side, hash, href, version, attributes) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (collection, ident) DO UPDATE SET side = excluded.side, hash = excluded.hash,
           href = excluded.href, version = excluded.version, attributes = excluded.attributes`,
      );
      this.db.transaction(() => {
        for (const intent of intents) {
          const { source } = intent;
          put.run(
            collection,
            intent.ident,
            intent.side,
            intent.hash,
            source.href,
            source.version ?? null,
            attributesText(source),
          );
        }
      })();
    });
  }

  /** Drops intents whose copy was never made (nothing with their hash appeared). */
  dropIntents(collection: number, idents: Iterable<string>): void {
    const list = [...idents];
    if (list.length === 0) return;
    this.run("dropping intents", () => {
      const drop = this.db.prepare("DELETE FROM intents WHERE collection = ? AND ident = ?");
      this.db.transaction(() => {
        for (const ident of list) drop.run(collection, ident);
      })();
    });
  }

  /**
   * Applies item changes in one transaction: all are recorded, or none. With `settleIntents`, an
   * intent of an ident changed here is settled with it (the row now says where the copy is).
   */
  apply(collection: number, changes: readonly StatusChange[], settleIntents = false): void {
    if (changes.length === 0) return;
    this.run("recording items", () => {
      const settle = settleIntents
        ? this.db.prepare("DELETE FROM intents WHERE collection = ? AND ident = ?")
        : undefined;
      const put = this.db.prepare(
        `INSERT INTO items (collection, ident, href_a, version_a, attributes_a, href_b, version_b, attributes_b, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (collection, ident) DO UPDATE SET href_a = excluded.href_a, version_a = excluded.version_a,
           attributes_a = excluded.attributes_a, href_b = excluded.href_b, version_b = excluded.version_b,
           attributes_b = excluded.attributes_b, hash = excluded.hash`,
      );
      const remove = this.db.prepare("DELETE FROM items WHERE collection = ? AND ident = ?");
      const base = this.db.prepare(
        `INSERT INTO bases (item, hash, content) SELECT id, ?, ? FROM items WHERE collection = ? AND ident = ?
         ON CONFLICT (item) DO UPDATE SET hash = excluded.hash, content = excluded.content`,
      );
      this.db.transaction(() => {
        for (const change of changes) {
          if (change.kind === "base") {
            base.run(change.base.hash, change.base.packed, collection, change.ident);
            continue;
          }
          settle?.run(collection, change.kind === "remove" ? change.ident : change.row.ident);
          if (change.kind === "remove") {
            remove.run(collection, change.ident);
            continue;
          }
          const { row } = change;
          put.run(
            collection,
            row.ident,
            row.a?.href ?? null,
            row.a?.version ?? null,
            attributesText(row.a),
            row.b?.href ?? null,
            row.b?.version ?? null,
            attributesText(row.b),
            row.hash,
          );
        }
      })();
    });
  }

  /** The base kept for an item, if any (`engine/bases.ts` says what it holds). */
  base(collection: number, ident: string): StoredBase | undefined {
    return this.run("reading a base", () => {
      const row = this.db
        .prepare(
          "SELECT bases.hash, bases.content FROM bases JOIN items ON items.id = bases.item WHERE items.collection = ? AND items.ident = ?",
        )
        .get(collection, ident) as { hash: string; content: Uint8Array } | undefined;
      return row === undefined ? undefined : { hash: row.hash, packed: row.content };
    });
  }

  /** Stores the listing states (sync tokens) to hand to the next listing; undefined forgets one. */
  setStates(collection: number, states: Record<Side, string | undefined>): void {
    this.run("recording sync state", () =>
      this.db
        .prepare("UPDATE collections SET state_a = ?, state_b = ? WHERE id = ?")
        .run(states.a ?? null, states.b ?? null, collection),
    );
  }

  setLastResult(collection: number, at: number, result: string): void {
    this.run("recording the result", () =>
      this.db
        .prepare("UPDATE collections SET last_sync_at = ?, last_result = ? WHERE id = ?")
        .run(at, result, collection),
    );
  }

  conflicts(collection: number): ConflictRow[] {
    return this.run("reading conflicts", () =>
      (
        this.db
          .prepare("SELECT * FROM conflicts WHERE collection = ? ORDER BY detected_at, ident")
          .all(collection) as ConflictDbRow[]
      ).map((row) => ({
        ident: row.ident,
        a: { href: row.href_a as Href, version: row.version_a as Version, hash: row.hash_a },
        b: { href: row.href_b as Href, version: row.version_b as Version, hash: row.hash_b },
        detectedAt: row.detected_at,
      })),
    );
  }

  /** Replaces the collection's pending conflicts with `current`, keeping those in `keep`. */
  replaceConflicts(collection: number, current: readonly ConflictRow[], keep: ReadonlySet<string>): void {
    this.run("recording conflicts", () => {
      const insert = this.db.prepare(
        `INSERT INTO conflicts (collection, ident, href_a, version_a, hash_a, href_b, version_b, hash_b, detected_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (collection, ident) DO UPDATE SET href_a = excluded.href_a, version_a = excluded.version_a,
           hash_a = excluded.hash_a, href_b = excluded.href_b, version_b = excluded.version_b, hash_b = excluded.hash_b`,
      );
      this.db.transaction(() => {
        const stale = (
          this.db.prepare("SELECT ident FROM conflicts WHERE collection = ?").all(collection) as {
            ident: string;
          }[]
        ).filter(({ ident }) => !keep.has(ident) && !current.some((conflict) => conflict.ident === ident));
        const remove = this.db.prepare("DELETE FROM conflicts WHERE collection = ? AND ident = ?");
        for (const { ident } of stale) remove.run(collection, ident);
        for (const c of current) {
          insert.run(
            collection,
            c.ident,
            c.a.href,
            c.a.version,
            c.a.hash,
            c.b.href,
            c.b.version,
            c.b.hash,
            c.detectedAt,
          );
        }
      })();
    });
  }

  removeConflict(collection: number, ident: string): void {
    this.run("removing a conflict", () =>
      this.db.prepare("DELETE FROM conflicts WHERE collection = ? AND ident = ?").run(collection, ident),
    );
  }

  /** The refusals last reported for the collection: what was refused (an opaque key), by ident. */
  refusals(collection: number): Map<string, string> {
    return this.run("reading refusals", () => {
      const rows = this.db
        .prepare("SELECT ident, change FROM refusals WHERE collection = ?")
        .all(collection) as {
        ident: string;
        change: string;
      }[];
      return new Map(rows.map((row) => [row.ident, row.change]));
    });
  }

  /** Replaces the collection's reported refusals with `current`, keeping those in `keep`. */
  replaceRefusals(collection: number, current: ReadonlyMap<string, string>, keep: ReadonlySet<string>): void {
    this.run("recording refusals", () => {
      const insert = this.db.prepare("INSERT INTO refusals (collection, ident, change) VALUES (?, ?, ?)");
      const remove = this.db.prepare("DELETE FROM refusals WHERE collection = ? AND ident = ?");
      this.db.transaction(() => {
        for (const ident of this.refusals(collection).keys()) {
          if (!keep.has(ident)) remove.run(collection, ident);
        }
        for (const [ident, change] of current) {
          remove.run(collection, ident);
          insert.run(collection, ident, change);
        }
      })();
    });
  }

  properties(collection: number): Map<PropertyName, string | undefined> {
    return this.run("reading properties", () => {
      const rows = this.db
        .prepare("SELECT name, value FROM properties WHERE collection = ?")
        .all(collection) as {
        name: PropertyName;
        value: string | null;
      }[];
      return new Map(rows.map((row) => [row.name, row.value ?? undefined]));
    });
  }

  setProperty(collection: number, name: PropertyName, value: string | undefined): void {
    this.run("recording a property", () =>
      this.db
        .prepare(
          "INSERT INTO properties (collection, name, value) VALUES (?, ?, ?) ON CONFLICT (collection, name) DO UPDATE SET value = excluded.value",
        )
        .run(collection, name, value ?? null),
    );
  }

  /** How many items the collection's status remembers, for `concord status`. */
  itemCount(collection: number): number {
    return this.run(
      "counting items",
      () =>
        (
          this.db.prepare("SELECT count(*) AS n FROM items WHERE collection = ?").get(collection) as {
            n: number;
          }
        ).n,
    );
  }

  /** Runs a query per chunk of `values`, for lists longer than SQLite takes in one statement. */
  private inChunks<T, R>(what: string, values: readonly T[], query: (chunk: readonly T[]) => R[]): R[] {
    return this.run(what, () => {
      const results: R[] = [];
      for (let start = 0; start < values.length; start += chunkSize) {
        results.push(...query(values.slice(start, start + chunkSize)));
      }
      return results;
    });
  }

  private run<T>(what: string, operation: () => T): T {
    try {
      return operation();
    } catch (error) {
      throw wrap(error, this.path, what);
    }
  }
}

function wrap(error: unknown, path: string, what: string): StatusDbError {
  if (error instanceof StatusDbError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new StatusDbError(`${path}: ${what}: ${detail}`, { path }, { cause: error });
}
