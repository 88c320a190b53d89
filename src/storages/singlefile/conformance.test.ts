import { join } from "node:path";
import { runStorageConformance, type ConformanceSkip } from "../conformance/run.js";
import { definition } from "./index.js";

const setupWith = (fileName: string) => async (root: string) => {
  const config = definition.configSchema.parse({ type: "singlefile", path: join(root, fileName) });
  return { storage: await definition.create("conformance", config), cleanup: async () => {}, root };
};

const singlefileSkips: ConformanceSkip[] = [
  {
    tests: [
      "createCollection stores the properties it is given",
      "properties can be set, read back, removed, and are seen by a fresh instance",
    ],
    reason: "a .vcf file has no place for collection properties, and .ics files keep none portably",
  },
  {
    tests: ["after flush a fresh instance reads the exact bytes"],
    reason:
      "the file is one VCALENDAR joined from all items, so an item read back is re-split from it (CRLF, folded, " +
      "the first item's calendar properties); its normalised hash, the version, is what stays the same",
  },
];

runStorageConformance({
  name: "singlefile with a %s pattern",
  setup: setupWith("%s.ics"),
  skip: singlefileSkips,
});

runStorageConformance({
  name: "singlefile with one file",
  setup: setupWith("conformance.ics"),
  skip: [
    ...singlefileSkips,
    {
      tests: ["createCollection makes an empty collection that discover lists"],
      reason: "without %s the storage holds exactly the one collection its path names, and no other",
    },
  ],
});
