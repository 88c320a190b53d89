/**
 * The vocabulary the engine's parts share: sides, what a side holds now, what the status
 * remembers, and the actions a plan is made of.
 * @module
 */
import type { Href, Version } from "../contract/index.js";

export type Side = "a" | "b";
export const otherSide = (side: Side): Side => (side === "a" ? "b" : "a");

/** An item as one side holds it now. */
export interface SideItem {
  readonly href: Href;
  readonly version: Version;
  /** Content hash modulo noise; equal hashes mean equal items. */
  readonly hash: string;
}

/** Where an item was on one side at the last sync. `version` is unknown after a write that did not say. */
export interface StatusSide {
  readonly href: Href;
  readonly version: Version | undefined;
}

/**
 * What both sides looked like when an item was last in agreement. A side is absent when the item
 * is deliberately missing there (a deletion that `on_delete = "skip"` did not carry across).
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
  /** Both sides changed the item differently and no policy decides: report, touch nothing. */
  | { readonly kind: "conflict"; readonly ident: string; readonly a: SideItem; readonly b: SideItem }
  /** A write the plan needs on a side that is read-only: reported, not done. */
  | { readonly kind: "refused"; readonly ident: string; readonly side: Side; readonly why: string };

export type ActionKind = Action["kind"];
