/**
 * One set of tests run against each IMAP server kind, as `describeServers` does for DAV: a kind
 * whose packages are missing here is skipped under a title that says which; in CI, where `.ci/run`
 * installs them all, a missing package fails the run instead.
 */
import { describe } from "vitest";
import { imapUnavailable, type ImapServerKind } from "./index.js";

export function describeImapServers(
  kinds: readonly ImapServerKind[],
  title: (kind: ImapServerKind) => string,
  body: (kind: ImapServerKind) => void,
): void {
  for (const kind of kinds) {
    const missing = process.env.CI ? undefined : imapUnavailable(kind);
    describe.skipIf(missing !== undefined)(
      missing === undefined ? title(kind) : `${title(kind)} (skipped: ${missing})`,
      () => body(kind),
    );
  }
}
