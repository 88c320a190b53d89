import { existsSync } from "node:fs";
import { mkdir, rename } from "node:fs/promises";
import { join } from "node:path";
import { runStorageConformance } from "../conformance/run.js";
import { initRelay } from "./admin.js";
import { definition } from "./index.js";
import { relayKey } from "./keys.js";
import { relaySkips } from "./testing/conformance-skips.js";

const parse = (root: string) => definition.configSchema.parse({ type: "relay", url: root, place: "here" });

runStorageConformance({
  name: "relay",
  model: definition.modelFor(parse("/model-only")),
  async setup(root) {
    const config = parse(root);
    // A relay of two places, set up from an empty tree; a second setup on the root finds it there.
    if (!existsSync(join(root, relayKey))) {
      await mkdir(root, { recursive: true });
      await initRelay("conformance", config, ["here", "there"], []);
    }
    return {
      storage: await definition.create("conformance", config),
      cleanup: async () => {},
      root,
      // Unplugged: the stick's folder is gone from where the config says it is.
      makeAbsent: () => rename(root, `${root}.unplugged`),
    };
  },
  skip: relaySkips,
});
