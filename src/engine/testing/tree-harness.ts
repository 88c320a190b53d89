/**
 * Runs the engine on two in-memory file trees (the file model: items paired by path, compared by
 * content, with mode and mtime as attributes) with a real status database in a temporary folder.
 * The trees are changed as a user changes files: every change mints a new version, as a file's
 * version changes with its ctime.
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryStorage } from "../../storages/memory/index.js";
import {
  type Attributes,
  asCollectionId,
  asHref,
  type CollectionId,
  type Version,
} from "../../contract/index.js";
import { fileAttributes, fileModel } from "../../models/file.js";
import type { PlanPolicy } from "../plan.js";
import type { PairReport } from "../report.js";
import { StatusDb } from "../status.js";
import { syncPair } from "../sync-pair.js";
import type { Side } from "../types.js";
import { defaultPolicy } from "./harness.js";

/** A file tree is one collection. */
export const treeId: CollectionId = asCollectionId("root");

/** A file as a side holds it. */
export interface TreeFile {
  readonly content: string;
  /** Octal permission bits. */
  readonly mode: string;
  /** Nanoseconds since the epoch, decimal. */
  readonly mtime: string;
  readonly version: Version;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class TreeHarness {
  readonly dir = mkdtempSync(join(tmpdir(), "concord-tree-"));
  readonly storages: Record<Side, MemoryStorage> = {
    a: new MemoryStorage("a", { model: fileModel }),
    b: new MemoryStorage("b", { model: fileModel }),
  };
  readonly status: StatusDb;
  /** The users' clock: every change happens a little later than the one before. */
  private clock = 1_700_000_000_000_000_000n;

  constructor() {
    for (const storage of Object.values(this.storages)) {
      storage.collections.set(treeId, { items: new Map(), properties: {} });
    }
    this.status = StatusDb.open(join(this.dir, "pair.sqlite"));
  }

  /** Every file of a side, by path. */
  files(side: Side): Map<string, TreeFile> {
    const result = new Map<string, TreeFile>();
    for (const [href, item] of this.items(side)) {
      result.set(href, {
        content: decoder.decode(item.content),
        mode: item.attributes?.[fileAttributes.mode] ?? "",
        mtime: item.attributes?.[fileAttributes.mtime] ?? "",
        version: item.version,
      });
    }
    return result;
  }

  has(side: Side, path: string): boolean {
    return this.items(side).has(asHref(path));
  }

  /** Creates the file, or replaces its content keeping its mode (an editor's save). */
  write(side: Side, path: string, content: string, mode = "644"): void {
    const was = this.items(side).get(asHref(path));
    this.store(side, path, encoder.encode(content), {
      [fileAttributes.type]: "file",
      [fileAttributes.mode]: was?.attributes?.[fileAttributes.mode] ?? mode,
      [fileAttributes.mtime]: this.tick(),
    });
  }

  remove(side: Side, path: string): boolean {
    return this.items(side).delete(asHref(path));
  }

  chmod(side: Side, path: string, mode: string): boolean {
    const was = this.items(side).get(asHref(path));
    if (!was) return false;
    this.store(side, path, was.content, { ...was.attributes, [fileAttributes.mode]: mode });
    return true;
  }

  touch(side: Side, path: string): boolean {
    const was = this.items(side).get(asHref(path));
    if (!was) return false;
    this.store(side, path, was.content, { ...was.attributes, [fileAttributes.mtime]: this.tick() });
    return true;
  }

  /** `mv from to`: the file keeps its content, mode and mtime, and replaces whatever was at `to`. */
  rename(side: Side, from: string, to: string): boolean {
    const was = this.items(side).get(asHref(from));
    if (!was || from === to) return false;
    this.items(side).delete(asHref(from));
    this.store(side, to, was.content, was.attributes);
    return true;
  }

  /**
   * `mv from to` of a folder: every file under `from/` moves under `to/`. Refused (false) when
   * `from` holds nothing, or `to` already holds something, where `mv` would nest the folder.
   */
  renameFolder(side: Side, from: string, to: string): boolean {
    const paths = [...this.items(side).keys()];
    const under = (folder: string) => paths.filter((path) => path.startsWith(`${folder}/`));
    const moving = under(from);
    if (from === to || moving.length === 0 || under(to).length > 0) return false;
    for (const path of moving) this.rename(side, path, `${to}/${path.slice(from.length + 1)}`);
    return true;
  }

  sync(policy: Partial<PlanPolicy> = {}): Promise<PairReport> {
    return syncPair({
      pair: "tree",
      storages: this.storages,
      collections: undefined,
      status: this.status,
      policy: { ...defaultPolicy, ...policy },
      metadata: [],
    });
  }

  dispose(): void {
    this.status.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private items(side: Side) {
    const collection = this.storages[side].collections.get(treeId);
    if (!collection) throw new Error(`${side} has no tree`);
    return collection.items;
  }

  private store(side: Side, path: string, content: Uint8Array, attributes: Attributes | undefined): void {
    this.items(side).set(asHref(path), { version: this.storages[side].mintVersion(), content, attributes });
  }

  private tick(): string {
    this.clock += 1_000_000_007n;
    return String(this.clock);
  }
}
