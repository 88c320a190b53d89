/**
 * A message file's name: the unique part, which names the message for as long as it exists, and
 * the info after it, `:2,` and one letter per flag in ASCII order
 * (https://cr.yp.to/proto/maildir.html). A mail client changes the info when it changes flags and
 * never the unique part, so the unique part is the href and the flags are the attributes.
 * @module
 */
import type { Attributes } from "../../contract/index.js";
import { flagAttributes, flagsOf } from "../../models/message.js";
import type { Keywords } from "./keywords.js";

/** Where the info starts in a file name. */
const infoSeparator = ":";
/** The info every Maildir program writes: version 2, the flags. */
const flagsInfo = "2,";

/** Flag letters and the IMAP flags they stand for, as mbsync maps them. */
const letterFlags: ReadonlyMap<string, string> = new Map([
  ["D", "\\Draft"],
  ["F", "\\Flagged"],
  ["P", "$Forwarded"],
  ["R", "\\Answered"],
  ["S", "\\Seen"],
  ["T", "\\Deleted"],
]);
const flagLetters: ReadonlyMap<string, string> = new Map(
  [...letterFlags].map(([letter, flag]) => [flag, letter]),
);

/** Lowercase letters are keywords, named by the folder's `dovecot-keywords` file. */
const isKeywordLetter = (letter: string): boolean => letter >= "a" && letter <= "z";

export type ParsedName =
  /** `letters` is undefined when the name has no info at all (a message just delivered to new/). */
  | { readonly kind: "message"; readonly unique: string; readonly letters: string | undefined }
  /** A unique part followed by an info other than `2,`: a message, but not one whose flags can be read. */
  | { readonly kind: "unknown-info"; readonly unique: string }
  | { readonly kind: "invalid" };

/** A name a Maildir message file may have: not hidden, nothing but a unique part before the info. */
export function parseName(name: string): ParsedName {
  const at = name.indexOf(infoSeparator);
  const unique = at === -1 ? name : name.slice(0, at);
  if (!isUniquePart(unique)) return { kind: "invalid" };
  if (at === -1) return { kind: "message", unique, letters: undefined };
  const info = name.slice(at + 1);
  if (!info.startsWith(flagsInfo)) return { kind: "unknown-info", unique };
  return { kind: "message", unique, letters: info.slice(flagsInfo.length) };
}

/**
 * Whether `unique` can be a message's unique part, and so an href: hrefs come back from the status
 * and are joined onto folder paths, so nothing but a plain visible file name passes.
 */
export function isUniquePart(unique: string): boolean {
  return (
    unique !== "" &&
    !unique.startsWith(".") &&
    !unique.includes("/") &&
    !unique.includes(infoSeparator) &&
    // Control characters belong in no file name concord reads or makes; the class is the point.
    // eslint-disable-next-line no-control-regex
    !/[\0-\x1f\x7f]/.test(unique)
  );
}

/** The file name of a message with this unique part and these flag letters (none: no info). */
export function fileName(unique: string, letters: string | undefined): string {
  return letters === undefined ? unique : `${unique}${infoSeparator}${flagsInfo}${letters}`;
}

/** A message's attributes from its flag letters. */
export function attributesOf(letters: string | undefined, keywords: Keywords): Attributes {
  const flags: string[] = [];
  for (const letter of letters ?? "") {
    const flag = letterFlags.get(letter) ?? (isKeywordLetter(letter) ? keywords.nameOf(letter) : undefined);
    if (flag !== undefined) flags.push(flag);
  }
  return flagAttributes(flags);
}

/**
 * The letters for `attributes`, in ASCII order, and the attributes they hold. Letters of `old` that
 * stand for no flag concord knows (another program's, a keyword whose name is lost) are kept as
 * they are; a keyword the folder's `dovecot-keywords` does not name yet has no letter and is not
 * held. `$Forwarded` is `P`, and also its keyword letter where the folder names it (Dovecot
 * keeps it as a keyword).
 */
export function lettersFor(
  attributes: Attributes | undefined,
  old: string | undefined,
  keywords: Keywords,
): { letters: string; held: Attributes } {
  const letters = new Set<string>();
  for (const letter of old ?? "") {
    const known =
      letterFlags.has(letter) || (isKeywordLetter(letter) && keywords.nameOf(letter) !== undefined);
    if (!known) letters.add(letter);
  }
  for (const flag of flagsOf(attributes)) {
    const letter = flagLetters.get(flag);
    const keywordLetter = keywords.letterOf(flag);
    if (letter !== undefined) letters.add(letter);
    if (keywordLetter !== undefined) letters.add(keywordLetter);
  }
  // What the next listing reads from the name: the flags the letters stand for.
  const sorted = [...letters].sort().join("");
  return { letters: sorted, held: attributesOf(sorted, keywords) };
}
