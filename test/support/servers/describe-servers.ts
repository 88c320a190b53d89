/**
 * One set of tests run against each server kind. A kind whose Debian packages are missing here is
 * skipped under a title that says which (vitest reports it as skipped, never as passed); in CI,
 * where `.ci/run` installs them all, a missing package fails the run instead.
 */
import { describe } from "vitest";
import { type ServerKind, unavailable } from "./index.js";

export function describeServers(
  kinds: readonly ServerKind[],
  title: (kind: ServerKind) => string,
  body: (kind: ServerKind) => void,
): void {
  for (const kind of kinds) {
    const missing = process.env.CI ? undefined : unavailable(kind);
    describe.skipIf(missing !== undefined)(
      missing === undefined ? title(kind) : `${title(kind)} (skipped: ${missing})`,
      () => body(kind),
    );
  }
}
