/**
 * What a schema accepts, in the words of an error message: `true or false`, `"skip" or "sync"`,
 * `"keep a", "keep b", "ask" or { cmd = [...] }`. Derived from the schema so that messages never
 * drift from what is actually accepted; an `expected` meta phrase overrides it.
 * @module
 */
import { expectedPhrase, schemaDefinition, unwrap, type Schema } from "./schema-walk.js";
import { orList, quote } from "./wording.js";

const literal = (value: unknown): string => (typeof value === "string" ? quote(value) : String(value));

/** A phrase for what `schema` accepts, e.g. `a string` or `"a", "b" or "c"`. */
export function describeExpected(schema: Schema): string {
  return orList(alternatives(schema, false));
}

/**
 * The accepted forms, one per entry. Inside a union a table is sketched (`{ cmd = [...] }`) so
 * that the forms can be told apart; on its own, "a table" is enough.
 */
function alternatives(schema: Schema, inUnion: boolean): string[] {
  const phrase = expectedPhrase(schema);
  if (phrase !== undefined) return [phrase];
  const core = unwrap(schema);
  const def = schemaDefinition(core);
  switch (def.type) {
    case "union":
      return def.options.flatMap((option) => alternatives(option, true));
    case "enum":
      return Object.values(def.entries).map(literal);
    case "literal":
      return def.values.map(literal);
    case "boolean":
      return ["true", "false"];
    case "object":
      return [inUnion ? tableSketch(def.shape) : "a table"];
    default:
      return [noun(core)];
  }
}

/** `{ a = "...", b = [...] }`: a table's keys with a hint at the kind of each value. */
function tableSketch(shape: Record<string, Schema>): string {
  const entries = Object.entries(shape).map(([key, value]) => {
    const type = schemaDefinition(unwrap(value)).type;
    const hint = type === "array" ? "[...]" : type === "object" || type === "record" ? "{ ... }" : '"..."';
    return `${key} = ${hint}`;
  });
  return `{ ${entries.join(", ")} }`;
}

/** A noun phrase for a schema that is not a choice between literals. */
function noun(schema: Schema): string {
  const def = schemaDefinition(schema);
  switch (def.type) {
    case "string":
    case "template_literal": {
      const format = (def as { format?: string }).format;
      return format === undefined ? "a string" : `a valid ${format}`;
    }
    case "number":
      return (def as { format?: string }).format?.includes("int") ? "an integer" : "a number";
    case "bigint":
      return "an integer";
    case "date":
      return "a date-time";
    case "array":
      return `a list of ${plural(def.element)}`;
    case "tuple":
      return "a list";
    case "object":
    case "record":
      return "a table";
    default:
      return "a valid value";
  }
}

/** What a list holds: `strings`, or the literals it may hold, `"a", "b" or "c"`. */
function plural(element: Schema): string {
  const core = unwrap(element);
  const type = schemaDefinition(core).type;
  if (type === "enum" || type === "literal") return describeExpected(core);
  const nouns: Partial<Record<string, string>> = {
    string: "strings",
    number: "numbers",
    boolean: "booleans",
    object: "tables",
    record: "tables",
    array: "lists",
  };
  return nouns[type] ?? "values";
}
