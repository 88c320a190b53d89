/**
 * Which collection of A goes with which of B: a pair's declared `collections` resolved against
 * what the storages hold now.
 * @module
 */
import { asCollectionId, type CollectionId, type CollectionInfo } from "../contract/index.js";
import { otherSide, type Side } from "./types.js";

/** A pair's `collections` as declared in the config. */
export type DeclaredCollections =
  | { readonly kind: "all" }
  | { readonly kind: "from"; readonly side: Side }
  | {
      readonly kind: "list";
      readonly entries: readonly { readonly name: string; readonly a: string; readonly b: string }[];
    };

/** One side of a resolved mapping: the collection found there, or the id to create it with. */
export interface MappedSide {
  readonly id: CollectionId;
  readonly found: CollectionInfo | undefined;
}

export interface ResolvedMapping {
  readonly name: string;
  readonly a: MappedSide;
  readonly b: MappedSide;
}

/**
 * Resolves the declaration. A collection named on one side but missing on the other is mapped
 * with `found` unset: the caller creates it, or deletes its counterpart when the status
 * remembers it. In a list, a side may name a collection by id or by its href (a DAV URL, a folder
 * path). `remembered`: the names of the mappings the status holds.
 */
export function resolveMappings(
  declared: DeclaredCollections,
  found: Readonly<Record<Side, readonly CollectionInfo[]>>,
  remembered: readonly string[] = [],
): ResolvedMapping[] {
  const lookup = (side: Side, key: string): MappedSide => {
    const match = found[side].find((info) => info.id === key || sameLocation(info.href, key));
    return { id: match?.id ?? idFromKey(key), found: match };
  };
  // A collection found on one side goes by its id on the other, nested ids ("INBOX/Sub") included.
  const counterpart = (side: Side, id: CollectionId): MappedSide => ({
    id,
    found: found[side].find((info) => info.id === id),
  });
  const byRole = pairedByRole(found);
  const byId = (ids: Iterable<string>): ResolvedMapping[] =>
    [...new Set(ids)]
      .filter((id) => !byRole.some(([, b]) => b.id === id))
      .sort()
      .map((id) => {
        const role = byRole.find(([a]) => a.id === id);
        if (role === undefined) {
          const known = asCollectionId(id);
          return { name: id, a: counterpart("a", known), b: counterpart("b", known) };
        }
        const [a, b] = role;
        return { name: `${a.id}:${b.id}`, a: { id: a.id, found: a }, b: { id: b.id, found: b } };
      });
  switch (declared.kind) {
    case "all":
      return byId([...found.a, ...found.b].map((info) => info.id));
    case "from": {
      // A remembered collection gone from the side the pair follows, but still on the other, is
      // one deleted there: mapped, so that the deletion is carried across, not forgotten.
      const other = found[otherSide(declared.side)];
      const deleted = remembered.filter((name) => other.some((info) => info.id === name));
      return byId([...found[declared.side].map((info) => info.id), ...deleted]);
    }
    case "list":
      return declared.entries.map((entry) => ({
        name: entry.name,
        a: lookup("a", entry.a),
        b: lookup("b", entry.b),
      }));
  }
}

/**
 * Collections of one role under different names ("Sent Items" on one server, "Sent" on the
 * other), where neither name is on the other side: one mapping. Roles held by more than one
 * collection of a side are ambiguous and pair nothing.
 */
function pairedByRole(
  found: Readonly<Record<Side, readonly CollectionInfo[]>>,
): [CollectionInfo, CollectionInfo][] {
  const single = (side: Side): Map<string, CollectionInfo> => {
    const byRole = new Map<string, CollectionInfo | undefined>();
    for (const info of found[side]) {
      if (info.role === undefined) continue;
      byRole.set(info.role, byRole.has(info.role) ? undefined : info);
    }
    const other = new Set(found[otherSide(side)].map((info) => info.id));
    const unmatched = new Map<string, CollectionInfo>();
    for (const [role, info] of byRole) if (info && !other.has(info.id)) unmatched.set(role, info);
    return unmatched;
  };
  const b = single("b");
  return [...single("a")].flatMap(([role, a]) => {
    const match = b.get(role);
    return match ? [[a, match] as [CollectionInfo, CollectionInfo]] : [];
  });
}

/** Whether `key` names the collection at `href`: the same URL, or its path (`/dav/cal/work/`). */
function sameLocation(href: string, key: string): boolean {
  if (href === key) return true;
  try {
    const trim = (url: URL) => url.href.replace(/\/$/, "");
    return trim(new URL(key, href)) === trim(new URL(href));
  } catch {
    return false; // a folder path, not a URL: only an exact match names it
  }
}

/** The id for a collection a key names but no storage holds yet: the key, or a URL's last segment. */
function idFromKey(key: string): CollectionId {
  const segments = key.split("/").filter((segment) => segment !== "");
  return asCollectionId(key.includes("/") ? (segments.at(-1) ?? key) : key);
}
