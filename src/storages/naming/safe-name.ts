/**
 * Turns untrusted names (an item's UID, chosen by whoever wrote the item) into names that are
 * safe as one file name on any file system and can never point outside their folder.
 *
 * Readable names made of the characters vdirsyncer and khal have always used are kept as they
 * are, so existing vdirs keep their file names. Anything else is rewritten, and then a hash of the
 * original name is appended so that two different names never end up as the same file name by
 * accident (collisions that remain, such as case-insensitive file systems, are left to the caller:
 * see `numberedNames`).
 * @module
 */
import { createHash } from "node:crypto";

/**
 * ASCII only: non-ASCII names would be rewritten by file systems that normalise Unicode (macOS
 * turns NFC into NFD), and the name read back from the folder would differ from the one written.
 */
const safeCharacter = /[A-Za-z0-9_.+@-]/;
/** Names Windows reserves for devices, with or without an extension (vdirs live on shared disks too). */
const windowsDeviceName = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.|$)/i;
/**
 * File names may have 255 bytes; this leaves room for an extension, a collision counter and a
 * temp-file prefix.
 */
const maxLength = 160;
const hashLength = 12;

/** Whether `name` can be used as it is. */
function isKeptAsIs(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= maxLength &&
    !name.startsWith(".") &&
    !windowsDeviceName.test(name) &&
    [...name].every((character) => safeCharacter.test(character))
  );
}

function shortHash(name: string): string {
  return createHash("sha256").update(name, "utf8").digest("hex").slice(0, hashLength);
}

/**
 * A name for `untrusted` that is a single, visible path segment (no `/`, `\`, control characters,
 * leading dot or reserved device name) of at most 160 ASCII characters. The same input always
 * gives the same output.
 */
export function safeName(untrusted: string): string {
  if (isKeptAsIs(untrusted)) return untrusted;
  const replaced = [...untrusted]
    .map((character) => (safeCharacter.test(character) ? character : "_"))
    .join("")
    .replace(/^\./, "_");
  const visible = windowsDeviceName.test(replaced) ? `_${replaced}` : replaced;
  const stem = visible.slice(0, maxLength - hashLength - 1) || "item";
  return `${stem}-${shortHash(untrusted)}`;
}

/**
 * The names to try, in order, when `base + suffix` is taken: `base + suffix`, `base-2 + suffix`,
 * `base-3 + suffix`, ... up to `limit` names, so a caller looking for a free name always stops.
 */
export function* numberedNames(base: string, suffix = "", limit = 1000): Generator<string> {
  yield base + suffix;
  for (let counter = 2; counter <= limit; counter++) yield `${base}-${counter}${suffix}`;
}
