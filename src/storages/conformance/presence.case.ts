/**
 * Cases for availability: a storage that can be absent (an unplugged disk) says so through
 * `probe`, naming what is missing, and is then never read as empty; its mark (`mark`) is made
 * once and shown by `probe`, to this instance and to the next run's.
 * @module
 */
import { expect } from "vitest";
import type { Presence, Storage } from "../../contract/index.js";
import type { ConformanceCase, ConformanceSubject } from "./harness.js";
import { createSample } from "./samples.js";

/** The storage's probe, or a failure telling the storage to declare the gap. */
function probeOf(storage: Storage): () => Promise<Presence> {
  const { probe } = storage;
  if (probe === undefined) {
    throw new Error("the storage has no probe; declare this test skipped, with the reason");
  }
  return probe.bind(storage);
}

function markOf(storage: Storage): () => Promise<string> {
  const { mark } = storage;
  if (mark === undefined) {
    throw new Error("the storage has no mark; declare this test skipped, with the reason");
  }
  return mark.bind(storage);
}

function makeAbsentOf(subject: ConformanceSubject): () => Promise<void> {
  const { makeAbsent } = subject;
  if (makeAbsent === undefined) {
    throw new Error(
      "setup gives no makeAbsent to take the storage away; declare this test skipped, with the reason",
    );
  }
  return makeAbsent.bind(subject);
}

export const presenceCases = [
  {
    name: "probe answers present, then absent naming the path once the storage is gone, which never lists",
    async run(context) {
      const { samples } = context;
      const opened = await context.newCollection();
      const { subject, collection } = opened;
      const probe = probeOf(subject.storage);
      const makeAbsent = makeAbsentOf(subject);

      const fresh = await probe();
      expect(fresh.kind).toBe("present");
      if (fresh.kind === "present" && fresh.empty !== undefined) expect(fresh.empty).toBe(true);
      await createSample(collection, samples, samples.item("here", "Here"));
      await collection.flush?.();
      const holding = await probe();
      expect(holding.kind).toBe("present");
      if (holding.kind === "present") expect(holding.empty).not.toBe(true);

      await makeAbsent();
      const gone = await probe();
      expect(gone.kind).toBe("absent");
      if (gone.kind === "absent") {
        expect(gone.why).not.toBe("");
        if (subject.root !== undefined) expect(gone.why).toContain(subject.root);
      }
      // A collection opened before must not read the missing storage as one without items.
      await expect(collection.list()).rejects.toBeInstanceOf(Error);
    },
  },
  {
    name: "mark is made once, and probe shows it to this instance and a fresh one",
    async run(context) {
      const opened = await context.newCollection();
      const { storage } = opened.subject;
      const probe = probeOf(storage);
      const mark = markOf(storage);

      const before = await probe();
      expect(before).toMatchObject({ kind: "present" });
      if (before.kind === "present") expect(before.mark).toBeUndefined();

      const made = await mark();
      expect(made).toMatch(/\S/);
      expect(await mark()).toBe(made);
      const after = await probe();
      expect(after).toMatchObject({ kind: "present", mark: made });
      // The mark is not an item: a storage holding nothing else is still empty.
      if (after.kind === "present" && after.empty !== undefined) expect(after.empty).toBe(true);

      const again = (await context.reopen(opened)).subject.storage;
      expect(await probeOf(again)()).toMatchObject({ kind: "present", mark: made });
      expect(await markOf(again)()).toBe(made);
    },
  },
] as const satisfies readonly ConformanceCase[];
