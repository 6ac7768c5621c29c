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

/** The files named (sorted) and the rule each broke, for a fixture. */
function found(files: Record<string, string>): string[] {
  const dir = fixture(files);
  try {
    return checkLayers(dir).map((v) => `${v.file}: ${v.what}`).sort();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("checkLayers() makes other folders enter domain/X/ through its mod.ts", () => {
  assert.deepEqual(
    found({
      "domain/x/mod.ts": 'export { a } from "./a.ts";\n',
      "domain/x/a.ts": 'import { b } from "./b.ts";\nexport const a = b;\n',
      "domain/x/b.ts": "export const b = 1;\n",
      "domain/y/mod.ts": 'import { a } from "../x/mod.ts";\nexport const y = a;\n',
      "application/ok.ts": 'import { a } from "../domain/x/mod.ts";\nexport const o = a;\n',
      "application/inside.ts": 'import { b } from "../domain/x/b.ts";\nexport const i = b;\n',
      "adapters/fs/inside.ts": 'export { b } from "../../domain/x/b.ts";\n',
      "domain/z/only.ts": "export const z = 1;\n",
    }),
    [
      "adapters/fs/inside.ts: imports domain/x/b.ts: enter domain/x/ through its mod.ts",
      "application/inside.ts: imports domain/x/b.ts: enter domain/x/ through its mod.ts",
      "domain/z: has no mod.ts (its barrel)",
    ],
  );
});

Deno.test("checkLayers() keeps driven adapters apart and ui-web away from cli", () => {
  assert.deepEqual(
    found({
      "adapters/fs/sink.ts": 'import { k } from "../crypto/key.ts";\nexport const s = k;\n',
      "adapters/fs/own.ts": 'import { s } from "./sink.ts";\nexport const o = s;\n',
      "adapters/crypto/key.ts": "export const k = 1;\n",
      "adapters/cli/open.ts": 'import { s } from "../fs/sink.ts";\nexport const c = s;\n',
      "adapters/cli/ui.ts": 'import { p } from "../ui-web/page.ts";\nexport const u = p;\n',
      "adapters/ui-web/page.ts": 'import { c } from "../cli/open.ts";\nexport const p = c;\n',
      "adapters/ui-web/files.ts": 'import { s } from "../fs/sink.ts";\nexport const f = s;\n',
      "adapters/sandbox/x_worker.ts": 'import { s } from "../fs/sink.ts";\nexport const w = s;\n',
      "adapters/gadget/g.ts": "export const g = 1;\n",
    }),
    [
      "adapters/fs/sink.ts: imports adapters/crypto/key.ts " +
      "(a driven adapter imports no other adapter)",
      "adapters/gadget/g.ts: adapters/gadget/ is not classified as driven or driving " +
      "(scripts/check_layers.ts)",
      "adapters/ui-web/page.ts: imports adapters/cli/open.ts (ui-web never imports cli)",
    ],
  );
});

Deno.test("checkLayers() lets only roots import compose.ts, and only compose.ts construct", () => {
  const compose = 'import { createCrypto } from "./crypto/crypto_adapter.ts";\n' +
    "export const c = () => createCrypto();\n" +
    "export const r = () => new SqliteProfileRepository();\n";
  assert.deepEqual(
    found({
      "adapters/compose.ts": compose,
      "adapters/crypto/crypto_adapter.ts": "export function createCrypto() {\n  return 1;\n}\n",
      "main.ts": 'import { c } from "./adapters/compose.ts";\nc();\n',
      "adapters/sandbox/open_worker.ts": 'import { c } from "../compose.ts";\nc();\n',
      "adapters/sandbox/helper.ts": 'import { c } from "../compose.ts";\nc();\n',
      "adapters/cli/verify.ts": 'import { createCrypto } from "../crypto/crypto_adapter.ts";\n' +
        "export const v = createCrypto();\n",
      "adapters/ui-web/repo.ts": "export const r = new SqliteProfileRepository();\n",
    }),
    [
      "adapters/cli/verify.ts: constructs the crypto adapter (only adapters/compose.ts may)",
      "adapters/sandbox/helper.ts: imports adapters/compose.ts (only composition roots may)",
      "adapters/ui-web/repo.ts: constructs the profile repository (only adapters/compose.ts may)",
    ],
  );
});

Deno.test("checkLayers() keeps use cases from importing one another", () => {
  const useCase = (body: string) => `/**\n * Use case: something.\n *\n * @module\n */\n\n${body}`;
  assert.deepEqual(
    found({
      "application/seal.ts": useCase("export const seal = 1;\n"),
      "application/open.ts": useCase('import { seal } from "./seal.ts";\nexport const o = seal;\n'),
      "application/rules.ts": "/** Session rules. */\nexport const r = 1;\n",
      "application/send.ts": useCase('import { r } from "./rules.ts";\nexport const s = r;\n'),
    }),
    [
      "application/open.ts: imports the use case application/seal.ts " +
      "(a use case imports no other use case)",
    ],
  );
});

Deno.test("checkLayers() wants every worker module listed for the build to embed", () => {
  const build =
    'export const SHIPPED_ENTRY_POINTS = [\n  "main.ts",\n  "adapters/sandbox/a_worker.ts",\n];\n';
  assert.deepEqual(
    found({
      "scripts/shipped_entry_points.ts": build,
      "adapters/sandbox/a_worker.ts": "export const a = 1;\n",
      "adapters/sandbox/b_worker.ts": "export const b = 1;\n",
      "adapters/sandbox/run.ts": 'export const a = new URL("./a_worker.ts", import.meta.url);\n' +
        'export const b = new URL("./b_worker.ts", import.meta.url);\n',
    }),
    [
      "adapters/sandbox/run.ts: loads the worker adapters/sandbox/b_worker.ts, " +
      "which scripts/shipped_entry_points.ts does not list",
    ],
  );
});
