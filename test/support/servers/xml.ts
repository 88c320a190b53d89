/**
 * Just enough namespace-aware XML to read a multistatus. The two servers spell namespaces differently
 * (Radicale: default namespace; Xandikos: ns0:, ns1:…), so matching text with patterns would not do.
 */
import { SaxesParser } from "saxes";

export const DAV = "DAV:";
export const CALDAV = "urn:ietf:params:xml:ns:caldav";
export const CARDDAV = "urn:ietf:params:xml:ns:carddav";

export interface XmlElement {
  readonly ns: string;
  readonly name: string;
  readonly children: XmlElement[];
  text: string;
}

export function parseXml(source: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  const root: XmlElement = { ns: "", name: "", children: [], text: "" };
  const open: XmlElement[] = [root];
  parser.on("opentag", (tag) => {
    const element: XmlElement = { ns: tag.uri, name: tag.local, children: [], text: "" };
    open.at(-1)?.children.push(element);
    open.push(element);
  });
  parser.on("closetag", () => open.pop());
  parser.on("text", (text) => {
    const current = open.at(-1);
    if (current) current.text += text;
  });
  parser.write(source).close();
  const [document] = root.children;
  if (!document) throw new Error("empty XML document");
  return document;
}

export function childrenNamed(parent: XmlElement, ns: string, name: string): XmlElement[] {
  return parent.children.filter((child) => child.ns === ns && child.name === name);
}

export function childNamed(parent: XmlElement, ns: string, name: string): XmlElement | undefined {
  return childrenNamed(parent, ns, name)[0];
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
