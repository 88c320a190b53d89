/**
 * Content lines, the unit iCalendar (RFC 5545) and vCard (RFC 6350) are written in: unfolding the
 * physical lines of a text into logical lines, and splitting a logical line into its name,
 * parameters and value.
 *
 * Reading is deliberately forgiving, because an item that sync cannot read exactly must still be
 * synchronised: any line ending is accepted, names are compared uppercased, and a line that is not
 * `NAME;PARAM=…:VALUE` at all becomes a line with an odd name rather than an error.
 * @module
 */

/** One logical line, unfolded. */
export interface ContentLine {
  /** The property name, trimmed and uppercased, with any vCard group prefix (`ITEM1.TEL`). */
  readonly name: string;
  /** Everything after the name as written: the parameters, the colon and the value. */
  readonly tail: string;
  /**
   * The physical lines it was unfolded from, without line endings, so that a line can be written
   * back exactly as its producer folded it rather than re-serialised.
   */
  readonly physical: readonly string[];
}

/** One parameter of a content line. */
export interface Parameter {
  /** The parameter name, trimmed and uppercased. */
  readonly name: string;
  /** Its value with the quotes removed; `""` for a bare parameter such as vCard 2.1's `TEL;WORK:…`. */
  readonly value: string;
}

/** A content line split into its parts. */
export interface ParsedContentLine {
  readonly parameters: readonly Parameter[];
  readonly value: string;
}

const SPACE = 0x20;
const TAB = 0x09;
const SEMICOLON = 0x3b;
const COLON = 0x3a;
const QUOTE = 0x22;
const EQUALS = 0x3d;

/**
 * Unfolds a text into logical lines. A physical line starting with a space or a tab continues the
 * previous one (that one character is dropped); CRLF, LF and a lone CR all end a line. Empty
 * physical lines carry nothing and are skipped, even between a line and its continuation.
 */
export function readContentLines(text: string): ContentLine[] {
  const lines: ContentLine[] = [];
  let pending: string[] | undefined;
  for (const physical of text.split(/\r\n|\r|\n/)) {
    if (physical === "") continue;
    const first = physical.charCodeAt(0);
    if ((first === SPACE || first === TAB) && pending !== undefined) {
      pending.push(physical);
      continue;
    }
    if (pending !== undefined) pushLine(lines, pending);
    pending = [physical];
  }
  if (pending !== undefined) pushLine(lines, pending);
  return lines;
}

function pushLine(lines: ContentLine[], physical: string[]): void {
  let text = physical[0] ?? "";
  for (let i = 1; i < physical.length; i++) text += (physical[i] ?? "").slice(1);
  if (trimTrailingBlanks(text) === "") return;
  const nameEnd = indexOfNameEnd(text);
  lines.push({ name: text.slice(0, nameEnd).trim().toUpperCase(), tail: text.slice(nameEnd), physical });
}

function indexOfNameEnd(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === SEMICOLON || c === COLON) return i;
  }
  return text.length;
}

/**
 * Splits a line's tail into parameters and value. Quoted parameter values may hold `:` and `;`. A
 * quote left open would swallow the value, so then the value is taken to start at the first colon.
 */
export function parseContentLine(line: ContentLine): ParsedContentLine {
  const { tail } = line;
  const parameters: Parameter[] = [];
  let i = 0;
  while (tail.charCodeAt(i) === SEMICOLON) {
    const start = i + 1;
    let quoted = false;
    for (i = start; i < tail.length; i++) {
      const c = tail.charCodeAt(i);
      if (c === QUOTE) quoted = !quoted;
      else if (!quoted && (c === SEMICOLON || c === COLON)) break;
    }
    if (quoted) return parseIgnoringQuotes(tail);
    parameters.push(toParameter(tail.slice(start, i)));
  }
  return { parameters, value: tail.charCodeAt(i) === COLON ? tail.slice(i + 1) : "" };
}

function parseIgnoringQuotes(tail: string): ParsedContentLine {
  const colon = tail.indexOf(":");
  const parameterTexts = (colon < 0 ? tail : tail.slice(0, colon)).split(";").slice(1);
  return { parameters: parameterTexts.map(toParameter), value: colon < 0 ? "" : tail.slice(colon + 1) };
}

function toParameter(text: string): Parameter {
  const equals = text.indexOf("=");
  if (equals < 0) return { name: text.trim().toUpperCase(), value: "" };
  return {
    name: text.slice(0, equals).trim().toUpperCase(),
    value: text.slice(equals + 1).replaceAll('"', ""),
  };
}

/**
 * The tail with its parameter names in upper case, as property names are read: both are
 * case-insensitive (RFC 5545 section 3.2, RFC 6350 section 5), and producers spell them as they
 * like (`TEL;type=work` against `TEL;TYPE=work`). Values, quoted or not, stay as written.
 */
export function withUpperCaseParameterNames(tail: string): string {
  if (tail.charCodeAt(0) !== SEMICOLON) return tail;
  let canonical = "";
  let inName = false;
  let quoted = false;
  for (let i = 0; i < tail.length; i++) {
    const c = tail.charCodeAt(i);
    if (quoted) quoted = c !== QUOTE;
    else if (c === QUOTE) quoted = true;
    else if (c === COLON) return canonical + tail.slice(i);
    else if (c === SEMICOLON) inName = true;
    else if (c === EQUALS) inName = false;
    canonical += inName ? (tail[i] as string).toUpperCase() : tail[i];
  }
  return canonical;
}

/** Drops trailing spaces and tabs, the whitespace that producers add or strip at will. */
export function trimTrailingBlanks(text: string): string {
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c !== SPACE && c !== TAB) break;
    end--;
  }
  return end === text.length ? text : text.slice(0, end);
}
