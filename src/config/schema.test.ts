import { describe, expect, test } from "vitest";
import { generalSchema, pairSchema } from "./schema.js";
import { schemaDefinition, unwrap, type Schema } from "./schema-walk.js";

const optionsOf = (schema: Schema): [string, Schema][] => {
  const def = schemaDefinition(unwrap(schema));
  return def.type === "object" ? Object.entries(def.shape) : [];
};

describe.each([
  ["[general]", generalSchema],
  ["[pair.NAME]", pairSchema],
])("every option of %s", (_, schema) => {
  test.each(optionsOf(schema))("%s is described with a sentence", (_, option) => {
    expect((option as { description?: string }).description).toMatch(/^[A-Z"].*\.$/s);
  });
});

test("a collection mapping may name a DAV side by URL or path, and is named by its last segment", () => {
  const pair = pairSchema.parse({
    a: "dav",
    b: "local",
    collections: [
      { a: "https://dav.example.com/u/calendars/work/", b: "work" },
      { a: "/u/calendars/home/", b: "house" },
    ],
  });
  expect(pair.collections).toEqual({
    kind: "list",
    entries: [
      { name: "work", a: "https://dav.example.com/u/calendars/work/", b: "work" },
      { name: "home:house", a: "/u/calendars/home/", b: "house" },
    ],
  });
});
