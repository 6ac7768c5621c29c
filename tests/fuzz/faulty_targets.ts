/**
 * Deliberately broken fuzz targets, to show that the fuzz harness catches each kind of broken
 * promise (a harness that cannot fail would prove nothing).
 *
 * @module
 */

import { PlicoError } from "../../domain/errors.ts";
import type { FuzzTarget, TargetFactory } from "../../scripts/fuzz/fuzz_target.ts";

function target(
  name: string,
  run: () => Promise<unknown>,
  verify = () => null as string | null,
  snapshot = () => "",
): TargetFactory {
  return () =>
    Promise.resolve(
      {
        name,
        prepare: () => Promise.resolve({ ops: "none", run, verify }),
        snapshot,
        close() {},
      } satisfies FuzzTarget,
    );
}

let counter = 0;

/** How long each case of the `slow` target takes at least. */
export const SLOW_TARGET_MS = 250;

/** Faulty targets by name; `clean` behaves. */
export const TARGETS: Record<string, TargetFactory> = {
  clean: target("clean", () => Promise.reject(new PlicoError("input.malformed", "refused"))),
  type_error: target("type_error", () =>
    Promise.resolve().then(() => {
      throw new TypeError("cannot read properties of undefined");
    })),
  internal: target("internal", () => Promise.reject(new PlicoError("internal", "a bug"))),
  state_change: target(
    "state_change",
    () => Promise.reject(new PlicoError("input.malformed", "refused")),
    () => null,
    () => String(counter++),
  ),
  wrong_result: target("wrong_result", () => Promise.resolve(42), () => "42 is not right"),
  slow: target("slow", () => new Promise((r) => setTimeout(r, SLOW_TARGET_MS))),
  hang: target("hang", () => {
    for (;;) { /* never returns: only the watchdog can stop this */ }
  }),
};
