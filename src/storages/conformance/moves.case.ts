/**
 * Cases for `move`: an item paired by its href gets another href without its content being
 * written again, and never over an item that has that href or from a version that is stale.
 * @module
 */
import { expect } from "vitest";
import { bytesBody, type Collection } from "../../contract/index.js";
import { NotFoundError, PreconditionFailedError } from "../../errors/index.js";
import type { ConformanceCase } from "./harness.js";
import {
  createSample,
  expectBytes,
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

export const moveCases = [
  {
    name: "move gives an item the new href with its content and attributes",
    skipFor: pairedByContent,
    async run(context) {
      const { samples } = context;
      const { collection } = await context.newCollection();
      const move = moveOf(collection);
      const moving = samples.item("docs/old name.txt", "Moving");
      const from = await createSample(collection, samples, moving, samples.attributes?.first);
      const staying = await createSample(collection, samples, samples.item("staying.txt", "Staying"));
      const attributesBefore = (await listAttributes(collection)).get(from.href);

      const to = "moved/new name ü.txt";
      const written = await move(from.href, (await listVersions(collection)).get(from.href), to);
      expect(written.href).toBe(to);

      const listed = await listVersions(collection);
      expect([...listed.keys()].sort()).toEqual([staying.href, to].sort());
      if (written.version !== undefined) expect(listed.get(written.href)).toBe(written.version);
      expectBytes((await fetchOne(collection, written.href)).content, moving.content);
      expect((await fetchAll(collection, [from.href])).get(from.href)).toMatchObject({
        error: expect.any(NotFoundError),
      });
      if (samples.attributes !== undefined) {
        expect((await listAttributes(collection)).get(written.href)).toEqual(attributesBefore);
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
      expectBytes((await fetchOne(collection, moving.href)).content, content);
      expectBytes(
        (await fetchOne(collection, taken.href)).content,
        samples.item("taken.txt", "Taken").content,
      );
    },
  },
] as const satisfies readonly ConformanceCase[];
