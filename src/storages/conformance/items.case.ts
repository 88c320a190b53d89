/**
 * Cases for items: create, list, get, update and delete, with the preconditions that keep a
 * write from replacing or removing something that changed underneath.
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
import { event, expectBody, expectBytes, fetchAll, fetchOne, listVersions, samples } from "./samples.js";

/** What a listing says the collection holds, given what the listing with its `state` said. */
function applyListing(earlier: Map<Href, Version>, listing: Listing): Map<Href, Version> {
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

export const itemCases = [
  {
    name: "a new collection lists no items",
    async run(context) {
      const { collection } = await context.newCollection();
      expect(await listVersions(collection)).toEqual(new Map());
    },
  },
  {
    name: "create, list and get give back the exact bytes",
    async run(context) {
      const { collection } = await context.newCollection();
      const written: Written[] = [];
      for (const sample of samples)
        written.push(await collection.create(bytesBody(sample.content), sample.uid));
      expect(new Set(written.map((item) => item.href)).size).toBe(samples.length);

      const listed = await listVersions(collection);
      expect([...listed.keys()].sort()).toEqual(written.map((item) => item.href).sort());
      for (const item of written) {
        if (item.version !== undefined) expect(listed.get(item.href)).toBe(item.version);
      }

      const fetched = await fetchAll(collection, [...listed.keys()]);
      for (const [index, sample] of samples.entries()) {
        const answer = fetched.get(written[index]!.href);
        if (answer === undefined || "error" in answer)
          throw answer?.error ?? new Error(`${sample.uid} not fetched`);
        await expectBody(answer.body, sample.content);
        expect(answer.version).toBe(listed.get(answer.href));
      }
    },
  },
  {
    name: "update with the current version replaces the content",
    async run(context) {
      const { collection } = await context.newCollection();
      const created = await collection.create(bytesBody(event("update-me", "Before")), "update-me");
      const before = (await listVersions(collection)).get(created.href);

      const updated = await collection.update(created.href, before, bytesBody(event("update-me", "After")));
      expect(updated.href).toBe(created.href);

      const after = (await listVersions(collection)).get(created.href);
      expect(after).toBeDefined();
      expect(after).not.toBe(before);
      if (updated.version !== undefined) expect(after).toBe(updated.version);
      expectBytes((await fetchOne(collection, created.href)).content, event("update-me", "After"));
    },
  },
  {
    name: "update with a stale version fails and changes nothing",
    async run(context) {
      const { collection } = await context.newCollection();
      const created = await collection.create(bytesBody(event("stale-update", "First")), "stale-update");
      const stale = (await listVersions(collection)).get(created.href);
      await collection.update(created.href, stale, bytesBody(event("stale-update", "Second")));
      const current = (await listVersions(collection)).get(created.href);

      await expect(
        collection.update(created.href, stale, bytesBody(event("stale-update", "Third"))),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
      expect((await listVersions(collection)).get(created.href)).toBe(current);
      expectBytes((await fetchOne(collection, created.href)).content, event("stale-update", "Second"));
    },
  },
  {
    name: "delete with a stale version fails and changes nothing",
    async run(context) {
      const { collection } = await context.newCollection();
      const created = await collection.create(bytesBody(event("stale-delete", "First")), "stale-delete");
      const stale = (await listVersions(collection)).get(created.href);
      await collection.update(created.href, stale, bytesBody(event("stale-delete", "Second")));
      const current = (await listVersions(collection)).get(created.href);

      await expect(collection.delete(created.href, stale)).rejects.toBeInstanceOf(PreconditionFailedError);
      expect((await listVersions(collection)).get(created.href)).toBe(current);
      expectBytes((await fetchOne(collection, created.href)).content, event("stale-delete", "Second"));
    },
  },
  {
    name: "delete with the current version removes the item",
    async run(context) {
      const { collection } = await context.newCollection();
      const kept = await collection.create(bytesBody(event("kept", "Kept")), "kept");
      const removed = await collection.create(bytesBody(event("removed", "Removed")), "removed");
      await collection.delete(removed.href, (await listVersions(collection)).get(removed.href));
      expect([...(await listVersions(collection)).keys()]).toEqual([kept.href]);
    },
  },
  {
    name: "get of a missing href yields a NotFoundError entry and the other items",
    async run(context) {
      const { collection } = await context.newCollection();
      const present = await collection.create(bytesBody(event("present", "Present")), "present");
      const gone = await collection.create(bytesBody(event("gone", "Gone")), "gone");
      await collection.delete(gone.href, (await listVersions(collection)).get(gone.href));
      // An href of the storage's own shape that was never used, as well as one that was.
      const neverUsed = asHref(`${gone.href}-never-used`);

      const fetched = await fetchAll(collection, [gone.href, present.href, neverUsed]);
      expect(fetched.size).toBe(3);
      expect(fetched.get(gone.href)).toMatchObject({ error: expect.any(NotFoundError) });
      expect(fetched.get(neverUsed)).toMatchObject({ error: expect.any(Error) });
      expectBytes((await fetchOne(collection, present.href)).content, event("present", "Present"));
    },
  },
  {
    name: "update or delete of a removed item fails and does not bring it back",
    async run(context) {
      const { collection } = await context.newCollection();
      const created = await collection.create(bytesBody(event("removed-twice", "Here")), "removed-twice");
      const version = (await listVersions(collection)).get(created.href);
      await collection.delete(created.href, version);

      const missing = (error: unknown) =>
        error instanceof NotFoundError || error instanceof PreconditionFailedError;
      await expect(
        collection.update(created.href, version, bytesBody(event("removed-twice", "Back"))),
      ).rejects.toSatisfy(missing);
      await expect(collection.delete(created.href, version)).rejects.toSatisfy(missing);
      expect(await listVersions(collection)).toEqual(new Map());
    },
  },
  {
    name: "create never replaces an item with the same suggested name",
    async run(context) {
      const { collection } = await context.newCollection();
      const first = await collection.create(bytesBody(event("same-name", "First")), "same-name");
      const second = await collection.create(bytesBody(event("same-name", "Second")), "same-name");
      expect(second.href).not.toBe(first.href);
      expect([...(await listVersions(collection)).keys()].sort()).toEqual([first.href, second.href].sort());
      expectBytes((await fetchOne(collection, first.href)).content, event("same-name", "First"));
      expectBytes((await fetchOne(collection, second.href)).content, event("same-name", "Second"));
    },
  },
  {
    name: "list with an earlier state reports every change since",
    async run(context) {
      const { collection } = await context.newCollection();
      await collection.create(bytesBody(event("delta-kept", "Kept")), "delta-kept");
      const changed = await collection.create(bytesBody(event("delta-changed", "Before")), "delta-changed");
      const removed = await collection.create(bytesBody(event("delta-removed", "Removed")), "delta-removed");
      await collection.flush?.();
      const earlier = await collection.list();
      const earlierPicture = applyListing(new Map(), earlier);

      await collection.update(
        changed.href,
        earlierPicture.get(changed.href),
        bytesBody(event("delta-changed", "After")),
      );
      await collection.delete(removed.href, earlierPicture.get(removed.href));
      await collection.create(bytesBody(event("delta-added", "Added")), "delta-added");
      await collection.flush?.();

      const later = await collection.list(earlier.state);
      expect(applyListing(earlierPicture, later)).toEqual(await listVersions(collection));
    },
  },
  {
    name: "readAll gives every item as get does, and a state list continues from",
    async run(context) {
      const { collection } = await context.newCollection();
      if (!collection.readAll) return;
      const written: Written[] = [];
      for (const sample of samples)
        written.push(await collection.create(bytesBody(sample.content), sample.uid));
      await collection.flush?.();
      const whole = await collection.readAll();
      const read = new Map<Href, Version>();
      for await (const fetched of whole.items) {
        if ("error" in fetched) throw fetched.error;
        read.set(fetched.href, fetched.version);
        await expectBody(fetched.body, (await fetchOne(collection, fetched.href)).content);
      }
      expect(read).toEqual(await listVersions(collection));

      const first = (written[0] as Written).href;
      await collection.update(
        first,
        read.get(first),
        bytesBody(event(samples[0]!.uid, "Changed after readAll")),
      );
      await collection.create(bytesBody(event("read-all-added", "Added")), "read-all-added");
      await collection.flush?.();
      const later = await collection.list(whole.state);
      expect(applyListing(read, later)).toEqual(await listVersions(collection));
    },
  },
] as const satisfies readonly ConformanceCase[];
