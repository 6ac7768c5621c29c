/**
 * axe-core (npm `axe-core`, the engine behind most accessibility checkers) run inside a page
 * of the browser tests. Its source is evaluated through the DevTools protocol, which the page's
 * Content-Security-Policy does not govern; the page itself never loads it.
 *
 * @module
 */

import axe from "axe-core";
import type { Page } from "playwright-core";

const AXE_SOURCE = (axe as unknown as { source: string }).source;

/** One rule axe found broken, with the elements that break it. */
export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/** Every axe violation on the page as it is shown now (all rules axe enables by default). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate("typeof globalThis.axe === 'object'"))) {
    await page.evaluate(AXE_SOURCE);
  }
  return await page.evaluate(`axe.run(document, { resultTypes: ["violations"] }).then((r) =>
    r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    })))`) as AxeViolation[];
}

/** Fails with every violation listed when axe finds any on the page as shown now. */
export async function assertNoAxeViolations(page: Page, what: string): Promise<void> {
  const found = await axeViolations(page);
  if (found.length > 0) {
    throw new Error(
      `${what}: ${found.map((v) => `${v.id} (${v.impact}) ${v.targets.join(", ")}`).join("; ")}`,
    );
  }
}
