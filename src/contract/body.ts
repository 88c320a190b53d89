/**
 * An item's content as it travels between storages: a stream that can be opened again, with its
 * bytes at hand when they are already in memory. A 1 GiB file crosses as a stream; an event
 * read in a DAV answer keeps its bytes, so calendars pay nothing for the generality.
 * @module
 */

export interface Body {
  /** Length in bytes, when known before reading. */
  readonly size?: number;
  /** The whole content, when it is already in memory (a DAV answer, an .ics file's member). */
  readonly bytes?: Uint8Array;
  /** A fresh stream of the content; may be called more than once, each call reads from the start. */
  open(): AsyncIterable<Uint8Array>;
}

/**
 * A body held in memory. A class, not an object literal with its own `async *open()`: every
 * generator function made anew carries a prototype and a hidden class of its own, some 300 bytes
 * for each of the 100,000 bodies a large sync holds.
 */
class BytesBody implements Body {
  readonly size: number;

  constructor(readonly bytes: Uint8Array) {
    this.size = bytes.byteLength;
  }

  async *open(): AsyncIterable<Uint8Array> {
    yield this.bytes;
  }
}

export function bytesBody(bytes: Uint8Array): Body {
  return new BytesBody(bytes);
}

/** Reads a whole body into memory: for small items (events, contacts) and for tests. */
export async function readBody(body: Body): Promise<Uint8Array> {
  if (body.bytes) return body.bytes;
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of body.open()) {
    chunks.push(chunk);
    length += chunk.byteLength;
  }
  const whole = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return whole;
}
