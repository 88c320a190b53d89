/**
 * Cases for durability: after `flush`, a new storage instance on the same place (the next run of
 * concord) sees exactly what the first one wrote.
 * @module
 */
import { expect } from "vitest";
import { bytesBody, type Href, type Version } from "../../contract/index.js";
import type { CaseContext, ConformanceCase, OpenedCollection } from "./harness.js";
import { createSample, fetchOne, listVersions } from "./samples.js";

/**
 * Creates the samples plus two more items, updates one and deletes the other, flushes, and opens
 * the collection again in a fresh instance.
 */
async function writeAndReopen(
  context: CaseContext,
): Promise<{ first: OpenedCollection; second: OpenedCollection; contents: Map<Href, Uint8Array> }> {
  const { samples } = context;
  const first = await context.newCollection();
  const { collection } = first;
  const contents = new Map<Href, Uint8Array>();
  for (const sample of samples.varied)
    contents.set((await createSample(collection, samples, sample)).href, sample.content);

  const updated = await createSample(collection, samples, samples.item("persist-updated", "Before"));
  const removed = await createSample(collection, samples, samples.item("persist-removed", "Removed"));
  const versions = await listVersions(collection);
  const after = samples.item("persist-updated", "After").content;
  await collection.update(updated.href, versions.get(updated.href), bytesBody(after));
  contents.set(updated.href, after);
  await collection.delete(removed.href, versions.get(removed.href));
  await collection.flush?.();

  return { first, second: await context.reopen(first), contents };
}

export const persistenceCases = [
  {
    name: "after flush a fresh instance lists the same hrefs and versions",
    async run(context) {
      const { first, second, contents } = await writeAndReopen(context);
      const listedByFirst: Map<Href, Version> = await listVersions(first.collection);
      const listedBySecond = await listVersions(second.collection);
      expect([...listedBySecond.keys()].sort()).toEqual([...contents.keys()].sort());
      expect(listedBySecond).toEqual(listedByFirst);
    },
  },
  {
    name: "after flush a fresh instance reads what was written",
    async run(context) {
      const { second, contents } = await writeAndReopen(context);
      for (const [href, content] of contents)
        await context.expectContent((await fetchOne(second.collection, href)).content, content);
    },
  },
] as const satisfies readonly ConformanceCase[];
