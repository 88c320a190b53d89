/**
 * Crash safety on real file trees: a run is killed after each of its writes in turn (the write
 * is on disk, nothing after it reaches the trees or the status). Every file must then hold its
 * old content or its new one, and the next run must converge with nothing lost or duplicated.
 */
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Collection, Storage } from "../contract/index.js";
import { definition } from "../storages/files/index.js";
import type { PlanPolicy } from "./plan.js";
import { StatusDb } from "./status.js";
import { syncPair } from "./sync-pair.js";
import type { Side } from "./types.js";

class Killed extends Error {}

/** The writes a collection makes; `flush` is where the folders' entries become durable. */
const writeMethods = ["create", "update", "delete", "move", "setAttributes", "flush"] as const;

interface KillSwitch {
  armed: boolean;
  writes: number;
  killAt: number;
  killed: boolean;
}

/** The storage, whose collections let write number `killAt` happen and then stop everything. */
function killable(storage: Storage, kill: KillSwitch): Storage {
  const wrap = (collection: Collection): Collection => {
    const wrapped: Record<string, unknown> = { ...collection };
    for (const method of writeMethods) {
      const original = collection[method] as ((...args: unknown[]) => Promise<unknown>) | undefined;
      if (!original) continue;
      wrapped[method] = async (...args: unknown[]) => {
        if (kill.killed) throw new Killed("killed");
        if (!kill.armed || method === "flush") return original.apply(collection, args);
        const result = await original.apply(collection, args);
        if (kill.writes++ === kill.killAt) kill.killed = true;
        if (kill.killed) throw new Killed(`killed after write ${kill.killAt}`);
        return result;
      };
    }
    return wrapped as unknown as Collection;
  };
  return { ...storage, open: (info) => wrap(storage.open(info)) };
}

/** Wraps the status so that after the kill nothing more reaches the database. */
function killableStatus(status: StatusDb, kill: KillSwitch): StatusDb {
  return new Proxy(status, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (kill.killed) throw new Killed("killed");
        return value.apply(target, args);
      };
    },
  });
}

const policy: PlanPolicy = {
  conflict: { kind: "keepBoth" },
  onDelete: "sync",
  onEmpty: "skip",
  readOnly: { a: false, b: false },
};

class Trees {
  readonly dir = mkdtempSync(join(tmpdir(), "concord-files-crash-"));
  readonly status = StatusDb.open(join(this.dir, "p.sqlite"));

