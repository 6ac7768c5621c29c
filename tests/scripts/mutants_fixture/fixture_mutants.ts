/**
 * Mutants for the runner's own test: one the fixture test catches, one it cannot see, one that
 * no longer fits the code.
 *
 * @module
 */

import type { Mutant } from "../../../scripts/mutants/mutant_list.ts";

const FILE = "tests/scripts/mutants_fixture/clamp.ts";
const TESTS = ["tests/scripts/mutants_fixture/clamp_test.ts"];

export const MUTANTS: readonly Mutant[] = [
  {
    id: "fixture-caught",
    file: FILE,
    search: "  if (n > hi) return hi;\n",
    replace: "",
    tests: TESTS,
    why: "values above the range pass",
  },
  {
    id: "fixture-survived",
    file: FILE,
    search: 'export const CLAMP_LABEL = "clamp";',
    replace: 'export const CLAMP_LABEL = "clip";',
    tests: TESTS,
    why: "nothing a test looks at",
  },
  {
    id: "fixture-stale",
    file: FILE,
    search: "if (n >= hi)",
    replace: "if (n > hi)",
    tests: TESTS,
    why: "its code has moved on",
  },
];
