import { join } from "node:path";
import { runStorageConformance, type ConformanceSkip } from "../conformance/run.js";
import { definition } from "./index.js";

const parse = (path: string) => definition.configSchema.parse({ type: "singlefile", path });

const setupWith = (fileName: string) => async (root: string) => ({
  storage: await definition.create("conformance", parse(join(root, fileName))),
  cleanup: async () => {},
  root,
});

/**
 * The file is one VCALENDAR, or a run of VCARDs, joined from all items: an item read back is
 * re-split from it (CRLF, folded, the first item's calendar properties).
 */
const rewritesItems =
  "items are joined into one file and re-split from it; their normalised hash, the version, stays the same";

const singlefileSkips: ConformanceSkip[] = [
  {
    tests: [
      "createCollection stores the properties it is given",
      "properties can be set, read back, removed, and are seen by a fresh instance",
    ],
    reason: "a .vcf file has no place for collection properties, and .ics files keep none portably",
  },
  {
    tests: ["readAll gives every item as get does, and a state list continues from"],
    reason: "the whole file is read at once anyway: get of every href costs no more than a readAll would",
  },
  {
    tests: [
      "probe answers present, then absent naming the path once the storage is gone, which never lists",
      "mark is made once, and probe shows it to this instance and a fresh one",
    ],
    reason: "a single file has no probe or mark: a missing file is a collection not made yet",
  },
];

for (const fileName of ["%s.ics", "%s.vcf"]) {
  runStorageConformance({
    name: `singlefile with a ${fileName} pattern`,
    model: definition.modelFor(parse(fileName)),
    setup: setupWith(fileName),
    rewritesItems,
    skip: singlefileSkips,
  });
}

runStorageConformance({
  name: "singlefile with one file",
  model: definition.modelFor(parse("conformance.ics")),
  setup: setupWith("conformance.ics"),
  rewritesItems,
  skip: [
    ...singlefileSkips,
    {
      tests: ["createCollection makes an empty collection that discover lists"],
      reason: "without %s the storage holds exactly the one collection its path names, and no other",
    },
  ],
});
