/**
 * Hrefs as servers send them: relative or absolute, with `@` or `%40`, `ä` or `%C3%A4`,
 * sometimes unencoded spaces. Hrefs are resolved into URLs, and compared by a canonical form of
 * their path so that two spellings of one resource are recognised as the same resource.
 *
 * Callers keep the server's own href string as the item's identity and send it back as it came;
 * the canonical form is only for comparing.
 * @module
 */
import { InvalidDataError } from "../../../errors/index.js";

const absoluteUrl = /^[a-z][a-z0-9+.-]*:\/\//i;
/** A first path segment holding a colon, which a URL parser would read as a scheme. */
const schemeLike = /^[^/]*:/;

/**
 * `href` resolved against `base` (the URL the response came from). Relative hrefs are
 * accepted although RFC 4918 §8.3 asks for absolute paths, and a relative href such as
 * `a:b.vcf` is read as a file name, not as a URL with scheme `a` (as dav4jvm does).
 */
export function resolveHref(base: URL | string, href: string): URL {
  // URL parsers read "\" as "/" in http(s) URLs, but in an href it is part of a name.
  const literal = href.trim().replaceAll("\\", "%5C");
  const reference = absoluteUrl.test(literal) || !schemeLike.test(literal) ? literal : `./${literal}`;
  try {
    return new URL(reference, base);
  } catch (cause) {
    const shown = JSON.stringify(href.length > 200 ? `${href.slice(0, 200)}…` : href);
    throw new InvalidDataError(`${String(base)}: not a usable href ${shown}`, { what: href }, { cause });
  }
}

/**
 * Characters a path segment may hold unencoded (RFC 3986 §3.3 `pchar`). Everything else,
 * including `/` inside a name and every non-ASCII byte, is percent-encoded in canonical form.
 */
const literalInSegment = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]$/;
/** A segment of literal characters only is already canonical: most hrefs, spared the work. */
const canonicalSegment = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]*$/;
const utf8 = new TextEncoder();

/**
 * The canonical spelling of a URL path, for comparing: every percent-escape is decoded and
 * the bytes re-encoded the same way (`%40` and `@` become `@`; `ä`, `%c3%a4` and `%C3%A4`
 * become `%C3%A4`; a space becomes `%20`), while an encoded `/` stays encoded, since it is part
 * of a name, not a separator.
 */
export function normalisePath(path: string): string {
  return path
    .split("/")
    .map((segment) => (canonicalSegment.test(segment) ? segment : encodeBytes(segmentBytes(segment))))
    .join("/");
}

/** The bytes a segment stands for; a `%` not followed by two hex digits stands for itself. */
function segmentBytes(segment: string): Uint8Array {
  const bytes: number[] = [];
  for (let index = 0; index < segment.length;) {
    const escape = segment.slice(index, index + 3);
    if (/^%[0-9A-Fa-f]{2}$/.test(escape)) {
      bytes.push(Number.parseInt(escape.slice(1), 16));
      index += 3;
    } else {
      const character = String.fromCodePoint(segment.codePointAt(index) ?? 0);
      bytes.push(...utf8.encode(character));
      index += character.length;
    }
  }
  return Uint8Array.from(bytes);
}

function encodeBytes(bytes: Uint8Array): string {
  let encoded = "";
  for (const byte of bytes) {
    const character = String.fromCharCode(byte);
    encoded +=
      byte < 0x80 && literalInSegment.test(character)
        ? character
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return encoded;
}

/** A canonical segment decoded to text; left encoded if its bytes are not UTF-8. */
function decodeSegment(segment: string): string {
  if (!segment.includes("%")) return segment;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(segmentBytes(segment));
  } catch {
    return segment;
  }
}

/**
 * The decoded name of `item` if it is a direct member of `collection`: same scheme, host and
 * port, and a path that is the collection's path plus exactly one segment (a trailing slash
 * allowed, for a member that is itself a collection). `item` may be an href, resolved against
 * the collection. The collection itself, anything deeper, anything elsewhere, and names that
 * decode to `.` or `..` (also behind an encoded slash) have no member name.
 *
 * The name is untrusted: it may hold any character, `/` and control characters included.
 */
export function memberName(collection: URL | string, item: URL | string): string | undefined {
  const collectionUrl = new URL(collection);
  const itemUrl = typeof item === "string" ? resolveHref(collectionUrl, item) : item;
  if (itemUrl.protocol !== collectionUrl.protocol || itemUrl.host !== collectionUrl.host) return undefined;
  const prefix = normalisePath(collectionUrl.pathname).replace(/\/?$/, "/");
  const path = normalisePath(itemUrl.pathname);
  if (!path.startsWith(prefix)) return undefined;
  const segment = path.slice(prefix.length).replace(/\/$/, "");
  if (segment === "" || segment.includes("/")) return undefined;
  const name = decodeSegment(segment);
  if (name.split(/[/\\]/).some((part) => part === "." || part === "..")) return undefined;
  return name;
}

/** Whether `item` is a direct member of `collection` (see `memberName`). */
export function isInside(collection: URL | string, item: URL | string): boolean {
  return memberName(collection, item) !== undefined;
}
