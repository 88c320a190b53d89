/**
 * Cases for collections: making one and finding it again, and its properties.
 * @module
 */
import { expect } from "vitest";
import { asCollectionId, type Collection } from "../../contract/index.js";
import type { ConformanceCase } from "./harness.js";
import { listVersions } from "./samples.js";

const newId = asCollectionId("conformance-new");

/** The property methods, or a failure telling the storage to declare the gap. */
function propertyMethods(collection: Collection) {
  const { getProperties, setProperty } = collection;
  if (getProperties === undefined || setProperty === undefined) {
    throw new Error(
      "the collection has no getProperties/setProperty; declare this test skipped, with the reason",
    );
  }
  return { getProperties: getProperties.bind(collection), setProperty: setProperty.bind(collection) };
}

export const collectionCases = [
  {
    name: "createCollection makes an empty collection that discover lists",
    async run(context) {
      const { subject } = await context.newStorage();
      const { storage } = subject;
      if (storage.createCollection === undefined) throw new Error("the storage has no createCollection");
      expect((await storage.discover()).map((info) => info.id)).not.toContain(newId);

      const info = await storage.createCollection(newId, {});
      expect(info.id).toBe(newId);
      const discovered = (await storage.discover()).find((found) => found.id === newId);
      expect(discovered).toEqual(info);
      expect(await listVersions(storage.open(info))).toEqual(new Map());
    },
  },
  {
    name: "createCollection stores the properties it is given",
    async run(context) {
      const { subject } = await context.newStorage();
      const { storage } = subject;
      if (storage.createCollection === undefined) throw new Error("the storage has no createCollection");
      const info = await storage.createCollection(newId, { displayname: "Work 💼", color: "#ff8800" });
      const { getProperties } = propertyMethods(storage.open(info));
      expect(await getProperties()).toEqual({ displayname: "Work 💼", color: "#ff8800" });
    },
  },
  {
    name: "properties can be set, read back, removed, and are seen by a fresh instance",
    async run(context) {
      const opened = await context.newCollection();
      const { getProperties, setProperty } = propertyMethods(opened.collection);
      // A new collection may come with properties its storage gives every one (a server's default
      // displayname); what is set below replaces them, and what is removed is gone.
      const initial = await getProperties();
      expect(Object.keys(initial).filter((name) => name !== "displayname")).toEqual([]);

      await setProperty("displayname", "Home – 家");
      await setProperty("color", "#00ff00");
      await setProperty("description", "Family things");
      await setProperty("order", "3");
      await setProperty("color", undefined);
      expect(await getProperties()).toEqual({
        displayname: "Home – 家",
        description: "Family things",
        order: "3",
      });

      await opened.collection.flush?.();
      const reopened = propertyMethods((await context.reopen(opened)).collection);
      expect(await reopened.getProperties()).toEqual({
        displayname: "Home – 家",
        description: "Family things",
        order: "3",
      });
    },
  },
] as const satisfies readonly ConformanceCase[];
