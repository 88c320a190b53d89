/**
 * Cases for hostile names: the name `create` is given is an item's UID or its path, which whoever
 * wrote the item chose. A suggested name (a UID) must give an item whatever it holds, stored,
 * listed and read back; an exact name (a path) must give an item of exactly that href or be
 * refused with InvalidDataError. Nothing may be written outside the storage's root.
 * @module
 */
import { readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { expect } from "vitest";
import { type Href } from "../../contract/index.js";
import { InvalidDataError } from "../../errors/index.js";
import type { CaseContext, ConformanceCase, OpenedCollection } from "./harness.js";
import { createSample, fetchAll, listVersions } from "./samples.js";

/** Names that break naive code: traversal, absolute paths, separators, controls, length. */
function hostileNames(sandbox: string): string[] {
  return [
    "../../escaped",
    "../../../escaped",
    "../escaped",
    join(sandbox, "absolute-escape"),
    "/etc/passwd",
    "with/slash",
    "back\\slash\\..\\..\\escaped",
    "a\u0000b",
    "tab\there",
    "new\nline\r",
    "\u0001\u001f\u007f",
    ".",
    "..",
    ".hidden",
    "...",
    "",
    "x".repeat(1000),
    "é".repeat(300),
    "Zürich 東京 🎉",
    "CON",
    "nul.ics",
    'a:b*c?d<e>f|g"h',
    "%2e%2e%2fencoded",
    " spaced ",
    "plain-uid@example.com",
  ];
}

interface HostileItem {
  readonly href: Href;
  readonly content: Uint8Array;
  /** A malformed item that a storage which parses items may give back repaired. */
  readonly repairable: boolean;
}

/**
 * Creates one item per hostile name (with that name as its UID too, where items have one). An
 * exact name the storage cannot carry must be refused with InvalidDataError; one it takes must
 * be the href. A suggested name must always give an item, unless the storage declares that it
 * refuses malformed items and the UID made this one malformed.
 */
async function createHostileItems(
  context: CaseContext,
): Promise<{ opened: OpenedCollection; items: HostileItem[]; refused: string[] }> {
  const { samples } = context;
  const opened = await context.newCollection();
  const items: HostileItem[] = [];
  const refused: string[] = [];
  const parsing = context.traits.refusesMalformedItems !== undefined;
  for (const [index, name] of hostileNames(context.sandbox).entries()) {
    const sample = samples.hostile(name, index);
    try {
      const written = await createSample(opened.collection, samples, sample);
      if (samples.exactNames) expect(written.href, "an exact name is the href").toBe(name);
      items.push({
        href: written.href,
        content: sample.content,
        repairable: parsing && sample.malformed === true,
      });
    } catch (error) {
      // An exact name may be refused, and so may a UID that makes the item malformed (empty,
      // with control characters) by a storage that parses what it stores: never a suggestion.
      const mayRefuse = samples.exactNames || (parsing && sample.malformed === true);
      if (!mayRefuse || !(error instanceof InvalidDataError)) throw error;
      refused.push(name);
    }
  }
  return { opened, items, refused };
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => !entry.isDirectory()).map((entry) => join(entry.parentPath, entry.name));
}

/**
 * For models whose items can be symbolic links: links leading out of the root, and writes that
 * name a path through them. A storage may refuse those writes or keep them inside; it must never
 * follow the link.
 */
async function writeThroughLinks(context: CaseContext, opened: OpenedCollection): Promise<void> {
  const { samples } = context;
  if (samples.link === undefined) return;
  const { collection } = opened;
  const links = [samples.link("up-link", "../.."), samples.link("absolute-link", context.sandbox)];
  const movable = await createSample(collection, samples, samples.item("movable", "Movable"));
  for (const link of links) {
    await createSample(collection, samples, link);
    const through = samples.item(`${link.name}/escaped-${links.indexOf(link)}`, "Through a link");
    await createSample(collection, samples, through).catch(() => undefined);
    const versions = await listVersions(collection);
    if (collection.move && versions.has(movable.href)) {
      await collection
        .move(movable.href, versions.get(movable.href), `${link.name}/moved`)
        .catch(() => undefined);
    }
  }
}

export const nameCases = [
  {
    name: "hostile names give items that can be listed and read back",
    async run(context) {
      const { opened, items, refused } = await createHostileItems(context);
      // Names any storage can hold, in UIDs any parser takes, must not be among the refused.
      for (const name of ["Zürich 東京 🎉", " spaced ", "with/slash"]) expect(refused).not.toContain(name);
      const hrefs = items.map((item) => item.href);
      expect(new Set(hrefs).size).toBe(items.length);
      expect([...(await listVersions(opened.collection)).keys()].sort()).toEqual([...hrefs].sort());

      const fetched = await fetchAll(opened.collection, hrefs);
      for (const item of items) {
        const answer = fetched.get(item.href);
        if (answer === undefined || "error" in answer)
          throw answer?.error ?? new Error(`${item.href} not fetched`);
        // A repaired item is still there and readable; any other is what was written.
        if (!item.repairable) await context.expectContent(answer.body, item.content);
      }
    },
  },
  {
    name: "hostile names never write outside the storage's root",
    async run(context) {
      const { opened } = await createHostileItems(context);
      await writeThroughLinks(context, opened);
      await opened.collection.flush?.();
      const root = opened.subject.root;
      if (root === undefined) {
        throw new Error("setup returned no root to check; declare this test skipped, with the reason");
      }
      const outside = (await filesUnder(context.sandbox)).filter((file) => {
        const path = relative(root, file);
        return path === ".." || path.startsWith(`..${sep}`);
      });
      expect(outside).toEqual([]);
    },
  },
] as const satisfies readonly ConformanceCase[];
