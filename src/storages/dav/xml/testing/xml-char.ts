/**
 * The XML 1.0 `Char` production, written out independently of the code under test, to tell
 * which characters of a generated string XML can carry.
 * @module
 */

function isXmlChar(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    code >= 0x10000
  );
}

/** `text` with every character XML 1.0 cannot carry removed. */
export function onlyXmlChars(text: string): string {
  return [...text].filter(isXmlChar).join("");
}
