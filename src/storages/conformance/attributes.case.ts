/**
 * Cases for attributes (a file's mode and modification time): given at `create`, listed and
 * fetched with the item, seen by a fresh instance, and changed by `setAttributes` without the
 * content changing, under the same precondition as every other write.
 * @module
 */
import { expect } from "vitest";
import { type Attributes, bytesBody, type Collection, type Href } from "../../contract/index.js";
import { PreconditionFailedError } from "../../errors/index.js";
import type { ConformanceCase } from "./harness.js";
import {
  createSample,
  fetchItem,
  fetchOne,
  listAttributes,
  listVersions,
  type ModelSamples,
} from "./samples.js";

const noAttributes = (samples: ModelSamples) =>
  samples.attributes === undefined ? `${samples.kind} items carry no attributes` : undefined;

/** The model's two sets of attributes; the case is skipped for models without them. */
function attributeSets(samples: ModelSamples): { first: Attributes; second: Attributes } {
  if (samples.attributes === undefined) throw new Error(`${samples.kind} items carry no attributes`);
  return samples.attributes;
}

/** The attributes the listing gives `href`, failing when it gives none. */
async function listedAttributes(collection: Collection, href: Href): Promise<Attributes> {
  const attributes = (await listAttributes(collection)).get(href);
  if (attributes === undefined) throw new Error(`the listing gives ${href} no attributes`);
  return attributes;
}

export const attributeCases = [
  {
    name: "create with attributes gives an item listed and fetched with them",
    skipFor: noAttributes,
    async run(context) {
      const { samples } = context;
      const { first } = attributeSets(samples);
      const opened = await context.newCollection();
      const { collection } = opened;
      const sample = samples.item("tools/run.sh", "#!/bin/sh");
      const written = await createSample(collection, samples, sample, first);
      if (written.attributes !== undefined) expect(written.attributes).toMatchObject(first);

      const listed = await listedAttributes(collection, written.href);
      expect(listed).toMatchObject(first);
      if (written.attributes !== undefined) expect(listed).toEqual(written.attributes);
      const fetched = await fetchItem(collection, written.href);
      expect(fetched.attributes).toEqual(listed);

      await collection.flush?.();
      const again = await context.reopen(opened);
      expect(await listedAttributes(again.collection, written.href)).toEqual(listed);
    },
  },
  {
    name: "setAttributes changes the attributes and not the content, and fails on a stale version",
    skipFor: noAttributes,
    async run(context) {
      const { samples } = context;
      const { first, second } = attributeSets(samples);
      const { collection } = await context.newCollection();
      const { setAttributes } = collection;
      if (setAttributes === undefined) {
        throw new Error("the collection has no setAttributes; declare this test skipped, with the reason");
      }
      const created = await createSample(collection, samples, samples.item("attributes", "Before"), first);
      const stale = (await listVersions(collection)).get(created.href);
      const content = samples.item("attributes", "After").content;
      await collection.update(created.href, stale, bytesBody(content));
      const current = (await listVersions(collection)).get(created.href);
      const before = await listedAttributes(collection, created.href);

      await expect(setAttributes.call(collection, created.href, stale, second)).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
      expect((await listVersions(collection)).get(created.href)).toBe(current);
      expect(await listedAttributes(collection, created.href)).toEqual(before);

      const written = await setAttributes.call(collection, created.href, current, second);
      expect(written.href).toBe(created.href);
      const after = await listedAttributes(collection, created.href);
      expect(after).toMatchObject(second);
      if (written.attributes !== undefined) expect(after).toEqual(written.attributes);
      const changed = (await listVersions(collection)).get(created.href);
      if (written.version !== undefined) expect(changed).toBe(written.version);
      await context.expectContent((await fetchOne(collection, created.href)).content, content);

      // The version the attributes replaced no longer writes.
      if (changed !== current) {
        await expect(
          collection.update(created.href, current, bytesBody(samples.item("attributes", "Lost").content)),
        ).rejects.toBeInstanceOf(PreconditionFailedError);
        await context.expectContent((await fetchOne(collection, created.href)).content, content);
      }
    },
  },
] as const satisfies readonly ConformanceCase[];
