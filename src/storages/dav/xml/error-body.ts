/**
 * Reading the `<D:error>` body (RFC 4918 §16) a server sends with a failed request, to learn
 * which precondition failed: above all `{DAV:}valid-sync-token`, the sign that a sync token
 * has expired and a sync must start over with an empty one (RFC 6578 §3.2).
 * @module
 */
import { SaxesParser } from "saxes";
import { clarkName, davNames } from "./namespaces.js";
import { withoutForbiddenCharacters } from "./xml-characters.js";

/**
 * The names (`{namespace}local`) of the elements directly inside a `<D:error>` body. Error
 * bodies are read only as far as the caller cared to fetch, so a body cut short gives the
 * names found before the cut, and anything that is not a DAV error (an HTML page, plain text,
 * nothing) gives none: the status code remains the answer then.
 */
export function errorConditions(body: string): string[] {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const conditions: string[] = [];
  let depth = 0;
  let isDavError = false;
  parser.on("opentag", (tag) => {
    depth += 1;
    const name = clarkName(tag.uri, tag.local);
    if (depth === 1) isDavError = name === davNames.error;
    else if (depth === 2 && isDavError) conditions.push(name);
  });
  parser.on("closetag", () => {
    depth -= 1;
  });
  try {
    parser.write(withoutForbiddenCharacters(body)).close();
  } catch {
    // Not well-formed from here on: what was read before still counts.
  }
  return conditions;
}
