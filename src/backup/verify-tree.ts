/**
 * `--verify`: every file of a disk read again and compared with the hash the status recorded
 * when it was copied there. A file whose content changed while its size and modification time
 * stayed as copied has rotted; one with another modification time was edited on the disk. With
 * `--repair`, a rotten file is rewritten (atomically, only if it is still the rotten version)
 * from the first other copy whose content has the recorded hash: the work folder, another disk.
 * @module
 */
import { existsSync } from "node:fs";
import { type Body, type Href, modifiedAttribute, type Version } from "../contract/index.js";
import { fetchInBatches } from "../engine/gather.js";
import type { StatusRow } from "../engine/types.js";
import { classify, type ConcordError } from "../errors/index.js";
import { fileModel } from "../models/file.js";
import { treeConcurrency } from "../storages/files/files-storage.js";
import { openTree, withPairStatus } from "./tree-pair.js";

export interface Finding {
  readonly path: string;
  /** "rotten": same size and date as copied, other content; "edited": changed with a new date; "missing": gone. */
  readonly kind: "rotten" | "edited" | "missing";
  /** The folder a rotten file was repaired from. */
  readonly repaired?: string;
  /** Why it could not be read or repaired. */
  readonly error?: ConcordError;
}

export interface TreeVerification {
  readonly disk: string;
  /** Files read and compared with their recorded hash. */
  readonly checked: number;
  readonly findings: readonly Finding[];
}

export interface VerifyTreeOptions {
  readonly statusFile: string;
  /** The tree on the disk. */
  readonly root: string;
  readonly ignore: readonly string[];
  /** Where a good copy may be, in order of preference: the work folder, the other disks' trees. */
  readonly sources: readonly string[];
  readonly repair: boolean;
  readonly signal?: AbortSignal;
}

export async function verifyTree(options: VerifyTreeOptions): Promise<TreeVerification> {
  const { root } = options;
  // Nothing copied there yet: nothing recorded to compare with.
  if (!existsSync(options.statusFile) || !existsSync(root)) return { disk: root, checked: 0, findings: [] };
  return withPairStatus(
    options.statusFile,
    { dryRun: !options.repair, signal: options.signal },
    async (status) => {
      const record = status.collections().find((found) => found.name === "tree");
      const recorded = new Map<Href, StatusRow>();
      for (const row of record ? status.items(record.key).values() : [])
        if (row.b) recorded.set(row.b.href, row);
      const disk = openTree({ name: root, root, readOnly: !options.repair }, options.ignore);
      const listing = await disk.list();
      if (listing.kind !== "full") throw new Error("a files tree always lists in full");
      const listed = new Map(listing.items.map((item) => [item.href, item]));
      const findings: Finding[] = [];
      for (const href of recorded.keys())
        if (!listed.has(href)) findings.push({ path: href, kind: "missing" });
      const rotten: { href: Href; version: Version; row: StatusRow }[] = [];
      let checked = 0;
      const toRead = [...recorded.keys()].filter((href) => listed.has(href));
      await fetchInBatches(disk, toRead, treeConcurrency, async (fetched) => {
        if (options.signal?.aborted) return;
        if ("error" in fetched) {
          findings.push({
            path: fetched.href,
            kind: "missing",
            error: classify(fetched.error, `reading ${fetched.href}`),
          });
          return;
        }
        const row = recorded.get(fetched.href) as StatusRow;
        const { hash } = await fileModel.describe(fetched.body, fetched.href, fetched.attributes);
        checked++;
        if (hash === row.hash) return;
        const mtime = (fetched.attributes ?? listed.get(fetched.href)?.attributes)?.[modifiedAttribute];
        if (mtime !== row.b?.attributes?.[modifiedAttribute]) {
          findings.push({ path: fetched.href, kind: "edited" });
          return;
        }
        rotten.push({ href: fetched.href, version: fetched.version, row });
      });
      for (const item of rotten) {
        findings.push(
          options.repair ? await repairOne(item, disk, options) : { path: item.href, kind: "rotten" },
        );
      }
      await disk.flush?.();
      return { disk: root, checked, findings: findings.sort((x, y) => x.path.localeCompare(y.path)) };
    },
  );
}

/** Rewrites one rotten file from the first source holding it with the recorded hash. */
async function repairOne(
  item: { href: Href; version: Version; row: StatusRow },
  disk: ReturnType<typeof openTree>,
  options: VerifyTreeOptions,
): Promise<Finding> {
  const rotten = { path: item.href, kind: "rotten" } as const;
  try {
    for (const source of options.sources) {
      const body = await goodCopy(source, item.href, item.row.hash, options.ignore);
      if (!body) continue;
      await disk.update(item.href, item.version, body, item.row.b?.attributes);
      return { ...rotten, repaired: source };
    }
    return rotten;
  } catch (error) {
    return { ...rotten, error: classify(error, `repairing ${item.href}`) };
  }
}

/** The file at `href` under `root` if its content has `hash`; undefined otherwise. */
async function goodCopy(
  root: string,
  href: Href,
  hash: string,
  ignore: readonly string[],
): Promise<Body | undefined> {
  if (!existsSync(root)) return undefined;
  const tree = openTree({ name: root, root, readOnly: true }, ignore);
  for await (const fetched of tree.get([href])) {
    if ("error" in fetched) return undefined;
    const description = await fileModel.describe(fetched.body, href, fetched.attributes);
    return description.hash === hash ? fetched.body : undefined;
  }
  return undefined;
}
