/**
 * Tolerant reading of iCalendar and vCard: the kind, UID and normalised hash of an item, splitting
 * collection files into items and joining them back, three-way merges of an item's versions and
 * diffs between them, and the content-line and component-tree readers these are built on. Nothing
 * here rejects an item for being imperfect.
 * @module
 */
export { describeItem, normalisedHash } from "./describe-item.js";
export type { ItemInfo } from "./describe-item.js";
export type { ItemKind } from "./identity.js";
export { ownCopy } from "./own-copy.js";
export { splitCollection } from "./split-collection.js";
export type { SplitItem } from "./split-collection.js";
export { joinCollection } from "./join-collection.js";
export { mergeItem } from "./merge-item.js";
export { diffContentLines } from "./content-diff.js";
export type { DiffLine } from "./content-diff.js";
export { parseContentLine, readContentLines } from "./content-line.js";
export type { ContentLine, Parameter, ParsedContentLine } from "./content-line.js";
export { parseComponents } from "./component.js";
export type { Component } from "./component.js";
