/**
 * Crash safety: a run is killed after each possible write in turn (the storages keep what was
 * written, the status database keeps nothing after the kill). The next run must converge with
 * nothing lost and nothing duplicated.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { StatusDb } from "./status.js";
import { Harness } from "./testing/harness.js";

class Killed extends Error {}

/** A history that needs every kind of write on both sides. */
function prepare(h: Harness): void {
  h.put("a", "keep", "same");
  h.put("b", "keep", "same");
  h.put("a", "edit-a", "old");
  h.put("a", "edit-b", "old");
  h.put("a", "gone-a", "old");
  h.put("a", "gone-b", "old");
}

async function diverge(h: Harness): Promise<void> {
  await h.sync();
  h.put("a", "edit-a", "new in a");
  h.put("b", "edit-b", "new in b");
  h.remove("a", "gone-a");
  h.remove("b", "gone-b");
  for (const n of [1, 2, 3]) {
    h.put("a", `new-a-${n}`, "fresh");
    h.put("b", `new-b-${n}`, "fresh");
  }
}

/** Wraps the status so that after the kill nothing more reaches the database. */
function killable(status: StatusDb, isKilled: () => boolean): StatusDb {
  return new Proxy(status, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (isKilled() && property !== "items" && property !== "collection") throw new Killed("killed");
        return value.apply(target, args);
      };
    },
  });
}

let harness: Harness | undefined;
afterEach(() => harness?.dispose());

describe("a run killed after any write", () => {
  it("is completed by the next run without loss or duplicates", async () => {
    const reference = new Harness();
    prepare(reference);
    await diverge(reference);
    await reference.sync();
    const want = reference.summaries("a");
    expect(reference.summaries("b")).toEqual(want);
    reference.dispose();

    let killAt = 0;
    for (let finished = false; !finished; killAt++) {
      const counter = { armed: false, writes: 0, killed: false };
      const onWrite = (): void => {
        if (!counter.armed) return;
        if (counter.killed || counter.writes++ === killAt) {
          counter.killed = true;
          throw new Killed(`killed at write ${killAt}`);
        }
      };
      harness?.dispose();
      const h = new Harness({ a: { beforeWrite: onWrite }, b: { beforeWrite: onWrite } });
      harness = h;
      prepare(h);
      await diverge(h);

      counter.armed = true;
      const outcome = await h.sync({}, { status: killable(h.status, () => counter.killed) }).then(
        () => "finished",
        () => "killed",
      );
      // The run is killed at write `killAt`, unless it needed fewer writes: then it finished.
      expect(outcome).toBe(counter.killed ? "killed" : "finished");
      finished = outcome === "finished";
      counter.armed = false;

      await h.sync();
      const second = await h.sync();
      expect(second.collections.flatMap((c) => c.planned.filter((a) => a.kind !== "record"))).toEqual([]);
      expect(h.summaries("a")).toEqual(want);
      expect(h.summaries("b")).toEqual(want);
      // No duplicates: one item per UID on each side.
      expect(h.items("a").size).toBe(want.size);
      expect(h.items("b").size).toBe(want.size);
    }
    // The history needs 10 writes; every one of them was a kill point.
    expect(killAt).toBeGreaterThan(10);
  });
});
