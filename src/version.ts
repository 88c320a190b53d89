/**
 * concord's version, read from package.json (one folder up from both `src/` and `dist/`), for
 * `--version` and the User-Agent.
 * @module
 */
import { createRequire } from "node:module";

export const version: string = (createRequire(import.meta.url)("../package.json") as { version: string })
  .version;
