import { existsSync } from "node:fs";
import { mkdir, rename } from "node:fs/promises";
import { join } from "node:path";
import { runStorageConformance } from "../conformance/run.js";
import { initRelay } from "./admin.js";
import { definition } from "./index.js";
import { relayKey } from "./keys.js";

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
  skip: [
    {
      tests: [
        "createCollection makes an empty collection that discover lists",
        "createCollection stores the properties it is given",
      ],
      reason: 'a relay carries one tree, its one collection "root": it cannot make another',
    },
    {
      tests: ["properties can be set, read back, removed, and are seen by a fresh instance"],
      reason: "a relay carries a file tree, which has no collection properties",
    },
    {
      tests: ["readAll gives every item as get does, and a state list continues from"],
      reason: "a relay's contents are read as the engine asks for them; all at once would cost no less",
    },
    {
      tests: ["list with an earlier state reports every change since"],
      reason:
        "a relay's state is its place's position among the other places' change sets: the place's own changes are in its status already and never listed back to it",
    },
    {
      tests: ["mark is made once, and probe shows it to this instance and a fresh one"],
      reason: "a relay is known by its relay.json, which `relay init` writes: it needs no mark",
    },
  ],
});
