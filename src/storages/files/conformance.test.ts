import { mkdir, rename } from "node:fs/promises";
import { runStorageConformance } from "../conformance/run.js";
import { definition } from "./index.js";

const parse = (root: string) => definition.configSchema.parse({ type: "files", path: root });

runStorageConformance({
  name: "files",
  model: definition.modelFor(parse("model-only")),
  async setup(root) {
    // The root must exist: a missing one is an unplugged disk, never an empty tree.
    await mkdir(root, { recursive: true });
    return {
      storage: await definition.create("conformance", parse(root)),
      cleanup: async () => {},
      root,
      // Unplugged: the tree is still on the disk, at a name the storage does not know.
      makeAbsent: () => rename(root, `${root}.unplugged`),
    };
  },
  skip: [
    {
      tests: [
        "createCollection makes an empty collection that discover lists",
        "createCollection stores the properties it is given",
      ],
      reason: 'a file tree holds exactly one collection, "root": the tree itself; it cannot make another',
    },
    {
      tests: ["properties can be set, read back, removed, and are seen by a fresh instance"],
      reason: "a file tree has no collection properties (no name or colour of its own)",
    },
    {
      tests: ["readAll gives every item as get does, and a state list continues from"],
      reason: "a tree is read file by file as the engine asks: all at once would cost no less",
    },
  ],
});
