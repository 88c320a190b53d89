/**
 * The characters XML 1.0 forbids outright (not even `&#..;` can carry them), which servers
 * nevertheless put into property values and which users can put into collection names.
 * @module
 */

/**
 * C0 controls other than tab, LF and CR, plus U+FFFE and U+FFFF. vdirsyncer strips the same
 * controls from answers before parsing them.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const forbiddenCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * `text` without the characters a strict XML parser rejects a whole document for; dropping them
 * loses nothing sync needs.
 */
export function withoutForbiddenCharacters(text: string): string {
  return text.replace(forbiddenCharacters, "");
}
