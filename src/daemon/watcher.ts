/**
 * Watches a local storage where its `watchLayout` says changes show, and reports which
 * collection changed.
 *
 * A vdir is watched at its root (collections appearing and disappearing) and in each collection
 * folder; `refresh()` after every sync picks up the folders the sync created. A single-file
 * storage is watched through its folder. A tree is watched recursively (Node walks it and
 * watches every folder), and paths it ignores do not count.
 * @module
 */
import { createHash } from "node:crypto";
import { type FSWatcher, readdirSync, watch } from "node:fs";
import { lstat, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { WatchLayout } from "../contract/index.js";

/** Receives the collection id whose files changed, or undefined when that is not known. */
export type ChangeListener = (collection: string | undefined) => void;

export class StorageWatcher {
  /** By watched folder. */
  readonly #watchers = new Map<string, FSWatcher>();
  #closed = false;

  constructor(
    private readonly layout: WatchLayout,
    private readonly onChange: ChangeListener,
  ) {
    this.refresh();
  }

  /** Watches the folders that exist now and stops watching those that are gone. */
  refresh(): void {
    if (this.#closed) return;
    const wanted = new Map<string, string | undefined>();
    if (this.layout.kind === "files") wanted.set(this.layout.folder, undefined);
    else if (this.layout.kind === "tree") wanted.set(this.layout.root, this.layout.collection);
    else {
      wanted.set(this.layout.root, undefined);
      for (const id of subfolders(this.layout.root)) wanted.set(join(this.layout.root, id), id);
    }
    for (const [folder, watcher] of this.#watchers) {
      if (!wanted.has(folder)) this.#unwatch(folder, watcher);
    }
    for (const [folder, id] of wanted) {
      if (!this.#watchers.has(folder)) this.#watch(folder, id);
    }
  }

  /**
   * A digest of the name, mtime and size of every file watched: equal digests before and after
   * an event mean the event changed nothing a sync would see (concord's own writes, reported late).
   */
  async fingerprint(): Promise<string> {
    if (this.layout.kind === "tree") return treeFingerprint(this.layout);
    const lines: string[] = [];
    for (const folder of [...this.#watchers.keys()].sort()) {
      let names: string[];
      try {
        names = await readdir(folder);
      } catch {
        lines.push(`${folder} absent`);
        continue;
      }
      for (const name of names.sort()) {
        if (this.layout.kind === "files" && this.layout.collectionOf(name) === undefined) continue;
        try {
          const info = await stat(join(folder, name), { bigint: true });
          lines.push(`${folder}/${name} ${info.mtimeNs} ${info.size} ${info.ino}`);
        } catch {
          // Removed between listing and stat: the listing after it will not hold it either.
        }
      }
    }
    return createHash("sha256").update(lines.join("\n")).digest("hex");
  }

  close(): void {
    this.#closed = true;
    for (const [folder, watcher] of this.#watchers) this.#unwatch(folder, watcher);
  }

  #watch(folder: string, collection: string | undefined): void {
    let watcher: FSWatcher;
    try {
      const recursive = this.layout.kind === "tree";
      watcher = watch(folder, { persistent: false, recursive }, (_event, name) =>
        this.#changed(collection, name),
      );
    } catch {
      // Not there yet (a vdir before its first sync): the refresh after the sync tries again.
      return;
    }
    // A watched folder that is removed ends its watch with an error; the root's event rescans.
    watcher.on("error", () => this.#unwatch(folder, watcher));
    this.#watchers.set(folder, watcher);
  }

  #unwatch(folder: string, watcher: FSWatcher): void {
    watcher.close();
    if (this.#watchers.get(folder) === watcher) this.#watchers.delete(folder);
  }

  #changed(collection: string | undefined, name: string | Buffer | null): void {
    const file = name === null ? undefined : name.toString();
    if (this.layout.kind === "files") {
      if (file === undefined) this.onChange(undefined);
      else {
        const id = this.layout.collectionOf(file);
        if (id !== undefined) this.onChange(id);
      }
      return;
    }
    if (this.layout.kind === "tree") {
      if (file === undefined || !this.layout.ignores(file)) this.onChange(collection);
      return;
    }
    if (collection !== undefined) {
      this.onChange(collection);
      return;
    }
    // An event in the root: a collection folder created, removed or renamed.
    this.refresh();
    this.onChange(file);
  }
}

/** The collection folders of a vdir; none while the root does not exist. */
function subfolders(root: string): string[] {
  try {
    return readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

/**
 * A digest of every entry of a tree but those it ignores: the same walk a sync's scan makes,
 * taken once after each sync and once after a burst of events.
 */
async function treeFingerprint(layout: Extract<WatchLayout, { kind: "tree" }>): Promise<string> {
  const hash = createHash("sha256");
  let names: string[];
  try {
    names = (await readdir(layout.root, { recursive: true })).sort();
  } catch {
    return "absent";
  }
  for (const name of names) {
    if (layout.ignores(name)) continue;
    try {
      const info = await lstat(join(layout.root, name), { bigint: true });
      hash.update(`${name} ${info.mtimeNs} ${info.size} ${info.ino} ${info.mode}\n`);
    } catch {
      // Removed during the walk: the next listing will not hold it either.
    }
  }
  return hash.digest("hex");
}
