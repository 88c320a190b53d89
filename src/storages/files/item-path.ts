/**
 * Hrefs of a files storage and the paths they stand for. An href is the item's path relative to
 * the root, with `/` between names and a trailing `/` for a folder (`photos/2024/`). Every href a
 * write receives is checked here first, so that no name can lead outside the root.
 * @module
 */
import { Buffer } from "node:buffer";
import { join } from "node:path";
import { asHref, type Href } from "../../contract/index.js";
import { InvalidDataError } from "../../errors/index.js";

/** The root's mark (see `Storage.mark`). */
export const markerName = ".concord-id";
/** The start of the names of files being written, before they get their real name. */
export const tempPrefix = ".concord-tmp-";
/** A file at the root with more ignore patterns, in .gitignore syntax. */
export const ignoreFileName = ".concordignore";

/** The longest name most file systems take, in bytes. */
const maxNameBytes = 255;

/** Names the storage keeps for itself: never listed, never written as items. */
export const isOwnName = (name: string): boolean => name === markerName || name.startsWith(tempPrefix);

// C0 and C1 control characters: a name holding one cannot be shown, and "\n" breaks line-based
// tools and listings. The character class is the point.
// eslint-disable-next-line no-control-regex
const controlCharacter = /[\0-\x1f\x7f-\x9f]/;

export const hasControlCharacter = (name: string): boolean => controlCharacter.test(name);

/**
 * The form under which two names are the same name on a disk that ignores case or Unicode
 * normalisation (macOS, Windows, FAT): "Café" written in NFD and "café" in NFC fold alike.
 */
export const foldName = (name: string): string => name.normalize("NFC").toLowerCase();

/** Where an href points. */
export interface ItemPath {
  readonly href: Href;
  /** The names of the folders that hold it, from the root down. */
  readonly parents: readonly string[];
  /** Its own name, without the trailing `/` of a folder. */
  readonly name: string;
  readonly isFolder: boolean;
  /** Absolute. */
  readonly path: string;
  /** The absolute path of the folder that holds it. */
  readonly folder: string;
}

/** Why `name` cannot be a name in the tree, or undefined when it can. */
function nameProblem(name: string): string | undefined {
  if (name === "") return "an empty name";
  if (name === "." || name === "..") return `the name ${JSON.stringify(name)}`;
  if (hasControlCharacter(name)) return "a control character";
  if (Buffer.byteLength(name) > maxNameBytes) return `a name longer than ${maxNameBytes} bytes`;
  if (isOwnName(name)) return `a name concord keeps for itself (${JSON.stringify(name)})`;
  return undefined;
}

/** The path `href` names under `root`; InvalidDataError for an href that could lead elsewhere. */
export function itemPath(root: string, href: string): ItemPath {
  const isFolder = href.endsWith("/");
  const names = (isFolder ? href.slice(0, -1) : href).split("/");
  const problem = href.startsWith("/") ? "a leading /" : names.map(nameProblem).find((found) => found);
  if (problem !== undefined) {
    throw new InvalidDataError(`not a path inside ${root}: ${JSON.stringify(href)} has ${problem}`, {
      what: href,
    });
  }
  const parents = names.slice(0, -1);
  const name = names[names.length - 1] as string;
  const folder = join(root, ...parents);
  return { href: asHref(href), parents, name, isFolder, path: join(folder, name), folder };
}
