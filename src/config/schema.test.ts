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
