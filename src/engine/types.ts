/**
 * The vocabulary the engine's parts share: sides, what a side holds now, what the status
 * remembers, and the actions a plan is made of.
 * @module
 */
import type {
  Attributes,
  CollectionId,
  Href,
  MergeConflict,
  Properties,
  PropertyName,
  Version,
} from "../contract/index.js";

export type Side = "a" | "b";
export const otherSide = (side: Side): Side => (side === "a" ? "b" : "a");

/** An item as one side holds it now. */
export interface SideItem {
  readonly href: Href;
  readonly version: Version;
  /** Content hash modulo noise; equal hashes mean equal items. */
  readonly hash: string;
  /** What it carries apart from its content (a file's mode and mtime). */
  readonly attributes?: Attributes;
  /** Its size in bytes, where the storage said: for progress, never for decisions. */
  readonly size?: number;
  /** What a person calls it, when its content was read this run: for messages. */
  readonly title?: string;
}

/** Where an item was on one side at the last sync. `version` is unknown after a write that did not say. */
export interface StatusSide {
  readonly href: Href;
  readonly version: Version | undefined;
  /** The attributes it had then, as this side reported them. */
  readonly attributes?: Attributes;
}

/**
 * What both sides looked like when an item was last in agreement. A side is absent when the item
 * is deliberately missing there (a deletion that `on_delete = "skip"` did not carry across).
 * `ident` is what pairs the item: its UID, its path, or for items that carry nothing to pair
 * them (mail) the side and href it was first seen at.
 */
export interface StatusRow {
  readonly ident: string;
  readonly a: StatusSide | undefined;
  readonly b: StatusSide | undefined;
  readonly hash: string;
}

/** One step of a plan. Actions are data: they are shown by --dry-run and applied by the executor. */
export type Action =
  /** Copy `source` from side `from` into `to`, where the item does not exist yet. */
  | {
      readonly kind: "create";
      readonly ident: string;
      readonly from: Side;
      readonly source: SideItem;
      readonly why: string;
    }
  /** Replace `target` on the other side of `from` with `source`. */
  | {
      readonly kind: "update";
      readonly ident: string;
      readonly from: Side;
      readonly source: SideItem;
      readonly target: SideItem;
      readonly why: string;
    }
  /** Remove `target` from `side`. */
  | {
      readonly kind: "delete";
      readonly ident: string;
      readonly side: Side;
      readonly target: SideItem;
      readonly why: string;
    }
  /**
   * Rename `target` on `side` to the path of `source` (the other side's item under its new
   * name): a deletion and a creation of the same content, carried as one rename.
   */
  | {
      readonly kind: "move";
      readonly ident: string;
      /** The ident the item had before, whose status row the move replaces. */
      readonly previous: string;
      readonly side: Side;
      readonly target: SideItem;
      readonly source: SideItem;
      readonly why: string;
    }
  /** Same content on both sides; give each side listed in `set` those attributes. */
  | {
      readonly kind: "setAttributes";
      readonly ident: string;
      readonly a: SideItem;
      readonly b: SideItem;
      readonly set: Readonly<Partial<Record<Side, Attributes>>>;
      readonly why: string;
    }
  /**
   * Both sides changed the item; `winner` keeps the name and the other version is kept beside it
   * on both sides under a conflict name (`conflict_resolution = "keep both"`).
   */
  | {
      readonly kind: "keepBoth";
      readonly ident: string;
      readonly a: SideItem;
      readonly b: SideItem;
      readonly winner: Side;
      readonly why: string;
    }
  /**
   * Both sides changed an item whose model merges (`conflict_resolution = "merge"`): their changes
   * are merged with the base, the content both last agreed on (whose hash is `base`), and the
   * result is written where it differs; an item that cannot be merged gets `fallback` instead.
   */
  | {
      readonly kind: "merge";
      readonly ident: string;
      readonly a: SideItem;
      readonly b: SideItem;
      readonly base: string;
      readonly fallback: MergeFallback;
      readonly why: string;
    }
  /** Nothing to write; remember how the sides look now. */
  | {
      readonly kind: "record";
      readonly ident: string;
      readonly a: SideItem | undefined;
      readonly b: SideItem | undefined;
      readonly hash: string;
    }
  /** Both sides lost the item: drop it from the status. */
  | { readonly kind: "forget"; readonly ident: string }
  /**
   * Both sides changed the item differently and no policy decides: report, touch nothing.
   * `unmerged`: the properties both changed differently, where a merge was tried.
   */
  | {
      readonly kind: "conflict";
      readonly ident: string;
      readonly a: SideItem;
      readonly b: SideItem;
      readonly unmerged?: readonly MergeConflict[];
    }
  /** A write the plan needs on a side that is read-only: reported, not done. */
  | { readonly kind: "refused"; readonly ident: string; readonly side: Side; readonly write: WriteAction };

export type ActionKind = Action["kind"];

/** What a merge does instead where it cannot merge: what the pair's `merge_fallback` says. */
export type MergeFallback = Extract<Action, { kind: "conflict" | "update" | "keepBoth" }>;

/** An action that writes an item to a storage. */
export type WriteAction = Extract<
  Action,
  { kind: "create" | "update" | "delete" | "move" | "setAttributes" | "keepBoth" }
>;

/**
 * A change to a collection itself, planned beside its items' actions: its existence, its
 * properties, its mapping in the status. Shown by --dry-run and applied like item actions.
 */
export type CollectionAction =
  /** Make the collection missing on `side`, with the properties the other side's has. */
  | {
      readonly kind: "create-collection";
      readonly side: Side;
      readonly id: CollectionId;
      readonly properties: Properties;
      readonly why: string;
    }
  /** Remove the collection on `side`, emptied after its counterpart was deleted. */
  | {
      readonly kind: "delete-collection";
      readonly side: Side;
      readonly id: CollectionId;
      readonly why: string;
    }
  /** Give the collection on `side` the name its counterpart was renamed to. */
  | {
      readonly kind: "rename-collection";
      readonly side: Side;
      readonly from: CollectionId;
      readonly to: CollectionId;
      readonly why: string;
    }
  /** Drop a mapping whose collections are gone from the status. */
  | { readonly kind: "forget-collection"; readonly why: string }
  /** Carry a collection property (`undefined`: remove it) to `side`. */
  | {
      readonly kind: "set-property";
      readonly side: Side;
      readonly name: PropertyName;
      readonly value: string | undefined;
      readonly why: string;
    };

/** Everything a sync plans for a collection: its own changes and its items'. */
export type SyncAction = CollectionAction | Action;
