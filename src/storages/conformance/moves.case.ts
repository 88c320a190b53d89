/**
 * Cases for `move`: an item paired by its href gets another href without its content being
 * written again, and never over an item that has that href or from a version that is stale.
 * @module
 */
import { expect } from "vitest";
import {
  type Attributes,
  bytesBody,
  type Collection,
  type Href,
  modifiedAttribute,
  type Written,
} from "../../contract/index.js";
import { NotFoundError, PreconditionFailedError } from "../../errors/index.js";
import type { ConformanceCase } from "./harness.js";
import {
  createSample,
  fetchAll,
  fetchOne,
  listAttributes,
  listVersions,
  type ModelSamples,
} from "./samples.js";

const pairedByContent = (samples: ModelSamples) =>
  samples.identity === "href"
    ? undefined
    : `${samples.kind} items are paired by ${samples.identity}, not by href: the engine never moves them`;

/** The collection's move, or a failure telling the storage to declare the gap. */
function moveOf(collection: Collection): NonNullable<Collection["move"]> {
  const { move } = collection;
  if (move === undefined) {
    throw new Error("the collection has no move; declare this test skipped, with the reason");
  }
  return move.bind(collection);
}

/**
 * Attributes a move carried: the same, but for a modification time that may come back truncated
 * to the microsecond where the storage can set times only that finely (Node's `utimes`), as a
 * folder made anew at its new path is.
 */
function expectCarriedAttributes(actual: Attributes | undefined, expected: Attributes | undefined): void {
  const { [modifiedAttribute]: actualTime, ...actualRest } = actual ?? {};
  const { [modifiedAttribute]: expectedTime, ...expectedRest } = expected ?? {};
  expect(actualRest).toEqual(expectedRest);
  expect(actualTime === undefined).toBe(expectedTime === undefined);
  if (actualTime !== undefined && expectedTime !== undefined) {
    const drift = BigInt(actualTime) - BigInt(expectedTime);
    expect(drift <= 0n && drift > -1000n, `mtime ${actualTime} is not ${expectedTime}`).toBe(true);
  }
}

export const moveCases = [
  {
    name: "move gives an item the new href with its content and attributes",
    skipFor: pairedByContent,
    async run(context) {
      const { samples } = context;
      const { collection } = await context.newCollection();
      const move = moveOf(collection);
      const moving = samples.item("docs/old name.txt", "Moving");
      const items = [{ ...moving, attributes: samples.attributes?.first }, ...samples.varied];
      const hrefs: Href[] = [];
      for (const item of items) hrefs.push((await createSample(collection, samples, item)).href);
      const staying = await createSample(collection, samples, samples.item("staying.txt", "Staying"));
      const before = await listAttributes(collection);
      const versions = await listVersions(collection);

      const moved = new Map<Href, Written>();
      for (const href of hrefs) {
        const to = `moved/${href.replace("old name", "new name ü")}`;
        const written = await move(href, versions.get(href), to);
        expect(written.href).toBe(to);
        moved.set(href, written);
        if (written.version !== undefined)
          expect((await listVersions(collection)).get(written.href)).toBe(written.version);
      }

      // Nothing else shows: neither the old hrefs nor the folders the moves emptied.
      const after = await listAttributes(collection);
      const movedHrefs = [...moved.values()].map((written) => written.href);
      expect([...after.keys()].sort()).toEqual([staying.href, ...movedHrefs].sort());
      const gone = await fetchAll(collection, hrefs);
      for (const [index, item] of items.entries()) {
        const from = hrefs[index] as Href;
        const written = moved.get(from) as Written;
        await context.expectContent((await fetchOne(collection, written.href)).content, item.content);
        expectCarriedAttributes(after.get(written.href), before.get(from));
        if (written.attributes !== undefined) expect(after.get(written.href)).toEqual(written.attributes);
        expect(gone.get(from)).toMatchObject({ error: expect.any(NotFoundError) });
      }
    },
  },
  {
    name: "move to a taken href or from a stale version fails and changes nothing",
    skipFor: pairedByContent,
    async run(context) {
      const { samples } = context;
      const { collection } = await context.newCollection();
      const move = moveOf(collection);
      const moving = await createSample(collection, samples, samples.item("moving.txt", "First"));
      const taken = await createSample(collection, samples, samples.item("taken.txt", "Taken"));
      const stale = (await listVersions(collection)).get(moving.href);
      const content = samples.item("moving.txt", "Second").content;
      await collection.update(moving.href, stale, bytesBody(content));
      const versions = await listVersions(collection);

      await expect(move(moving.href, stale, "free.txt")).rejects.toBeInstanceOf(PreconditionFailedError);
      await expect(move(moving.href, versions.get(moving.href), taken.href)).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
      expect(await listVersions(collection)).toEqual(versions);
      await context.expectContent((await fetchOne(collection, moving.href)).content, content);
      await context.expectContent(
        (await fetchOne(collection, taken.href)).content,
        samples.item("taken.txt", "Taken").content,
      );
    },
  },
] as const satisfies readonly ConformanceCase[];
