import { runStorageConformance } from "../conformance/run.js";
import { definition } from "./index.js";

for (const fileext of [".ics", ".vcf"]) {
  const parse = (root: string) => definition.configSchema.parse({ type: "vdir", path: root, fileext });
  runStorageConformance({
    name: `vdir of ${fileext} files`,
    model: definition.modelFor(parse("model-only")),
    async setup(root) {
      return { storage: await definition.create("conformance", parse(root)), cleanup: async () => {}, root };
    },
    skip: [
      {
        tests: ["readAll gives every item as get does, and a state list continues from"],
        reason: "a vdir has no readAll: reading its files all at once would cost no less than one by one",
      },
      {
        tests: [
          "probe answers present, then absent naming the path once the storage is gone, which never lists",
          "mark is made once, and probe shows it to this instance and a fresh one",
        ],
        reason:
          "a vdir has no probe or mark: a missing path is one not synchronised yet, made with its first collection",
      },
    ],
  });
}
