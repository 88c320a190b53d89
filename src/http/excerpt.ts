/**
 * A short, printable excerpt of a server's error page, so that a message can say what the server
 * complained about without flooding the terminal or smuggling control sequences into it.
 * @module
 */

/** The longest excerpt quoted in a message. */
export const excerptLength = 200;

/**
 * `text` with control characters and runs of white space turned into single spaces, cut to
 * {@link excerptLength} characters.
 */
export function excerpt(text: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const flat = text.replace(/[\s\x00-\x1f\x7f-\x9f]+/g, " ").trim();
  const chars = Array.from(flat);
  return chars.length <= excerptLength ? flat : `${chars.slice(0, excerptLength - 1).join("")}…`;
}
