/**
 * The storage conformance suite for a relay on a WebDAV share (Apache mod_dav_fs), as for one in
 * a folder (src/storages/relay/conformance.test.ts): each root the suite asks for stands for a
 * collection of its own on the share.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { rename } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { runStorageConformance } from "../../src/storages/conformance/run.js";
import { initRelay } from "../../src/storages/relay/admin.js";
import { definition } from "../../src/storages/relay/index.js";
import { relayKey } from "../../src/storages/relay/keys.js";
import { relaySkips } from "../../src/storages/relay/testing/conformance-skips.js";
import { describeWebdav, startWebdavRelay, type WebdavRelay } from "../support/relay/webdav.js";

describeWebdav("a relay on a WebDAV share", () => {
  let share: WebdavRelay;
  beforeAll(async () => {
    share = await startWebdavRelay();
  });
  afterAll(() => share?.stop());

  const parse = (url: string) =>
    definition.configSchema.parse({
      type: "relay",
      url,
      place: "here",
      username: share?.username,
      password: share?.password,
    });

  runStorageConformance({
    name: "relay on WebDAV",
    model: definition.modelFor(parse("http://model-only/")),
    async setup(root) {
      const name = createHash("sha256").update(root).digest("hex").slice(0, 16);
      const folder = join(share.folder, name);
      const config = parse(`${share.url}${name}/`);
      // A relay of two places, set up from an empty tree; a second setup on the root finds it there.
      if (!existsSync(join(folder, relayKey))) {
        if (!existsSync(folder)) share.makeCollection(name);
        await initRelay("conformance", config, ["here", "there"], []);
      }
      return {
        storage: await definition.create("conformance", config),
        cleanup: async () => {},
        // Gone from the share: its collection is no longer where the config says it is.
        makeAbsent: () => rename(folder, `${folder}.moved`),
      };
    },
    skip: [
      ...relaySkips,
      {
        tests: ["hostile names never write outside the storage's root"],
        reason:
          "a relay on WebDAV writes no local files: its keys are checked before they become URLs, and a listed href outside the collection is refused (webdav-backend.test.ts)",
      },
    ],
  });
});
