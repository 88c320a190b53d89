/**
 * Writing lines back as text: CRLF line endings, and lines longer than 75 octets folded as RFC 5545
 * asks, never inside a UTF-8 sequence (or a UTF-16 surrogate pair), since a split character would
 * be corrupted by any reader that decodes physical lines one by one.
 * @module
 */
import { Buffer } from "node:buffer";

const maxOctets = 75;

/** The lines as CRLF-terminated text, each longer line folded into physical lines of at most 75 octets. */
export function writeFoldedLines(lines: readonly string[]): string {
  let text = "";
  for (const line of lines) text += `${foldLine(line)}\r\n`;
  return text;
}

/** The lines as CRLF-terminated text, kept as they are however long. */
export function writeLines(lines: readonly string[]): string {
  let text = "";
  for (const line of lines) text += `${line}\r\n`;
  return text;
}

/** The line with CRLF + space inserted wherever it must be folded; a short line is returned as is. */
export function foldLine(line: string): string {
  // Three octets per UTF-16 unit is the worst case, so short lines skip the exact count.
  if (line.length * 3 <= maxOctets || Buffer.byteLength(line) <= maxOctets) return line;
  let folded = "";
  let octets = 0;
  for (const character of line) {
    const size = utf8Size(character.codePointAt(0) ?? 0);
    if (octets + size > maxOctets) {
      folded += "\r\n ";
      octets = 1;
    }
    folded += character;
    octets += size;
  }
  return folded;
}

function utf8Size(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}
