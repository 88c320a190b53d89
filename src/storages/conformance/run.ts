/**
 * The conformance suite every storage passes. A storage's `conformance.test.ts` calls
 * `runStorageConformance` with its model and a setup function; the suite declares one vitest test
 * per case, writing samples of that model (events, vCards, files). A case that does not apply to
 * the model (a move of items paired by their UID) is declared skipped by the suite, with the
 * reason; a storage that cannot pass a case names it in `skip`, with the reason. Either way it
 * shows as skipped, never as passed.
 * @module
 */
import { describe, it } from "vitest";
import type { ItemModel } from "../../contract/index.js";
import { attributeCases } from "./attributes.case.js";
import { collectionCases } from "./collections.case.js";
import {
  withCaseContext,
  type ConformanceCase,
  type ConformanceSetup,
  type ConformanceTraits,
} from "./harness.js";
import { itemCases } from "./items.case.js";
import { largeCases } from "./large.case.js";
import { moveCases } from "./moves.case.js";
import { nameCases } from "./names.case.js";
import { persistenceCases } from "./persistence.case.js";
import { presenceCases } from "./presence.case.js";
import { samplesFor } from "./samples.js";

export type { ConformanceSetup, ConformanceSubject, ConformanceTraits } from "./harness.js";

const conformanceCases = [
  ...collectionCases,
  ...itemCases,
  ...nameCases,
  ...persistenceCases,
  ...largeCases,
  ...attributeCases,
  ...moveCases,
  ...presenceCases,
] as const;

/** The name of a conformance case, as `skip` spells it. */
export type ConformanceTestName = (typeof conformanceCases)[number]["name"];

export interface ConformanceSkip {
  readonly tests: readonly ConformanceTestName[];
  /** Why the storage cannot pass them; shown beside each skipped test. */
  readonly reason: string;
}

export interface ConformanceOptions extends ConformanceTraits {
  /** Names the suite in the test report: "vdir", "singlefile with %s". */
  readonly name: string;
  /**
   * The model the storage declares (`definition.modelFor(config)`): it chooses the samples, and
   * the suite checks that every storage setup builds has it.
   */
  readonly model: ItemModel;
  readonly setup: ConformanceSetup;
  readonly skip?: readonly ConformanceSkip[];
}

/** Maps each skipped test to its reason; a name that is no test fails loudly, so skips never go stale. */
function skipReasons(skips: readonly ConformanceSkip[]): Map<string, string> {
  const known = new Set<string>(conformanceCases.map((testCase) => testCase.name));
  const reasons = new Map<string, string>();
  for (const { tests, reason } of skips) {
    if (reason.trim() === "") throw new Error(`skipping ${tests.join(", ")} needs a reason`);
    for (const test of tests) {
      if (!known.has(test))
        throw new Error(`skip names an unknown conformance test: ${JSON.stringify(test)}`);
      reasons.set(test, reason);
    }
  }
  return reasons;
}

export function runStorageConformance(options: ConformanceOptions): void {
  const reasons = skipReasons(options.skip ?? []);
  const samples = samplesFor(options.model);
  const traits: ConformanceTraits = {
    rewritesItems: options.rewritesItems,
    refusesMalformedItems: options.refusesMalformedItems,
  };
  const compared = traits.rewritesItems === undefined ? "" : ", content compared by hash";
  describe(`${options.name} storage conformance (${options.model.kind} items${compared})`, () => {
    for (const testCase of conformanceCases as readonly ConformanceCase[]) {
      const reason = testCase.skipFor?.(samples, traits) ?? reasons.get(testCase.name);
      if (reason === undefined) {
        it(testCase.name, { timeout: testCase.timeout }, () =>
          withCaseContext(options.setup, options.model, samples, traits, (context) => testCase.run(context)),
        );
      } else {
        it.skip(`${testCase.name} (skipped: ${reason})`);
      }
    }
  });
}
