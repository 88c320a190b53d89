/**
 * Generated events of about 1 kB each, shaped like real ones (times, summary, a long folded
 * description, location), and contacts of about 0.7 kB, so that parsing and hashing cost what
 * they would on a real calendar or address book.
 */

const words =
  "agenda budget review quarterly roadmap sprint planning design offsite customer demo retro release migration incident follow-up workshop hiring onboarding training".split(
    " ",
  );

/** RFC 5545 folding: content lines of at most 75 octets, continued with a leading space. */
function fold(line: string): string {
  const parts = [line.slice(0, 75)];
  for (let at = 75; at < line.length; at += 74) parts.push(` ${line.slice(at, at + 74)}`);
  return parts.join("\r\n");
}

const pick = (n: number, salt: number) => words[(n * 7 + salt * 13) % words.length] as string;

function stamp(n: number, hourOffset: number): string {
  const start = Date.UTC(2026, 0, 1, 8) + n * 3_600_000 * 5 + hourOffset * 3_600_000;
  return new Date(start)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

export const uidOf = (n: number): string => `bench-${n}@concord.example`;

/** One VEVENT block (BEGIN:VEVENT…END:VEVENT\r\n); `revision` changes the content, not the UID. */
export function eventComponent(n: number, revision = 0): string {
  const description = Array.from({ length: 90 }, (_, k) => pick(n + k, revision)).join(" ");
  const lines = [
    "BEGIN:VEVENT",
    `UID:${uidOf(n)}`,
    "DTSTAMP:20260101T000000Z",
    `DTSTART:${stamp(n, 0)}`,
    `DTEND:${stamp(n, 1)}`,
    `SUMMARY:${pick(n, revision)} ${pick(n, 1)} #${n}${revision ? ` (rev ${revision})` : ""}`,
    `DESCRIPTION:${description}`,
    `LOCATION:Room ${n % 40}\\, Building ${String.fromCharCode(65 + (n % 6))}\\, 1 Example Street`,
    "END:VEVENT",
  ];
  return lines.map(fold).join("\r\n") + "\r\n";
}

/** A whole item, as a vdir file or a PUT body holds it. */
export const eventItem = (n: number, revision = 0): string =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//concord bench//EN\r\n${eventComponent(n, revision)}END:VCALENDAR\r\n`;

/** A whole vCard of about 0.7 kB: names, two addresses of contact, a postal address, a note. */
export function cardItem(n: number, revision = 0): string {
  const note = Array.from({ length: 40 }, (_, k) => pick(n + k, revision)).join(" ");
  const lines = [
    "BEGIN:VCARD",
    "VERSION:3.0",
    `UID:${uidOf(n)}`,
    `FN:${pick(n, revision)} Person ${n}${revision ? ` (rev ${revision})` : ""}`,
    `N:Person ${n};${pick(n, revision)};;;`,
    `EMAIL;TYPE=INTERNET:person${n}@example.org`,
    `TEL;TYPE=CELL:+1 555 ${String(n).padStart(7, "0")}`,
    `ADR;TYPE=HOME:;;${n % 400} Example Street;Springfield;;${10000 + (n % 90000)};Example Land`,
    `ORG:${pick(n, 2)} Inc.`,
    `NOTE:${note}`,
    "END:VCARD",
  ];
  return lines.map(fold).join("\r\n") + "\r\n";
}
