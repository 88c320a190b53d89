/**
 * A minimal XML writer for request bodies: elements named in Clark notation, serialised with
 * every namespace declared once on the root under a stable, readable prefix.
 * @module
 */
import { InternalError } from "../../../errors/index.js";
import { namespaces, splitClarkName } from "./namespaces.js";
import { escapeXmlAttribute, escapeXmlText } from "./xml-escape.js";

export interface XmlElement {
  /** `{namespace}local` */
  readonly name: string;
  /** Unqualified attribute names and their values. */
  readonly attributes: Readonly<Record<string, string>>;
  /** Child elements, or text. */
  readonly content: readonly XmlElement[] | string;
}

/** Builds an element; `content` is child elements or text (escaped on output). */
export function element(
  name: string,
  content: readonly XmlElement[] | string = [],
  attributes: Readonly<Record<string, string>> = {},
): XmlElement {
  return { name, attributes, content };
}

/** The prefixes servers' own examples use, so a body reads like the RFCs (and like logs). */
const knownPrefixes: ReadonlyMap<string, string> = new Map([
  [namespaces.dav, "d"],
  [namespaces.caldav, "c"],
  [namespaces.carddav, "card"],
  [namespaces.calendarServer, "cs"],
  [namespaces.appleIcal, "ical"],
]);

export const xmlDeclaration = '<?xml version="1.0" encoding="utf-8"?>';

/** The document with `root` as its root element, starting with the XML declaration. */
export function xmlDocument(root: XmlElement): string {
  const prefixes = assignPrefixes(root);
  const declarations = [...prefixes]
    .map(([uri, prefix]) => ` xmlns:${prefix}="${escapeXmlAttribute(uri)}"`)
    .join("");
  return `${xmlDeclaration}\n${serialise(root, prefixes, declarations)}`;
}

function assignPrefixes(root: XmlElement): Map<string, string> {
  const prefixes = new Map<string, string>();
  const visit = (node: XmlElement): void => {
    const { namespace } = splitClarkName(node.name);
    // XML 1.0 cannot bind a prefix to "no namespace", and every DAV element has one.
    if (namespace === "") throw new InternalError(`element without a namespace: ${node.name}`, {});
    if (!prefixes.has(namespace)) {
      prefixes.set(namespace, knownPrefixes.get(namespace) ?? `x${prefixes.size}`);
    }
    if (typeof node.content !== "string") node.content.forEach(visit);
  };
  visit(root);
  return prefixes;
}

function serialise(node: XmlElement, prefixes: ReadonlyMap<string, string>, declarations = ""): string {
  const { namespace, local } = splitClarkName(node.name);
  const tag = `${prefixes.get(namespace)}:${local}`;
  const attributes = Object.entries(node.attributes)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(value)}"`)
    .join("");
  const open = `${tag}${declarations}${attributes}`;
  if (typeof node.content === "string") return `<${open}>${escapeXmlText(node.content)}</${tag}>`;
  if (node.content.length === 0) return `<${open}/>`;
  return `<${open}>${node.content.map((child) => serialise(child, prefixes)).join("")}</${tag}>`;
}
