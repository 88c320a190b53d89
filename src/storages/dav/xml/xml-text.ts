/**
 * Turns a response body, as it arrives (bytes or strings, cut anywhere), into text a strict
 * XML parser accepts, in slices small enough to check the parser's progress between them.
 * @module
 */
import { joinedSurrogateReferences } from "../quirks.js";
import { withoutForbiddenCharacters } from "./xml-characters.js";

/**
 * The text of `source`, decoded as UTF-8 across chunk boundaries (malformed bytes become
 * U+FFFD), cleaned of the characters XML forbids, with surrogate pairs written as two
 * references joined into one (`joinedSurrogateReferences`), and cut into slices of at most `sliceLength`
 * UTF-16 code units. The parser takes care of what a cut can split: a byte order mark at the
 * start, a surrogate pair, a CR LF.
 */
export async function* xmlText(
  source: AsyncIterable<Uint8Array | string>,
  sliceLength = 64 * 1024,
): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  /** The end of the text so far, held back while it may be half of a pair of references. */
  let held = "";
  for await (const chunk of source) {
    // A string chunk completes any bytes still pending in the decoder before it.
    const text =
      held + (typeof chunk === "string" ? decoder.decode() + chunk : decoder.decode(chunk, { stream: true }));
    const cut = referenceTail(text);
    held = text.slice(cut);
    yield* slices(cleaned(text.slice(0, cut)), sliceLength);
  }
  yield* slices(cleaned(held + decoder.decode()), sliceLength);
}

const cleaned = (text: string): string => joinedSurrogateReferences(withoutForbiddenCharacters(text));

/**
 * Where to hold the text back from: the first `&` among its last 22 characters (two references
 * take at most that), or the reference just before it, which may be the first half of a pair.
 */
function referenceTail(text: string): number {
  const ampersand = text.indexOf("&", Math.max(0, text.length - 22));
  if (ampersand === -1) return text.length;
  const before = /&#(?:x[0-9a-f]{1,6}|\d{1,7});$/i.exec(text.slice(Math.max(0, ampersand - 11), ampersand));
  return before ? ampersand - before[0].length : ampersand;
}

function* slices(text: string, sliceLength: number): Generator<string> {
  for (let start = 0; start < text.length; start += sliceLength) yield text.slice(start, start + sliceLength);
}
