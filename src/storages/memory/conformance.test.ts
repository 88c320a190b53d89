import type { ItemModel } from "../../contract/index.js";
import { fileModel } from "../../models/file.js";
import { calendarModel } from "../../models/pim.js";
import { runStorageConformance } from "../conformance/run.js";
import { type MemoryData, MemoryStorage } from "./memory.js";

/** By root, so that a second setup on the same root is a fresh instance over the same data. */
const dataByRoot = new Map<string, MemoryData>();

const setupWith = (model: ItemModel) => async (root: string) => {
  const data = dataByRoot.get(root) ?? new Map();
  dataByRoot.set(root, data);
  return { storage: new MemoryStorage("conformance", { data, model }), cleanup: async () => {}, root };
};

const neverAbsent = {
  tests: [
    "probe answers present, then absent naming the path once the storage is gone, which never lists",
    "mark is made once, and probe shows it to this instance and a fresh one",
  ],
  reason: "a memory storage lives as long as the process: it is never absent and needs no mark",
} as const;

for (const model of [calendarModel, fileModel]) {
  runStorageConformance({ name: "memory", model, setup: setupWith(model), skip: [neverAbsent] });
}
