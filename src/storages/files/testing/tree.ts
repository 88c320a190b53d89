/**
 * A files storage on a fresh folder for each test, and short ways to read it back.
 * @module
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import {
  bytesBody,
  readBody,
  type Body,
  type Collection,
  type Fetched,
  type Href,
  type ListedItem,
  type Skipped,
  type Storage,
} from "../../../contract/index.js";
import { definition } from "../index.js";

export interface TreeOptions {
  readonly path?: string;
  readonly ignore?: string[];
  readonly read_only?: boolean;
}

/** The folders of the current test: `root` (made empty) inside `sandbox` (removed afterwards). */
export function useTempTree(): { readonly sandbox: string; readonly root: string } {
  const folders = { sandbox: "", root: "" };
  beforeEach(async () => {
    folders.sandbox = await mkdtemp(join(tmpdir(), "concord-files-"));
    folders.root = join(folders.sandbox, "root");
    await mkdir(folders.root);
  });
  afterEach(async () => {
    await rm(folders.sandbox, { recursive: true, force: true });
  });
  return folders;
}

export async function filesStorage(root: string, options: TreeOptions = {}): Promise<Storage> {
  return definition.create("test", definition.configSchema.parse({ type: "files", path: root, ...options }));
}

/** The storage's one collection, opened. */
export async function openTree(root: string, options: TreeOptions = {}): Promise<Collection> {
  const storage = await filesStorage(root, options);
  const [info] = await storage.discover();
  if (info === undefined) throw new Error(`no collection in ${root}`);
  return storage.open(info);
}

export async function listTree(
  collection: Collection,
): Promise<{ items: readonly ListedItem[]; skipped: readonly Skipped[] }> {
  const listing = await collection.list();
  if (listing.kind !== "full") throw new Error(`expected a full listing, got ${listing.kind}`);
  return { items: listing.items, skipped: listing.skipped ?? [] };
}

export const hrefsOf = async (collection: Collection): Promise<string[]> =>
  (await listTree(collection)).items.map((item) => item.href);

/** The listed item `href`, failing when it is not listed. */
export async function listed(collection: Collection, href: string): Promise<ListedItem> {
  const item = (await listTree(collection)).items.find((found) => found.href === href);
  if (item === undefined) throw new Error(`${href} is not listed`);
  return item;
}

export async function fetchOne(collection: Collection, href: string): Promise<Fetched> {
  for await (const fetched of collection.get([href as Href])) return fetched;
  throw new Error(`get(${href}) yielded nothing`);
}

export async function fetchText(collection: Collection, href: string): Promise<string> {
  const fetched = await fetchOne(collection, href);
  if ("error" in fetched) throw fetched.error;
  return new TextDecoder().decode(await readBody(fetched.body));
}

export const textBody = (text: string): Body => bytesBody(new TextEncoder().encode(text));
