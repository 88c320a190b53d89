/**
 * The item model of file trees: an item is a regular file, a symbolic link or an empty folder,
 * paired by its path relative to the tree's root and compared by the SHA-256 of its content,
 * computed as the content streams past. Mode and modification time are attributes.
 * @module
 */
import { createHash, type Hash } from "node:crypto";
import { extname } from "node:path";
import {
  type Attributes,
  type Body,
  type Description,
  type Href,
  type ItemModel,
  modifiedAttribute,
} from "../contract/index.js";

/** The attribute names a file carries. */
export const fileAttributes = {
  /** "file", "symlink" or "folder"; part of what the item is, so it is part of the hash. */
  type: "type",
  /** Permission bits, octal ("644", "755"). */
  mode: "mode",
  /** Modification time in nanoseconds since the epoch, decimal. */
  mtime: modifiedAttribute,
} as const;

export type FileType = "file" | "symlink" | "folder";

/**
 * A SHA-256 ready to take an item's bytes. A link's body is its target and a folder's is empty:
 * the type goes first and keeps them apart from a regular file with the same bytes, whose hash is
 * the plain SHA-256 of its bytes.
 */
export function contentHash(attributes?: Attributes): Hash {
  const hash = createHash("sha256");
  const type = attributes?.[fileAttributes.type] ?? "file";
  if (type !== "file") hash.update(`${type}\0`);
  return hash;
}

export const fileModel: ItemModel = {
  kind: "file",
  identity: "href",
  async describe(body: Body, _href: Href, attributes?: Attributes): Promise<Description> {
    const hash = contentHash(attributes);
    if (body.bytes) hash.update(body.bytes);
    else for await (const chunk of body.open()) hash.update(chunk);
    return { hash: hash.digest("hex") };
  },
  // Both sides changed a file's attributes without changing its content (a touch on one side, a
  // chmod on the other, say): the later modification time wins; other attributes keep a's value.
  mergeAttribute: (name, a, b) => (name === fileAttributes.mtime ? (BigInt(a) >= BigInt(b) ? a : b) : a),
  extensionFor: () => "",
  // Every empty folder hashes alike: pairing one folder's deletion with another's creation as a
  // rename saves nothing (a folder's rename makes it anew, see the files storage's move) and
  // could aim it at a folder that other writes of the run are still emptying.
  movable: (attributes) => attributes?.[fileAttributes.type] !== "folder",
  conflictCopyName(href: Href, storage: string, at: Date, attempt = 1): string {
    const stamp = at.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
    const extension = extname(href);
    const stem = extension === "" || extension === href ? href : href.slice(0, -extension.length);
    const again = attempt > 1 ? `-${attempt}` : "";
    return `${stem}.conflict-${storage}-${stamp}${again}${extension}`;
  },
};
