/**
 * What a relay cannot pass of the storage conformance suite, whatever its backend holds it in
 * (a folder, a WebDAV share), each with the reason.
 * @module
 */
import type { ConformanceSkip } from "../../conformance/run.js";

export const relaySkips: readonly ConformanceSkip[] = [
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
];
