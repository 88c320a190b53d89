import { runStorageConformance } from "../conformance/run.js";
import { definition } from "./index.js";

runStorageConformance({
  name: "vdir",
  async setup(root) {
    const config = definition.configSchema.parse({ type: "vdir", path: root, fileext: ".ics" });
    return { storage: await definition.create("conformance", config), cleanup: async () => {}, root };
  },
});
