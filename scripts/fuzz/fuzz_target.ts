/**
 * What a fuzz target provides to the runner. A target builds one mutated input per case and
 * knows what a success must look like; the runner does the rest the same way for every target:
 * it times the case, classifies what was thrown, and compares the profile state before and after
 * a failure.
 *
 * @module
 */

import type { Rng } from "./prng.ts";

/** One prepared case: the call under test and the check of a successful result. */
export interface PreparedCase {
  /** Mutation operators applied, for the report. */
  readonly ops: string;
  /** Runs the code under test on the mutated input. */
  run(): Promise<unknown>;
  /**
   * Checks a successful result: null when it is correct, otherwise what is wrong. Runs before
   * the state is compared, so a target may verify the expected change of state here.
   */
  verify(result: unknown): Promise<string | null> | string | null;
}

/** A fuzz target. */
export interface FuzzTarget {
  /** Short name used in reports, case names and the `--targets` option. */
  readonly name: string;
  /** Builds case `index` from its own random stream. */
  prepare(rng: Rng, index: number): Promise<PreparedCase>;
  /**
   * A fingerprint of every piece of persistent state the call could change (the profile
   * databases); equal fingerprints mean nothing changed. "" for stateless targets.
   */
  snapshot(): string;
  /** Called after a verified success, to restore a usable state (clean-up, fresh seeds). */
  afterSuccess?(): Promise<void>;
  /** Releases profiles and temporary files. */
  close(): Promise<void> | void;
}

/** Builds a target; `seed` names the run (targets may derive their fixed inputs from it). */
export type TargetFactory = (seed: string) => Promise<FuzzTarget>;
