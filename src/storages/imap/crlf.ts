/**
 * A message as IMAP takes it: with CRLF line ends (RFC 3501 §2.3.1), whatever the body came
 * with (a Maildir file holds LF).
 * @module
 */
import type { Body } from "../../contract/index.js";

const cr = 0x0d;
const lf = 0x0a;

/**
 * Reads `body` whole, each LF not already preceded by CR written as CRLF. A CR ending one chunk
 * is remembered, so a CRLF split between two chunks stays one line end.
 */
export async function readWithCrlf(body: Body): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let afterCr = false;
  for await (const chunk of body.bytes ? [body.bytes] : body.open()) {
    let start = 0;
    for (let at = chunk.indexOf(lf); at !== -1; at = chunk.indexOf(lf, at + 1)) {
      const precededByCr = at === 0 ? afterCr : chunk[at - 1] === cr;
      if (precededByCr) continue;
      parts.push(chunk.subarray(start, at), crlf);
      start = at + 1;
    }
    if (start < chunk.length) parts.push(chunk.subarray(start));
    if (chunk.length > 0) afterCr = chunk[chunk.length - 1] === cr;
  }
  return Buffer.concat(parts);
}

const crlf = new Uint8Array([cr, lf]);
