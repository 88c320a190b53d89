/**
 * The end-to-end tests run the built `bin/concord`; build it once (tsc, then the bundle it
 * loads) so they never test stale code.
 */
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
  execFileSync(process.execPath, ["scripts/bundle.mjs"], { stdio: "inherit" });
}
