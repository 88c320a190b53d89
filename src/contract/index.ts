/**
 * The storage contract: what a storage is, what its items are, how bodies and attributes
 * travel. The bottom layer: every other part imports it; it imports none of them.
 * @module
 */
export * from "./attributes.js";
export * from "./body.js";
export * from "./item-model.js";
export * from "./merge.js";
export * from "./storage.js";
