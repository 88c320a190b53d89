/**
 * What a three-way merge of an item's content gives: the merged content, or the places where both
 * sides changed the same thing differently. Models that can merge (calendars, contacts) say so by
 * having `ItemModel.merge`.
 * @module
 */

/** One property (or nested component) that both sides changed differently since the base. */
export interface MergeConflict {
  /** The component it belongs to, as a person would look for it: `VCARD`, `VEVENT <uid>`. */
  readonly component: string;
  /** The property (`SUMMARY`, `TEL;TYPE=CELL`) or nested component (`VALARM`). */
  readonly property: string;
  /** Its content lines in the base and on each side, unfolded; empty where it is absent. */
  readonly base: readonly string[];
  readonly a: readonly string[];
  readonly b: readonly string[];
}

export type ContentMerge =
  /** Both sides' changes together, written in a's order and folding. */
  | { readonly kind: "merged"; readonly content: Uint8Array }
  /** The same properties changed differently on both sides: nothing was merged. */
  | { readonly kind: "conflicting"; readonly conflicts: readonly MergeConflict[] }
  /** The versions cannot be merged at all (not the same kind of item, not text): why. */
  | { readonly kind: "unmergeable"; readonly reason: string };
