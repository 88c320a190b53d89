import { rename } from "node:fs/promises";
import { runStorageConformance } from "../conformance/run.js";
import { maildirLayouts } from "./config.js";
import { definition } from "./index.js";

for (const layout of maildirLayouts) {
  const parse = (root: string) => definition.configSchema.parse({ type: "maildir", path: root, layout });
  runStorageConformance({
    name: `maildir (${layout})`,
    model: definition.modelFor(parse("model-only")),
    rewritesItems:
      "messages are kept with LF line ends, as Dovecot and mbsync keep them, where the samples have IMAP's CRLF",
    async setup(root) {
      return {
        storage: await definition.create("conformance", parse(root)),
        cleanup: async () => {},
        root,
        makeAbsent: () => rename(root, `${root}.unplugged`),
      };
    },
    skip: [
      {
        tests: [
          "createCollection stores the properties it is given",
          "properties can be set, read back, removed, and are seen by a fresh instance",
        ],
        reason: "a Maildir has no display name, colour or description to keep",
      },
      {
        tests: ["readAll gives every item as get does, and a state list continues from"],
        reason: "a Maildir has no readAll: reading its files all at once would cost no less than one by one",
      },
      {
        tests: ["mark is made once, and probe shows it to this instance and a fresh one"],
        reason:
          "a Maildir has no mark: mail programs share its folders and would see a file of concord's as a stray entry; a missing root is absent to probe, and on_empty guards an emptied one",
      },
    ],
  });
}
