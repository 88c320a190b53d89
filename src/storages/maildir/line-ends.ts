/**
 * Messages arrive from IMAP with CRLF line ends and are kept in a Maildir with LF, as Dovecot and
 * mbsync keep them and as mutt and notmuch expect. The message model hashes both alike.
 * @module
 */

const cr = 0x0d;
const lf = 0x0a;

/**
 * `chunks` with every CRLF made LF, as they stream. A CR that ends a chunk is held back until the
 * next one shows whether an LF follows it; a CR alone stays.
 */
export async function* withLfLineEnds(chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  let heldCr = false;
  for await (const chunk of chunks) {
    if (chunk.byteLength === 0) continue;
    if (heldCr && chunk[0] !== lf) yield Uint8Array.of(cr);
    heldCr = chunk[chunk.byteLength - 1] === cr;
    const end = heldCr ? chunk.byteLength - 1 : chunk.byteLength;
    let at = chunk.indexOf(cr);
    if (at === -1 || at >= end) {
      if (end > 0) yield chunk.subarray(0, end);
      continue;
    }
    const out = new Uint8Array(end);
    let length = 0;
    let start = 0;
    for (; at !== -1 && at < end; at = chunk.indexOf(cr, at + 1)) {
      if (chunk[at + 1] !== lf) continue;
      out.set(chunk.subarray(start, at), length);
      length += at - start;
      start = at + 1;
    }
    out.set(chunk.subarray(start, end), length);
    length += end - start;
    if (length > 0) yield out.subarray(0, length);
  }
  if (heldCr) yield Uint8Array.of(cr);
}
