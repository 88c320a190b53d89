/**
 * A light component tree: BEGIN/END lines nest content lines into components (VCALENDAR, VEVENT,
 * VALARM, VCARD…). Nothing else is interpreted, and no nesting mistake is fatal. A component whose
 * END is missing closes with the file, with an enclosing component's END, or when a component of
 * its own name begins (no component nests in its own kind, so a second BEGIN:VCARD means the first
 * card ended). An END that closes nothing open stays as an ordinary line.
 * @module
 */
import { parseContentLine } from "./content-line.js";
import type { ContentLine } from "./content-line.js";

export interface Component {
  /** The component name, trimmed and uppercased; `""` for the root that holds a whole text. */
  readonly name: string;
  /** The BEGIN line as written; undefined for the root. */
  readonly begin: ContentLine | undefined;
  /** The END line as written; undefined for the root and for a component whose END is missing. */
  readonly end: ContentLine | undefined;
  /** The component's own properties, in order. */
  readonly lines: readonly ContentLine[];
  readonly children: readonly Component[];
}

interface OpenComponent {
  readonly name: string;
  readonly begin: ContentLine | undefined;
  end: ContentLine | undefined;
  readonly lines: ContentLine[];
  readonly children: OpenComponent[];
}

/**
 * Real items nest three or four deep; the limit keeps a hostile item from exhausting the stack of
 * the recursive walks over the tree. Deeper BEGIN lines stay ordinary lines.
 */
const maxDepth = 64;

/** Nests content lines into a tree under a nameless root; lines outside any component go to the root. */
export function parseComponents(lines: readonly ContentLine[]): Component {
  const root: OpenComponent = { name: "", begin: undefined, end: undefined, lines: [], children: [] };
  const open: OpenComponent[] = [root];
  for (const line of lines) {
    if (line.name === "BEGIN" && open.length <= maxDepth) {
      const name = componentName(line);
      closeFrom(open, depthOf(open, name));
      const child: OpenComponent = { name, begin: line, end: undefined, lines: [], children: [] };
      innermost(open).children.push(child);
      open.push(child);
    } else if (line.name === "END" && depthOf(open, componentName(line)) > 0) {
      const depth = depthOf(open, componentName(line));
      (open[depth] as OpenComponent).end = line;
      closeFrom(open, depth);
    } else {
      innermost(open).lines.push(line);
    }
  }
  return root;
}

function innermost(open: readonly OpenComponent[]): OpenComponent {
  return open[open.length - 1] as OpenComponent;
}

/** Where the innermost open component of that name is; 0 (the root) or -1 when none is open. */
function depthOf(open: readonly OpenComponent[], name: string): number {
  return open.findLastIndex((component) => component.name === name);
}

/** Closes the open components from that depth inwards; a depth below 1 closes nothing. */
function closeFrom(open: OpenComponent[], depth: number): void {
  if (depth > 0) open.length = depth;
}

function componentName(line: ContentLine): string {
  return parseContentLine(line).value.trim().toUpperCase();
}

/** The trimmed value of the component's first property of that name, if it has one. */
export function propertyValue(component: Component, name: string): string | undefined {
  const line = component.lines.find((candidate) => candidate.name === name);
  return line === undefined ? undefined : parseContentLine(line).value.trim();
}

/**
 * The components' physical lines as they were read, children after the properties, and an END
 * written in where one was missing so that the text nests correctly wherever it is put.
 */
export function physicalLines(components: readonly Component[]): string[] {
  const out: string[] = [];
  for (const component of components) appendPhysicalLines(component, out);
  return out;
}

// Pushes one physical line at a time: a large folded PHOTO can have more lines than a spread
// argument list may hold.
function appendPhysicalLines(component: Component, out: string[]): void {
  if (component.begin !== undefined) appendLine(component.begin, out);
  for (const line of component.lines) appendLine(line, out);
  for (const child of component.children) appendPhysicalLines(child, out);
  if (component.end !== undefined) appendLine(component.end, out);
  else if (component.begin !== undefined) out.push(`END:${component.name}`);
}

function appendLine(line: ContentLine, out: string[]): void {
  for (const physical of line.physical) out.push(physical);
}
