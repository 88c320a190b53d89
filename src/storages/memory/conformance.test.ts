import { runStorageConformance } from "../conformance/run.js";
import { type MemoryData, MemoryStorage } from "./memory.js";

/** By root, so that a second setup on the same root is a fresh instance over the same data. */
const dataByRoot = new Map<string, MemoryData>();

runStorageConformance({
  name: "memory",
  async setup(root) {
    const data = dataByRoot.get(root) ?? new Map();
    dataByRoot.set(root, data);
    return { storage: new MemoryStorage("conformance", { data }), cleanup: async () => {}, root };
  },
});
