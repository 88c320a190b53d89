/**
 * S3's XML answers (a page of a listing, an error, the outcome of a multiple delete) read into a
 * small tree of elements. An answer is at most a page of 1,000 keys, so it is parsed whole; its
 * elements are known by their local names, whatever namespace a server puts them in.
 * @module
 */
import { SaxesParser } from "saxes";
import { InvalidDataError } from "../../../../errors/index.js";

export interface XmlElement {
  readonly name: string;
  /** The element's own text, its children's left out. */
  readonly text: string;
  readonly children: readonly XmlElement[];
}

/**
 * The document element of `text`.
 * @param url where the answer came from, for the message
 * @throws InvalidDataError naming `url` when the answer is not well-formed XML
 */
export function parseXml(text: string, url: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const open: { name: string; text: string; children: XmlElement[] }[] = [];
  let root: XmlElement | undefined;
  parser.on("opentag", (tag) => {
    const element = { name: tag.local, text: "", children: [] };
    open.at(-1)?.children.push(element);
    open.push(element);
  });
  parser.on("closetag", () => {
    root = open.pop();
  });
  const addText = (value: string): void => {
    const element = open.at(-1);
    if (element) element.text += value;
  };
  parser.on("text", addText);
  parser.on("cdata", addText);
  try {
    parser.write(text).close();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidDataError(
      `${url}: the answer is not well-formed XML (${reason})`,
      { what: url },
      { cause: error },
    );
  }
  if (root === undefined) throw new InvalidDataError(`${url}: the answer holds no XML`, { what: url });
  return root;
}

/** The first child of that name. */
export const child = (element: XmlElement, name: string): XmlElement | undefined =>
  element.children.find((each) => each.name === name);

/** Every child of that name. */
export const childrenNamed = (element: XmlElement, name: string): XmlElement[] =>
  element.children.filter((each) => each.name === name);

/** The text of the first child of that name. */
export const childText = (element: XmlElement, name: string): string | undefined =>
  child(element, name)?.text;
