import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { checkLayers } from "../../scripts/check_layers.ts";
import { REPO_ROOT as ROOT } from "../support/paths.ts";

function fixture(files: Record<string, string>): string {
  const dir = Deno.makeTempDirSync({ prefix: "plico-layers-" });
  for (const [path, text] of Object.entries(files)) {
    Deno.mkdirSync(join(dir, dirname(path)), { recursive: true });
    Deno.writeTextFileSync(join(dir, path), text);
  }
  return dir;
}

Deno.test("the repository respects the layer rule", () => {
  assert.deepEqual(checkLayers(ROOT), []);
});

Deno.test("checkLayers() flags an npm import in a domain file", () => {
  const dir = fixture({
    "domain/ok.ts": 'import { x } from "./other.ts";\nexport const y = x;\n',
    "domain/other.ts": "export const x = 1;\n",
    "domain/bad.ts": 'import { Hono } from "npm:hono";\nexport const h = Hono;\n',
  });
  try {
    const found = checkLayers(dir);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.file, join("domain", "bad.ts"));
    assert.match(found[0]!.what, /npm:hono/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("checkLayers() flags the same import added to a copy of the real domain", () => {
  const dir = Deno.makeTempDirSync({ prefix: "plico-layers-" });
  try {
    for (const layer of ["domain", "application"]) {
      const copy = new Deno.Command("cp", { args: ["-r", join(ROOT, layer), dir] }).outputSync();
      assert.equal(copy.code, 0);
    }
    assert.deepEqual(checkLayers(dir), []);
    const target = join(dir, "domain", "bytes.ts");
    Deno.writeTextFileSync(target, 'import "npm:hono";\n' + Deno.readTextFileSync(target));
    assert.equal(checkLayers(dir).length, 1);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("checkLayers() flags application importing an adapter, node: and Deno.*", () => {
  const dir = fixture({
    "application/a.ts": 'import { z } from "../adapters/x.ts";\nexport const a = z;\n',
    "application/b.ts": 'import { join } from "node:path";\nexport const b = join;\n',
    "domain/c.ts": "export const c = () => Deno.readFileSync('x');\n",
    "domain/d.ts": 'export const d = await import("../application/a.ts");\n',
    "adapters/x.ts": "export const z = 1;\n",
  });
  try {
    const files = checkLayers(dir).map((v) => v.file).sort();
    assert.deepEqual(files, [
      join("application", "a.ts"),
      join("application", "b.ts"),
      join("domain", "c.ts"),
      join("domain", "d.ts"),
    ]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("comments mentioning imports are not violations", () => {
  const dir = fixture({
    "domain/e.ts":
      '// import "npm:hono" would be wrong here\n/* Deno.exit() */\nexport const e = 1;\n',
  });
  try {
    assert.deepEqual(checkLayers(dir), []);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
