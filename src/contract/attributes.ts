/**
 * What an item carries apart from its content: a file's mode and modification time, a message's
 * flags. Attributes change without the content changing; the engine carries them with
 * `setAttributes` instead of rewriting the content, and merges them three ways.
 * @module
 */

/** Attribute name → value, each a string so the status can keep them as they are. */
export type Attributes = Readonly<Record<string, string>>;

/** Equal when both hold the same names with the same values. */
export function sameAttributes(a: Attributes | undefined, b: Attributes | undefined): boolean {
  const left = a ?? {};
  const right = b ?? {};
  const names = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const name of names) if (left[name] !== right[name]) return false;
  return true;
}

/**
 * The attribute that holds an item's modification time, in nanoseconds since the epoch, for
 * models that have one: `conflict_resolution = "newer"` compares it.
 */
export const modifiedAttribute = "mtime";
