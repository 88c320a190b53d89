/**
 * Generated mail messages of realistic shape and size: headers a mail client writes, a text body of
 * about 4 kB, and now and then a larger message with a base64 attachment. The same `k` always gives
 * the same bytes, so a benchmark run can be repeated exactly.
 */

/** Every 50th message carries an attachment of about 30 kB, every 1,000th one of about 500 kB. */
const attachmentBytes = (k: number): number => (k % 1000 === 999 ? 500_000 : k % 50 === 49 ? 30_000 : 0);

/** mulberry32: a small seeded generator. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const words = (
  "the of and to in is that for it as was with be by on not he this are or his from at which but have an " +
  "they you were her she there one all we their can has been if more when will would who so no meeting " +
  "report budget draft review release schedule invoice project team update question thanks regards"
).split(" ");

/** Lines of words up to 72 characters, until `bytes` is reached. */
function prose(next: () => number, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    let line = "";
    while (line.length < 60) line += `${line ? " " : ""}${words[next() % words.length]}`;
    lines.push(line);
    size += line.length + 2;
  }
  return lines.join("\r\n");
}

function base64Lines(next: () => number, bytes: number): string {
  const raw = Buffer.alloc(bytes);
  for (let at = 0; at < bytes; at += 4) raw.writeUInt32LE(next(), Math.min(at, bytes - 4));
  return (raw.toString("base64").match(/.{1,76}/g) ?? []).join("\r\n");
}

/** The Message-ID of message `k` of a series (with angle brackets). */
export const messageId = (k: number, series = "seed"): string => `<${series}-${k}@concord.test>`;

/** Message `k` of a series, with CRLF line ends. */
export function mailMessage(k: number, series = "seed"): string {
  const next = generator(k * 7919 + series.length * 104_729 + 1);
  const date = new Date(Date.UTC(2024, 0, 1) + k * 3_600_000).toUTCString().replace("GMT", "+0000");
  const headers = [
    `From: Sender ${k % 37} <sender${k % 37}@example.org>`,
    "To: Concord Test <test@example.com>",
    `Subject: ${prose(next, 1).slice(0, 40)} (${series} ${k})`,
    `Date: ${date}`,
    `Message-ID: ${messageId(k, series)}`,
    "MIME-Version: 1.0",
  ];
  const text = prose(next, 3000 + (next() % 2000));
  const attachment = attachmentBytes(k);
  if (attachment === 0) {
    return [...headers, "Content-Type: text/plain; charset=utf-8", "", text, ""].join("\r\n");
  }
  const boundary = `=-${series}-${k}`;
  return [
    ...headers,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    text,
    `--${boundary}`,
    `Content-Type: application/octet-stream; name="file-${k}.bin"`,
    "Content-Transfer-Encoding: base64",
    `Content-Disposition: attachment; filename="file-${k}.bin"`,
    "",
    base64Lines(next, attachment),
    `--${boundary}--`,
    "",
  ].join("\r\n");
}

/** The flags a seeded message starts with: most read, some answered, a few flagged. */
export function seedFlags(k: number): string[] {
  const flags: string[] = [];
  if (k % 10 < 7) flags.push("\\Seen");
  if (k % 10 === 3) flags.push("\\Answered");
  if (k % 20 === 5) flags.push("\\Flagged");
  return flags;
}
