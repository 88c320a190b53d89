/**
 * Large contents go to the relay in parts. A part is one object, written whole or not at all, so
 * an upload cut off (a killed run, a lost connection) resumes at the first part missing, and a
 * backend that must know an object's length before it sends it (WebDAV, S3) holds one part at
 * most. Part 1 has the blob's own name and part n is `<name>.<n>`: a blob of one part is a single
 * object under its name. How many parts a blob has follows from its size, which its change set
 * records.
 * @module
 */

/** The size of every part but the last; part of the relay's format. */
export const partSize = 8 * 1024 * 1024;

/** How many parts hold `size` bytes: one at least, so that empty content is an object too. */
export const partCount = (size: number): number => Math.max(1, Math.ceil(size / partSize));

/** The object name of part `part` (from 1) of the blob named `name`. */
export const partName = (name: string, part: number): string => (part === 1 ? name : `${name}.${part}`);

/** The content cut at every `size` bytes: full parts, then the rest (one empty part for nothing). */
export async function* cutIntoParts(
  content: AsyncIterable<Uint8Array>,
  size = partSize,
): AsyncIterable<Buffer> {
  let held: Buffer[] = [];
  let heldBytes = 0;
  let cut = false;
  for await (const chunk of content) {
    let piece = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (heldBytes + piece.byteLength >= size) {
      const taken = size - heldBytes;
      held.push(piece.subarray(0, taken));
      yield Buffer.concat(held, size);
      cut = true;
      held = [];
      heldBytes = 0;
      piece = piece.subarray(taken);
    }
    if (piece.byteLength > 0) {
      held.push(piece);
      heldBytes += piece.byteLength;
    }
  }
  if (heldBytes > 0 || !cut) yield Buffer.concat(held, heldBytes);
}
