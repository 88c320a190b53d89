/**
 * What kind of data a storage holds, and what that means for pairing and comparing its items.
 * Each storage declares its model; a pair's two sides must share one. The engine asks the model,
 * never the storage type, how to identify and hash an item.
 * @module
 */
import type { Attributes } from "./attributes.js";
import type { Body } from "./body.js";
import type { ContentMerge } from "./merge.js";
import type { Href } from "./storage.js";

export const itemKinds = ["calendar", "contact", "file", "message"] as const;
export type ItemKind = (typeof itemKinds)[number];

/**
 * How an item on one side finds its counterpart on the other:
 * - `content`: an ident read from the content (the iCalendar/vCard UID), whatever its href;
 * - `href`: the href itself (a file's path relative to the tree's root) is the ident;
 * - `status`: nothing in the item pairs it (a mail message); only the status, by href, knows
 *   which item on the other side it was copied to. Such an item's content never changes: an
 *   href names the same content for as long as it exists, and a storage whose names can come
 *   back for other content (IMAP UIDs after a UIDVALIDITY change) puts what tells them apart (the
 *   UIDVALIDITY) in the href. A new version of a known href is new attributes (flags), so the
 *   engine never reads an item again to learn what changed.
 */
export type Identity = "content" | "href" | "status";

/** What the engine learns by reading an item. */
export interface Description {
  /** The ident that pairs it (`content` identity only). */
  readonly ident?: string;
  /** Content hash modulo noise: equal hashes mean equal content. */
  readonly hash: string;
  /** What a person calls the item (an event's SUMMARY, a contact's FN), for messages. */
  readonly title?: string;
}

export interface ItemModel {
  readonly kind: ItemKind;
  readonly identity: Identity;
  /**
   * Reads a body (streaming where it is large) into its ident and hash. The listed attributes
   * are passed for models where they tell what the body is (a link's target is not file content).
   */
  describe(body: Body, href: Href, attributes?: Attributes): Promise<Description>;
  /**
   * The value an attribute takes when both sides changed it differently since the last sync.
   * Models without attributes never see this called; without it, a's value is kept.
   */
  mergeAttribute?(name: string, a: string, b: string): string;
  /**
   * Merges what each side changed since `base`, the content both last agreed on (calendars and
   * contacts: property by property). A model with it has that content kept in the status for
   * each item, so that `conflict_resolution = "merge"` and `concord resolve` can use it; models
   * without it (files, mail) pay nothing for it.
   */
  merge?(base: Uint8Array, a: Uint8Array, b: Uint8Array): ContentMerge;
  /** A file extension for a body handed to an outside tool (a merge command). */
  extensionFor(body: Body): string;
  /**
   * Where a conflict's other version is kept beside the item (`conflict_resolution =
   * "keep both"`): `name.conflict-<storage>-<YYYYMMDD-HHMMSS>.ext`. Only models paired by href
   * have it: a copy of an event with the same UID would pair with the original. `attempt` (from
   * 2) tells names apart when one is taken (two conflicts of one file within a second): `…-2.ext`.
   */
  conflictCopyName?(href: Href, storage: string, at: Date, attempt?: number): string;
  /**
   * Whether a deletion and a creation of this item's content on one side are worth pairing into
   * a rename there (models paired by href only; all are, without it). An item with no content of
   * its own to keep (an empty folder: all of them hash alike) is not: paired with any other
   * empty folder, its rename would wait on unrelated writes.
   */
  movable?(attributes: Attributes | undefined): boolean;
}
