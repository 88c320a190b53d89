/**
 * Cases for items: create, list, get, update and delete, with the preconditions that keep a
 * write from replacing or removing something that changed underneath, and how `create` names
 * an item: a suggestion for models paired by content, the exact href for models paired by href.
 * @module
 */
import { expect } from "vitest";
import { NotFoundError, PreconditionFailedError } from "../../errors/index.js";
import {
  asHref,
  bytesBody,
  type Href,
  type Listing,
  type Version,
  type Written,
} from "../../contract/index.js";
import type { ConformanceCase } from "./harness.js";
import { createSample, fetchAll, fetchOne, listVersions, type ModelSamples } from "./samples.js";

/** What a listing says the collection holds, given what the listing with its `state` said. */
export function applyListing(earlier: Map<Href, Version>, listing: Listing): Map<Href, Version> {
  switch (listing.kind) {
    case "full":
      return new Map(listing.items.map((item) => [item.href, item.version]));
    case "delta": {
      const picture = new Map(earlier);
      for (const href of listing.removed) picture.delete(href);
      for (const item of listing.changed) picture.set(item.href, item.version);
      return picture;
    }
    case "unchanged":
      return earlier;
  }
}

/** The bytes `samples.item(key, text)` holds. */
const contentOf = (samples: ModelSamples, key: string, text: string) => samples.item(key, text).content;

