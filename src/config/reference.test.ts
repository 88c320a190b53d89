import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { storageDefinitions } from "../storages/index.js";
import { configReference, withReference } from "./reference.js";

test("docs/configuration.md is up to date with the schemas (npm run docs rewrites it)", () => {
  const file = fileURLToPath(new URL("../../docs/configuration.md", import.meta.url));
  const document = readFileSync(file, "utf8");
  expect(document).toBe(withReference(document, configReference(storageDefinitions)));
});
