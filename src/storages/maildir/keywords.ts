/**
 * IMAP keywords in a Maildir, as Dovecot keeps them: the lowercase letters `a`–`z` of a file name's
 * info, each standing for the keyword on the line of its number (`0` is `a`) in the folder's
 * `dovecot-keywords` file (`0 Junk`, `1 $Label1`). Names are compared without case, as Dovecot
 * compares them.
 *
 * The file is only read. Dovecot adds a keyword while it holds the lock of its `dovecot-uidlist`,
 * which no other program can take with it, so a keyword the file does not name yet is not held
 * here; the writes that want one say so by the attributes they return.
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { classify } from "../../errors/index.js";
import { isMissing } from "../local-fs/system-error.js";

export const keywordsFileName = "dovecot-keywords";

/** Dovecot's limit: one letter each, `a` to `z`. */
const maxKeywords = 26;
const firstLetter = "a".charCodeAt(0);

export interface Keywords {
  /** The keyword a letter stands for, or undefined. */
  nameOf(letter: string): string | undefined;
  /** The letter that stands for a keyword, or undefined. */
  letterOf(keyword: string): string | undefined;
}

export function keywordsFrom(text: string): Keywords {
  const names = new Map<string, string>();
  const letters = new Map<string, string>();
  for (const line of text.split("\n")) {
    const space = line.indexOf(" ");
    if (space === -1) continue;
    const index = Number(line.slice(0, space));
    const name = line.slice(space + 1);
    // Lines Dovecot would skip: a number out of range, no name.
    if (!Number.isInteger(index) || index < 0 || index >= maxKeywords || name === "") continue;
    const letter = String.fromCharCode(firstLetter + index);
    names.set(letter, name);
    letters.set(name.toLowerCase(), letter);
  }
  return {
    nameOf: (letter) => names.get(letter),
    letterOf: (keyword) => letters.get(keyword.toLowerCase()),
  };
}

export const noKeywords: Keywords = keywordsFrom("");

/** The keywords of the Maildir at `folder`; none when it has no `dovecot-keywords`. */
export function readKeywords(folder: string): Keywords {
  const path = join(folder, keywordsFileName);
  try {
    return keywordsFrom(readFileSync(path, "utf8"));
  } catch (error) {
    if (isMissing(error)) return noKeywords;
    throw classify(error, `reading ${path}`);
  }
}