export const itemCases = [
  {
    name: "a new collection lists no items",
    async run(context) {
      const { collection } = await context.newCollection();
      expect(await listVersions(collection)).toEqual(new Map());
    },
  },
  {
    name: "create, list and get give back what was written",
    async run(context) {
      const { samples } = context;
      const { collection } = await context.newCollection();
      const written: Written[] = [];
      for (const sample of samples.varied) written.push(await createSample(collection, samples, sample));
      expect(new Set(written.map((item) => item.href)).size).toBe(samples.varied.length);
      if (samples.exactNames)
        expect(written.map((item) => item.href)).toEqual(samples.varied.map((s) => s.name));

      const listed = await listVersions(collection);
      expect([...listed.keys()].sort()).toEqual(written.map((item) => item.href).sort());
      for (const item of written) {
        if (item.version !== undefined) expect(listed.get(item.href)).toBe(item.version);
      }

      const fetched = await fetchAll(collection, [...listed.keys()]);
      for (const [index, sample] of samples.varied.entries()) {
        const answer = fetched.get(written[index]!.href);
        if (answer === undefined || "error" in answer)
          throw answer?.error ?? new Error(`${sample.name} not fetched`);
        await context.expectContent(answer.body, sample.content);
        expect(answer.version).toBe(listed.get(answer.href));
        // What the item is (a link, a folder) comes back as it was given.
        if (sample.attributes !== undefined) expect(answer.attributes).toMatchObject(sample.attributes);
      }
    },
  },
  {
    name: "an imperfect item is kept as it was written, also for a fresh instance",
    skipFor: (samples, traits) =>
      samples.imperfect === undefined
        ? `${samples.kind} items have no format to get wrong: any bytes make one`
        : traits.refusesMalformedItems,
    async run(context) {
      const { samples } = context;
      const imperfect = samples.imperfect;
      if (imperfect === undefined) throw new Error(`no imperfect ${samples.kind} item`);
      const opened = await context.newCollection();
      const written = await createSample(opened.collection, samples, imperfect);
      const listed = await listVersions(opened.collection);
      expect([...listed.keys()]).toEqual([written.href]);
      const fetched = await fetchOne(opened.collection, written.href);
      expect(fetched.version).toBe(listed.get(written.href));
      await context.expectContent(fetched.content, imperfect.content);

      await opened.collection.flush?.();
      const again = await context.reopen(opened);
      await context.expectContent(
        (await fetchOne(again.collection, written.href)).content,
        imperfect.content,
      );
    },
  },
  {
    name: "update with the current version replaces the content",
    async run(context) {
      const { samples } = context;
      const { collection } = await context.newCollection();
      const created = await createSample(collection, samples, samples.item("update-me", "Before"));
      const before = (await listVersions(collection)).get(created.href);

      const updated = await collection.update(
        created.href,
        before,
        bytesBody(contentOf(samples, "update-me", "After")),
      );
      expect(updated.href).toBe(created.href);

      const after = (await listVersions(collection)).get(created.href);
      expect(after).toBeDefined();
      expect(after).not.toBe(before);
      if (updated.version !== undefined) expect(after).toBe(updated.version);
      await context.expectContent(
        (await fetchOne(collection, created.href)).content,
        contentOf(samples, "update-me", "After"),
      );
    },
  },
  {
    name: "update with a stale version fails and changes nothing",
    async run(context) {
      const { samples } = context;
      const { collection } = await context.newCollection();
      const created = await createSample(collection, samples, samples.item("stale-update", "First"));
      const stale = (await listVersions(collection)).get(created.href);
      await collection.update(created.href, stale, bytesBody(contentOf(samples, "stale-update", "Second")));
      const current = (await listVersions(collection)).get(created.href);

      await expect(
        collection.update(created.href, stale, bytesBody(contentOf(samples, "stale-update", "Third"))),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
      expect((await listVersions(collection)).get(created.href)).toBe(current);
      await context.expectContent(
        (await fetchOne(collection, created.href)).content,
        contentOf(samples, "stale-update", "Second"),
      );
    },
  },
  {
    name: "delete with a stale version fails and changes nothing",
    async run(context) {
      const { samples } = context;
      const { collection } = await context.newCollection();
      const created = await createSample(collection, samples, samples.item("stale-delete", "First"));
      const stale = (await listVersions(collection)).get(created.href);
      await collection.update(created.href, stale, bytesBody(contentOf(samples, "stale-delete", "Second")));
      const current = (await listVersions(collection)).get(created.href);

      await expect(collection.delete(created.href, stale)).rejects.toBeInstanceOf(PreconditionFailedError);
      expect((await listVersions(collection)).get(created.href)).toBe(current);
      await context.expectContent(
        (await fetchOne(collection, created.href)).content,
        contentOf(samples, "stale-delete", "Second"),
      );
    },
  },
  {
    name: "delete with the current version removes the item",
    async run(context) {
      const { samples } = context;
      const { collection } = await context.newCollection();
      const kept = await createSample(collection, samples, samples.item("kept", "Kept"));
      const removed = await createSample(collection, samples, samples.item("removed", "Removed"));
      await collection.delete(removed.href, (await listVersions(collection)).get(removed.href));
      expect([...(await listVersions(collection)).keys()]).toEqual([kept.href]);
    },
  },
  {
    name: "get of a missing href yields a NotFoundError entry and the other items",
    async run(context) {
      const { samples } = context;
      const { collection } = await context.newCollection();
      const present = await createSample(collection, samples, samples.item("present", "Present"));
      const gone = await createSample(collection, samples, samples.item("gone", "Gone"));
      await collection.delete(gone.href, (await listVersions(collection)).get(gone.href));
      // An href of the storage's own shape that was never used, as well as one that was.
      const neverUsed = asHref(`${gone.href}-never-used`);

      const fetched = await fetchAll(collection, [gone.href, present.href, neverUsed]);
      expect(fetched.size).toBe(3);
      expect(fetched.get(gone.href)).toMatchObject({ error: expect.any(NotFoundError) });
      expect(fetched.get(neverUsed)).toMatchObject({ error: expect.any(Error) });
      await context.expectContent(
        (await fetchOne(collection, present.href)).content,
        contentOf(samples, "present", "Present"),
      );
    },
  },
  {
    name: "update or delete of a removed item fails and does not bring it back",
    async run(context) {
      const { samples } = context;
      const { collection } = await context.newCollection();
      const created = await createSample(collection, samples, samples.item("removed-twice", "Here"));
      const version = (await listVersions(collection)).get(created.href);
      await collection.delete(created.href, version);

      const missing = (error: unknown) =>
        error instanceof NotFoundError || error instanceof PreconditionFailedError;
      await expect(
        collection.update(created.href, version, bytesBody(contentOf(samples, "removed-twice", "Back"))),
      ).rejects.toSatisfy(missing);
      await expect(collection.delete(created.href, version)).rejects.toSatisfy(missing);
      expect(await listVersions(collection)).toEqual(new Map());
    },
  },
  {
    name: "create never replaces an item with the same suggested name",
    skipFor: (samples) =>
      samples.exactNames
        ? `names of ${samples.kind} items are exact hrefs, never suggestions: "create with an exact name" covers a taken one`
        : undefined,
    async run(context) {
      const { samples } = context;
      const { collection } = await context.newCollection();
      // Two items (two UIDs where items have one) given one name, as two UIDs made safe may be.
      const firstItem = { name: "same-name", content: contentOf(samples, "same-name-first", "First") };
      const secondItem = { name: "same-name", content: contentOf(samples, "same-name-second", "Second") };
      const first = await createSample(collection, samples, firstItem);
      const second = await createSample(collection, samples, secondItem);
      expect(second.href).not.toBe(first.href);
      expect([...(await listVersions(collection)).keys()].sort()).toEqual([first.href, second.href].sort());
      await context.expectContent((await fetchOne(collection, first.href)).content, firstItem.content);
      await context.expectContent((await fetchOne(collection, second.href)).content, secondItem.content);
    },
  },
  {
    name: "create with an exact name gives that href, and fails with PreconditionFailedError when it is taken",
    skipFor: (samples) =>
      samples.exactNames
        ? undefined
        : `${samples.kind} items are paired by ${samples.identity}, not by href: the engine never asks for an exact name`,
    async run(context) {
      const { samples } = context;
      const { collection } = await context.newCollection();
      const first = samples.item("docs/exact name é.txt", "First");
      const created = await collection.create(bytesBody(first.content), first.name, { exact: true });
      expect(created.href).toBe(first.name);
      const versions = await listVersions(collection);
      expect([...versions.keys()]).toEqual([first.name]);

      const second = samples.item("docs/exact name é.txt", "Second");
      await expect(
        collection.create(bytesBody(second.content), second.name, { exact: true }),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
      expect(await listVersions(collection)).toEqual(versions);
      await context.expectContent((await fetchOne(collection, created.href)).content, first.content);
    },
  },
  {
    name: "list with an earlier state reports every change since",
    async run(context) {
      const { samples } = context;
      const { collection } = await context.newCollection();
      await createSample(collection, samples, samples.item("delta-kept", "Kept"));
      const changed = await createSample(collection, samples, samples.item("delta-changed", "Before"));
      const removed = await createSample(collection, samples, samples.item("delta-removed", "Removed"));
      await collection.flush?.();
      const earlier = await collection.list();
      const earlierPicture = applyListing(new Map(), earlier);

      await collection.update(
        changed.href,
        earlierPicture.get(changed.href),
        bytesBody(contentOf(samples, "delta-changed", "After")),
      );
      await collection.delete(removed.href, earlierPicture.get(removed.href));
      await createSample(collection, samples, samples.item("delta-added", "Added"));
      await collection.flush?.();

      const later = await collection.list(earlier.state);
      expect(applyListing(earlierPicture, later)).toEqual(await listVersions(collection));
    },
  },
  {
    name: "readAll gives every item as get does, and a state list continues from",
    async run(context) {
      const { samples } = context;
      const { collection } = await context.newCollection();
      const { readAll } = collection;
      if (readAll === undefined) {
        throw new Error("the collection has no readAll; declare this test skipped, with the reason");
      }
      const written: Written[] = [];
      for (const sample of samples.varied) written.push(await createSample(collection, samples, sample));
      await collection.flush?.();
      const whole = await readAll.call(collection);
      const read = new Map<Href, Version>();
      for await (const fetched of whole.items) {
        if ("error" in fetched) throw fetched.error;
        read.set(fetched.href, fetched.version);
        await context.expectContent(fetched.body, (await fetchOne(collection, fetched.href)).content);
      }
      expect(read).toEqual(await listVersions(collection));

      const first = (written[0] as Written).href;
      await collection.update(
        first,
        read.get(first),
        bytesBody(contentOf(samples, samples.varied[0]!.name, "Changed after readAll")),
      );
      await createSample(collection, samples, samples.item("read-all-added", "Added"));
      await collection.flush?.();
      const later = await collection.list(whole.state);
      expect(applyListing(read, later)).toEqual(await listVersions(collection));
    },
  },
] as const satisfies readonly ConformanceCase[];
