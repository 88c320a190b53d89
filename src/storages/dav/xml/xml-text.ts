/**
 * Turns a response body, as it arrives (bytes or strings, cut anywhere), into text a strict
 * XML parser accepts, in slices small enough to check the parser's progress between them.
 * @module
 */
import { withoutForbiddenCharacters } from "./xml-characters.js";

/**
 * The text of `source`, decoded as UTF-8 across chunk boundaries (malformed bytes become
 * U+FFFD, a byte order mark is dropped), cleaned of the characters XML forbids, and yielded in slices
 * of at most `sliceLength` UTF-16 code units (one more to keep a surrogate pair whole).
 */
export async function* xmlText(
  source: AsyncIterable<Uint8Array | string>,
  sliceLength = 64 * 1024,
): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  let atStart = true;
  for await (const chunk of source) {
    // A string chunk completes any bytes still pending in the decoder before it.
    let text = typeof chunk === "string" ? decoder.decode() + chunk : decoder.decode(chunk, { stream: true });
    if (atStart && text.length > 0) {
      text = text.replace(/^\uFEFF/, "");
      atStart = false;
    }
    yield* slices(withoutForbiddenCharacters(text), sliceLength);
  }
  yield* slices(withoutForbiddenCharacters(decoder.decode()), sliceLength);
}

function* slices(text: string, sliceLength: number): Generator<string> {
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + sliceLength, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end += 1;
    yield text.slice(start, end);
    start = end;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
