/**
 * The conformance suite every storage passes. A storage's `conformance.test.ts` calls
 * `runStorageConformance` with a setup function; the suite declares one vitest test per case.
 * A storage that cannot pass a case names it in `skip`, with the reason, and it shows as skipped.
 * @module
 */
import { describe, it } from "vitest";
import { collectionCases } from "./collections.case.js";
import { withCaseContext, type ConformanceCase, type ConformanceSetup } from "./harness.js";
import { itemCases } from "./items.case.js";
import { nameCases } from "./names.case.js";
import { persistenceCases } from "./persistence.case.js";

export type { ConformanceSetup, ConformanceSubject } from "./harness.js";

const conformanceCases = [...collectionCases, ...itemCases, ...nameCases, ...persistenceCases] as const;

/** The name of a conformance case, as `skip` spells it. */
export type ConformanceTestName = (typeof conformanceCases)[number]["name"];

export interface ConformanceSkip {
  readonly tests: readonly ConformanceTestName[];
  /** Why the storage cannot pass them; shown beside each skipped test. */
  readonly reason: string;
}

export interface ConformanceOptions {
  /** Names the suite in the test report: "vdir", "singlefile with %s". */
  readonly name: string;
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
  describe(`${options.name} storage conformance`, () => {
    for (const testCase of conformanceCases as readonly ConformanceCase[]) {
      const reason = reasons.get(testCase.name);
      if (reason === undefined) {
        it(testCase.name, () => withCaseContext(options.setup, (context) => testCase.run(context)));
      } else {
        it.skip(`${testCase.name} (skipped: ${reason})`);
      }
    }
  });
}
