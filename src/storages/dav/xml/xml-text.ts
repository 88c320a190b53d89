/**
 * Turns a response body, as it arrives (bytes or strings, cut anywhere), into text a strict
 * XML parser accepts, in slices small enough to check the parser's progress between them.
 * @module
 */
import { withoutForbiddenCharacters } from "./xml-characters.js";

/**
 * The text of `source`, decoded as UTF-8 across chunk boundaries (malformed bytes become
 * U+FFFD), cleaned of the characters XML forbids, and cut into slices of at most `sliceLength`
 * UTF-16 code units. The parser takes care of what a cut can split: a byte order mark at the
 * start, a surrogate pair, a CR LF.
 */
export async function* xmlText(
  source: AsyncIterable<Uint8Array | string>,
  sliceLength = 64 * 1024,
): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of source) {
    // A string chunk completes any bytes still pending in the decoder before it.
    const text =
      typeof chunk === "string" ? decoder.decode() + chunk : decoder.decode(chunk, { stream: true });
    yield* slices(withoutForbiddenCharacters(text), sliceLength);
  }
  yield* slices(withoutForbiddenCharacters(decoder.decode()), sliceLength);
}

function* slices(text: string, sliceLength: number): Generator<string> {
  for (let start = 0; start < text.length; start += sliceLength) yield text.slice(start, start + sliceLength);
}
