/**
 * Layer check (ARCHITECTURE §Layers): `domain/` imports only from `domain/`; `application/`
 * imports only from `domain/` and `application/`; neither touches `Deno.*`. Run as a script it
 * prints each violation and exits 1; the test suite calls `checkLayers` directly.
 *
 * @module
 */

import { dirname, join, relative, resolve, sep } from "node:path";

/** One wrong-direction dependency. */
export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly what: string;
}

const RULES: Record<string, readonly string[]> = {
  domain: ["domain"],
  application: ["domain", "application"],
};

const IMPORT_RE =
  /(?:^|[^\w$.])(?:import|export)\s*(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)/g;

function stripComments(source: string): string {
  // Good enough for our own code: block comments and line comments outside strings.
  return source.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " "))
    .replace(/(^|[^:"'\\])\/\/.*$/gm, "$1");
}

function* walk(dir: string): Generator<string> {
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* walk(path);
    else if (/\.(ts|tsx|js|mjs)$/.test(entry.name)) yield path;
  }
}

/** Returns every violation under `root` (the repository root). */
export function checkLayers(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const [layer, allowed] of Object.entries(RULES)) {
    const layerDir = join(root, layer);
    try {
      Deno.statSync(layerDir);
    } catch {
      continue;
    }
    for (const file of walk(layerDir)) {
      const source = stripComments(Deno.readTextFileSync(file));
      const lines = source.split("\n");
      const rel = relative(root, file);
      lines.forEach((text, i) => {
        if (/\bDeno\s*\./.test(text)) {
          violations.push({ file: rel, line: i + 1, what: "uses the Deno runtime API" });
        }
      });
      for (const m of source.matchAll(IMPORT_RE)) {
        const spec = m[1] ?? m[2]!;
        const line = source.slice(0, m.index).split("\n").length;
        if (!spec.startsWith("./") && !spec.startsWith("../")) {
          violations.push({ file: rel, line, what: `imports "${spec}" from outside the project` });
          continue;
        }
        const target = relative(root, resolve(dirname(file), spec));
        const top = target.split(sep)[0]!;
        if (!allowed.includes(top)) {
          violations.push({ file: rel, line, what: `imports ${target} (${layer}/ may not)` });
        }
      }
    }
  }
  return violations;
}

if (import.meta.main) {
  const root = resolve(Deno.args[0] ?? ".");
  const found = checkLayers(root);
  for (const v of found) console.error(`${v.file}:${v.line}: ${v.what}`);
  if (found.length > 0) {
    console.error(`layer check: ${found.length} violation(s)`);
    Deno.exit(1);
  }
  console.log("layer check: ok");
}
