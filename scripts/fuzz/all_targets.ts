/**
 * The fuzz targets by name, and how a total case count is shared among them.
 *
 * @module
 */

import type { TargetFactory } from "./fuzz_target.ts";
import type { PlanEntry } from "./fuzz_run.ts";
import { armorTarget } from "./targets/armor_target.ts";
import { envelopeCraftedTarget } from "./targets/envelope_crafted.ts";
import { envelopeRawTarget } from "./targets/envelope_raw.ts";
import { pngTarget } from "./targets/png_target.ts";
import { qrTarget } from "./targets/qr_target.ts";
import { setupAnswerTarget } from "./targets/setup_answer.ts";
import { setupFinishTarget } from "./targets/setup_finish.ts";

/** Called once after the run: removes the profiles the targets share. */
export { closeSharedParties as closeShared } from "./shared_parties.ts";

/** Every target. */
export const TARGETS: Readonly<Record<string, TargetFactory>> = {
  envelope_raw: envelopeRawTarget,
  envelope_crafted: envelopeCraftedTarget,
  setup_answer: setupAnswerTarget,
  setup_finish: setupFinishTarget,
  armor: armorTarget,
  png: pngTarget,
  qr: qrTarget,
};

/** Share of the cases each target gets, in percent. */
export const TARGET_WEIGHTS: Readonly<Record<string, number>> = {
  envelope_raw: 25,
  envelope_crafted: 25,
  setup_answer: 10,
  setup_finish: 10,
  armor: 12,
  png: 12,
  qr: 6,
};

/** Splits `total` cases over `names` by weight (every named target gets at least one). */
export function planFor(
  total: number,
  names: readonly string[] = Object.keys(TARGETS),
): PlanEntry[] {
  for (const n of names) if (!(n in TARGETS)) throw new Error(`unknown fuzz target ${n}`);
  const weight = names.reduce((sum, n) => sum + (TARGET_WEIGHTS[n] ?? 1), 0);
  return names.map((target) => ({
    target,
    cases: Math.max(1, Math.round((total * (TARGET_WEIGHTS[target] ?? 1)) / weight)),
  }));
}