  constructor() {
    mkdirSync(join(this.dir, "a"));
    mkdirSync(join(this.dir, "b"));
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  write(relative: string, content: string, mtime?: Date): void {
    mkdirSync(dirname(this.path(relative)), { recursive: true });
    writeFileSync(this.path(relative), content);
    if (mtime) utimesSync(this.path(relative), mtime, mtime);
  }

  async sync(kill?: KillSwitch) {
    const storages = {} as Record<Side, Storage>;
    for (const side of ["a", "b"] as const) {
      const config = definition.configSchema.parse({ type: "files", path: this.path(side) });
      const storage = await definition.create(side, config);
      storages[side] = kill ? killable(storage, kill) : storage;
    }
    return syncPair({
      pair: "p",
      storages,
      collections: undefined,
      status: kill ? killableStatus(this.status, kill) : this.status,
      policy,
      metadata: [],
    });
  }

  /** Path → content (mode first; a folder as "folder"), conflict copies' time stamps made alike. */
  tree(side: Side): Record<string, string> {
    const entries: Record<string, string> = {};
    const walk = (folder: string, prefix: string) => {
      for (const name of readdirSync(folder)) {
        if (prefix === "" && name === ".concord-id") continue;
        const path = join(folder, name);
        const key = (prefix + name).replace(/\.conflict-([ab])-\d{8}-\d{6}/, ".conflict-$1-STAMP");
        const stats = lstatSync(path);
        if (stats.isDirectory()) {
          entries[`${key}/`] = "folder";
          walk(path, `${key}/`);
        } else entries[key] = `${(stats.mode & 0o777).toString(8)} ${readFileSync(path, "utf8")}`;
      }
    };
    walk(this.path(side), "");
    return entries;
  }

  dispose(): void {
    this.status.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const older = new Date("2024-01-01T00:00:00Z");
const newer = new Date("2024-06-01T00:00:00Z");

/** Two trees in agreement, then changes of every kind on both sides. */
async function history(t: Trees): Promise<void> {
  for (const name of ["keep", "edit-a", "edit-b", "gone-a", "gone-b", "both", "run"])
    t.write(`a/${name}.txt`, `${name} old\n`);
  for (const n of [1, 2, 3]) t.write(`a/album/photo-${n}.jpg`, `photo ${n}\n`);
  t.write("a/box/last.txt", "last in its folder\n");
  mkdirSync(t.path("a/empty"));
  await t.sync();

  t.write("a/edit-a.txt", "edit-a new\n");
  t.write("b/edit-b.txt", "edit-b new, longer\n");
  unlinkSync(t.path("a/gone-a.txt"));
  unlinkSync(t.path("b/gone-b.txt"));
  t.write("a/both.txt", "both new in a\n", older);
  t.write("b/both.txt", "both new in b\n", newer);
  chmodSync(t.path("b/run.txt"), 0o755);
  renameSync(t.path("a/album"), t.path("a/album-2024"));
  unlinkSync(t.path("b/box/last.txt"));
  t.write("a/empty/filled.txt", "into the empty folder\n");
  for (const n of [1, 2]) t.write(`a/new-a-${n}.txt`, `new in a ${n}\n`);
  t.write("b/sub/new-b.txt", "new in b\n");
}

/** Every content a file of the history ever had, by path: what a file may hold after a kill. */
function allowed(t: Trees, before: Record<Side, Record<string, string>>, after: Record<string, string>) {
  const known = new Set([...Object.values(before.a), ...Object.values(before.b), ...Object.values(after)]);
  for (const side of ["a", "b"] as const) {
    for (const [path, content] of Object.entries(t.tree(side))) {
      expect(path, `${side}: ${path}`).not.toMatch(/\.concord-tmp-/);
      if (content !== "folder") expect(known.has(content), `${side}: ${path} holds ${content}`).toBe(true);
    }
  }
}

let trees: Trees | undefined;
afterEach(() => trees?.dispose());

describe("a run on file trees killed after any write", () => {
  it("leaves whole files only, and the next run completes it without loss or duplicates", async () => {
    const reference = new Trees();
    await history(reference);
    const before = { a: reference.tree("a"), b: reference.tree("b") };
    const first = await reference.sync();
    expect(first.collections[0]?.failures).toEqual([]);
    const want = reference.tree("a");
    expect(reference.tree("b")).toEqual(want);
    expect(Object.keys(want).filter((path) => path.includes(".conflict-"))).toEqual([
      "both.conflict-a-STAMP.txt",
    ]);
    reference.dispose();

    let killAt = 0;
    for (let finished = false; !finished; killAt++) {
      trees?.dispose();
      const t = new Trees();
      trees = t;
      await history(t);
      const kill: KillSwitch = { armed: true, writes: 0, killAt, killed: false };
      const report = await t.sync(kill).catch(() => undefined);
      // The run is killed at write `killAt`, unless it needed fewer writes: then it finished.
      finished = !kill.killed;
      if (finished) expect(report?.collections[0]?.failures).toEqual([]);
      expect(killAt).toBeLessThan(100);
      allowed(t, before, want);

      const next = await t.sync();
      expect(next.collections[0]?.failures, `killed at ${killAt}`).toEqual([]);
      expect(t.tree("a"), `killed at ${killAt}`).toEqual(want);
      expect(t.tree("b"), `killed at ${killAt}`).toEqual(want);
      const again = await t.sync();
      expect(
        again.collections[0]?.planned.filter((action) => action.kind !== "record"),
        `killed at ${killAt}`,
      ).toEqual([]);
    }
    // Every write of the history was a kill point.
    expect(killAt).toBeGreaterThan(15);
  });
});
