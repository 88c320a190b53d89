/**
 * `restore --tree`: the folders of a disk's tree made in the work folder, without a file, so a
 * new machine gets the layout before the files it needs are brought back.
 * @module
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { inScope } from "./sort-plan.js";
import { openTree } from "./tree-pair.js";

/** Makes under `to` each folder of the tree at `from` (within `scope`); returns those it made. */
export async function copySkeleton(options: {
  readonly from: string;
  readonly to: string;
  readonly ignore: readonly string[];
  readonly scope: readonly string[] | undefined;
  readonly dryRun: boolean;
}): Promise<string[]> {
  const listing = await openTree(
    { name: options.from, root: options.from, readOnly: true },
    options.ignore,
  ).list();
  if (listing.kind !== "full") throw new Error("a files tree always lists in full");
  const folders = new Set<string>();
  for (const { href } of listing.items) {
    // Every folder above the item, and the item itself when it is an (empty) folder.
    const segments = href.split("/");
    for (let end = 1; end < segments.length; end++) folders.add(segments.slice(0, end).join("/"));
  }
  const made: string[] = [];
  for (const folder of [...folders].sort()) {
    if (!inScope(folder, options.scope) || existsSync(join(options.to, folder))) continue;
    if (!options.dryRun) await mkdir(join(options.to, folder), { recursive: true });
    made.push(`${folder}/`);
  }
  return made;
}
