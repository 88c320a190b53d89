// Rewrites the generated block of docs/configuration.md from the built schemas (npm run docs).
import { readFileSync, writeFileSync } from "node:fs";
import { configReference, withReference } from "../dist/config/reference.js";
import { storageDefinitions } from "../dist/storages/index.js";

const file = new URL("../docs/configuration.md", import.meta.url);
writeFileSync(file, withReference(readFileSync(file, "utf8"), configReference(storageDefinitions)));
