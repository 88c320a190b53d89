/**
 * Unique parts for new messages, as the Maildir specification has deliveries make them
 * (https://cr.yp.to/proto/maildir.html, "modern" form): the time in seconds, then `M` and its
 * microseconds, `P` the process id, `Q` a count of deliveries by this process, `R` random bits,
 * then the host name. Two programs, or two runs, never pick the same one, and the random part
 * covers a process id reused within the same microsecond.
 * @module
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

let deliveries = 0;

/** The host name with `/` and `:` written as the specification asks, so it fits in a file name. */
export function safeHostname(host: string): string {
  return host.replaceAll("/", "\\057").replaceAll(":", "\\072") || "localhost";
}

const host = safeHostname(hostname());

export function uniqueName(nowMs: number = Date.now()): string {
  const seconds = Math.floor(nowMs / 1000);
  const micros = Math.floor((nowMs % 1000) * 1000);
  const random = randomBytes(4).toString("hex");
  return `${seconds}.M${micros}P${process.pid}Q${++deliveries}R${random}.${host}`;
}
