/**
 * Escaping of text and attribute values for the XML concord sends.
 * @module
 */
import { withoutForbiddenCharacters } from "./xml-characters.js";

/**
 * Half of a surrogate pair on its own, which XML cannot carry either. Like the other forbidden
 * characters it is dropped: a strict server would reject the whole request for it.
 */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function representable(value: string): string {
  return withoutForbiddenCharacters(value).replace(loneSurrogate, "");
}

const textReplacements: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  // A parser turns a raw CR (or CRLF) into LF; a reference keeps it.
  "\r": "&#13;",
};

/** Attribute values additionally lose raw tabs and line feeds to spaces unless referenced. */
const attributeReplacements: Readonly<Record<string, string>> = {
  ...textReplacements,
  "\t": "&#9;",
  "\n": "&#10;",
};

/** `value` as element content. */
export function escapeXmlText(value: string): string {
  return representable(value).replace(/[&<>"'\r]/g, (c) => textReplacements[c] ?? c);
}

/** `value` inside a double-quoted attribute. */
export function escapeXmlAttribute(value: string): string {
  return representable(value).replace(/[&<>"'\r\t\n]/g, (c) => attributeReplacements[c] ?? c);
}
