/**
 * Cases for hostile names: the name `create` is given is an item's UID, which whoever wrote the
 * item chose. Whatever it holds, the item must be stored, listed and read back, and nothing may be
 * written outside the storage's root.
 * @module
 */
import { readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { expect } from "vitest";
import { bytesBody, type Href } from "../../contract/index.js";
import type { CaseContext, ConformanceCase, OpenedCollection } from "./harness.js";
import { event, expectBody, fetchAll, listVersions } from "./samples.js";

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
}

/** Creates one item per hostile name, with that name as its UID too. */
async function createHostileItems(
  context: CaseContext,
): Promise<{ opened: OpenedCollection; items: HostileItem[] }> {
  const opened = await context.newCollection();
  const items: HostileItem[] = [];
  for (const [index, name] of hostileNames(context.sandbox).entries()) {
    const content = event(name, `Hostile ${index}`);
    items.push({ href: (await opened.collection.create(bytesBody(content), name)).href, content });
  }
  return { opened, items };
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => !entry.isDirectory()).map((entry) => join(entry.parentPath, entry.name));
}

export const nameCases = [
  {
    name: "hostile names give items that can be listed and read back",
    async run(context) {
      const { opened, items } = await createHostileItems(context);
      const hrefs = items.map((item) => item.href);
      expect(new Set(hrefs).size).toBe(items.length);
      expect([...(await listVersions(opened.collection)).keys()].sort()).toEqual([...hrefs].sort());

      const fetched = await fetchAll(opened.collection, hrefs);
      for (const item of items) {
        const answer = fetched.get(item.href);
        if (answer === undefined || "error" in answer)
          throw answer?.error ?? new Error(`${item.href} not fetched`);
        await expectBody(answer.body, item.content);
      }
    },
  },
  {
    name: "hostile names never write outside the storage's root",
    async run(context) {
      const { opened } = await createHostileItems(context);
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
