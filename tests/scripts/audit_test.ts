import assert from "node:assert/strict";
import { join } from "node:path";
import {
  audit,
  checkImport,
  denoFrozenInstall,
  denoNpmCache,
  denoShippedPackages,
  formatReport,
  isAllowedLicense,
  licenseOf,
  splitLockKey,
  TEST_ONLY_PACKAGES,
} from "../../scripts/audit.ts";
import { REPO_ROOT } from "../support/paths.ts";
import { tempDir } from "../support/run_plico.ts";

const npmCache = await denoNpmCache();
const realOptions = {
  npmCache,
  frozenInstall: denoFrozenInstall,
  shippedPackages: denoShippedPackages,
};
/** For the fixture projects, which have no modules: nothing of theirs ships. */
const fixtureOptions = {
  npmCache,
  frozenInstall: denoFrozenInstall,
  shippedPackages: () => Promise.resolve(new Set<string>()),
};

/** deno.json + deno.lock of a one-package project: @noble/curves pulls in @noble/hashes. */
const CURVES_CONFIG = { imports: { "@noble/curves": "npm:@noble/curves@2.4.0" } };
const CURVES_LOCK = {
  version: "5",
  specifiers: { "npm:@noble/curves@2.4.0": "2.4.0" },
  npm: {
    "@noble/curves@2.4.0": {
      integrity:
        "sha512-P4/62zrgfH33CneE3Dn4WhJVA22YUU0eR51wKIan4NVRvwsA0YnPTwWGpNbpuacSujmSFLvyzpyuR30+fbq2Ew==",
      dependencies: ["@noble/hashes"],
    },
    "@noble/hashes@2.4.0": {
      integrity:
        "sha512-X5XaVWZIBCT7HHZGm5I7ZQXDwLG+bGXuSrMQAW+7Zvl87h1kmc1ZB1VSRJcpUfoUrGQp4Fkoxm5kZ+Ms+aW+eA==",
    },
  },
  workspace: { dependencies: ["npm:@noble/curves@2.4.0"] },
};

function project(config: unknown, lock: unknown): { path: string; remove(): void } {
  const dir = tempDir("plico-audit-");
  Deno.writeTextFileSync(join(dir.path, "deno.json"), JSON.stringify(config, null, 2) + "\n");
  Deno.writeTextFileSync(join(dir.path, "deno.lock"), JSON.stringify(lock, null, 2) + "\n");
  return dir;
}

Deno.test("audit passes on this repository and lists every package with version and licence", async () => {
  const report = await audit({ root: REPO_ROOT, ...realOptions });
  assert.deepEqual(report.problems, []);
  assert.equal(report.ok, true);
  const hono = report.dependencies.find((d) => d.name === "hono");
  assert.deepEqual(hono, {
    name: "hono",
    version: "4.13.19",
    direct: true,
    license: "MIT",
    testOnly: false,
  });
  const axe = report.dependencies.find((d) => d.name === "axe-core");
  assert.equal(axe?.testOnly, true);
  const lock = JSON.parse(Deno.readTextFileSync(join(REPO_ROOT, "deno.lock")));
  assert.equal(report.dependencies.length, Object.keys(lock.npm).length);
  assert.match(formatReport(report), /^hono\s+4\.13\.19\s+direct\s+MIT$/m);
});

Deno.test("audit runs as a script: a table by default, JSON with --json, exit 0 when clean", async () => {
  for (const json of [false, true]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--frozen",
        "--no-prompt",
        "--allow-read",
        "--allow-run",
        join(REPO_ROOT, "scripts", "audit.ts"),
        ...(json ? ["--json"] : []),
      ],
      cwd: REPO_ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    if (json) assert.equal(JSON.parse(stdout).ok, true);
    else assert.match(stdout, /^package\s+version\s+kind\s+licence$/m);
  }
});

Deno.test("audit marks packages only other packages need as transitive", async () => {
  const dir = project(CURVES_CONFIG, CURVES_LOCK);
  try {
    const report = await audit({ root: dir.path, ...fixtureOptions });
    assert.deepEqual(report.problems, []);
    assert.deepEqual(report.dependencies, [
      { name: "@noble/curves", version: "2.4.0", direct: true, license: "MIT", testOnly: false },
      { name: "@noble/hashes", version: "2.4.0", direct: false, license: "MIT", testOnly: false },
    ]);
  } finally {
    dir.remove();
  }
});

Deno.test("audit fails when deno.lock does not match deno.json", async () => {
  const stale = {
    ...structuredClone(CURVES_LOCK),
    specifiers: {},
    workspace: { dependencies: [] },
  };
  const dir = project(CURVES_CONFIG, stale);
  try {
    assert.match(String(await denoFrozenInstall(dir.path)), /lockfile is out of date/);
    const report = await audit({ root: dir.path, ...fixtureOptions });
    assert.equal(report.ok, false);
    assert.ok(report.problems.some((p) => /deno\.lock does not match deno\.json/.test(p)));
    assert.ok(report.problems.some((p) => /is not locked at that version/.test(p)));
    assert.match(formatReport(report), /audit: FAILED/);
  } finally {
    dir.remove();
  }
});

Deno.test("audit fails for an import that is not pinned to an exact version", async () => {
  const config = { imports: { "@noble/curves": "npm:@noble/curves@^2.4.0" } };
  const dir = project(config, CURVES_LOCK);
  try {
    const report = await audit({ root: dir.path, ...fixtureOptions });
    assert.equal(report.ok, false);
    assert.ok(report.problems.some((p) => /not pinned to an exact version/.test(p)));
  } finally {
    dir.remove();
  }
});

Deno.test("checkImport accepts exact npm and jsr pins, local paths and built-ins only", () => {
  assert.deepEqual(checkImport("hono", "npm:hono@4.13.19"), {
    registry: "npm",
    name: "hono",
    version: "4.13.19",
  });
  assert.deepEqual(checkImport("x/", "npm:/@noble/hashes@2.4.0/"), {
    registry: "npm",
    name: "@noble/hashes",
    version: "2.4.0",
  });
  assert.deepEqual(checkImport("a", "jsr:@std/assert@1.0.13/equal"), {
    registry: "jsr",
    name: "@std/assert",
    version: "1.0.13",
  });
  assert.deepEqual(checkImport("x", "npm:x@1.2.3-rc.1"), {
    registry: "npm",
    name: "x",
    version: "1.2.3-rc.1",
  });
  for (const local of ["./a.ts", "../b/", "node:path"]) assert.equal(checkImport("l", local), null);
  for (
    const loose of [
      "npm:hono",
      "npm:hono@4",
      "npm:hono@4.13",
      "npm:hono@^4.13.19",
      "npm:hono@~4.13.19",
      "npm:hono@4.x",
      "npm:hono@latest",
      "npm:hono@>=4.0.0",
      "jsr:@std/assert",
      "https://deno.land/x/foo@1.0.0/mod.ts",
      "hono",
    ]
  ) {
    assert.equal(typeof checkImport("k", loose), "string", loose);
  }
});

Deno.test("audit fails when a licence is missing or not on the allowed list", async () => {
  const dir = project(CURVES_CONFIG, CURVES_LOCK);
  const cache = tempDir("plico-npm-cache-");
  try {
    const pkg = (name: string) => join(cache.path, "registry.npmjs.org", name, "2.4.0");
    Deno.mkdirSync(pkg("@noble/curves"), { recursive: true });
    Deno.writeTextFileSync(
      join(pkg("@noble/curves"), "package.json"),
      JSON.stringify({ name: "@noble/curves", version: "2.4.0", license: "GPL-3.0-only" }),
    );
    const report = await audit({
      root: dir.path,
      npmCache: cache.path,
      frozenInstall: denoFrozenInstall,
      shippedPackages: () => Promise.resolve(new Set<string>()),
    });
    assert.equal(report.ok, false);
    assert.deepEqual(report.dependencies.map((d) => d.license), ["GPL-3.0-only", null]);
    assert.ok(report.problems.some((p) => /GPL-3\.0-only is not on the allowed list/.test(p)));
    assert.ok(report.problems.some((p) => /@noble\/hashes@2\.4\.0: no licence found/.test(p)));
  } finally {
    dir.remove();
    cache.remove();
  }
});

Deno.test("licence fields and lock keys are read in all their npm spellings", () => {
  assert.equal(licenseOf({ license: "MIT" }), "MIT");
  assert.equal(licenseOf({ license: { type: "ISC" } }), "ISC");
  assert.equal(
    licenseOf({ licenses: [{ type: "MIT" }, { type: "Apache-2.0" }] }),
    "(MIT OR Apache-2.0)",
  );
  assert.equal(licenseOf({}), null);
  assert.equal(licenseOf({ license: " " }), null);
  assert.equal(isAllowedLicense("(MIT OR GPL-3.0)"), true);
  assert.equal(isAllowedLicense("MIT AND GPL-3.0"), false);
  assert.equal(isAllowedLicense("SEE LICENSE IN LICENSE.txt"), false);
  assert.deepEqual(splitLockKey("@noble/hashes@2.4.0"), {
    name: "@noble/hashes",
    version: "2.4.0",
  });
  assert.deepEqual(splitLockKey("react-dom@18.2.0_react@18.2.0"), {
    name: "react-dom",
    version: "18.2.0",
  });
});

/** A one-package project whose only package is `name@1.0.0` under `license`, in its own cache. */
function licensedProject(name: string, license: string) {
  const config = { imports: { [name]: `npm:${name}@1.0.0` } };
  const lock = {
    version: "5",
    specifiers: { [`npm:${name}@1.0.0`]: "1.0.0" },
    npm: { [`${name}@1.0.0`]: { integrity: "sha512-AAAA" } },
    workspace: { dependencies: [`npm:${name}@1.0.0`] },
  };
  const dir = project(config, lock);
  const cache = tempDir("plico-npm-cache-");
  const pkg = join(cache.path, "registry.npmjs.org", name, "1.0.0");
  Deno.mkdirSync(pkg, { recursive: true });
  Deno.writeTextFileSync(join(pkg, "package.json"), JSON.stringify({ name, license }));
  return {
    dir,
    cache,
    run: (shipped: string[]) =>
      audit({
        root: dir.path,
        npmCache: cache.path,
        frozenInstall: () => Promise.resolve(null),
        shippedPackages: () => Promise.resolve(new Set(shipped)),
      }),
    remove() {
      dir.remove();
      cache.remove();
    },
  };
}

Deno.test("a test-only package may be MPL-2.0, but never when shipped code reaches it", async () => {
  const p = licensedProject("axe-core", "MPL-2.0");
  try {
    const unshipped = await p.run([]);
    assert.deepEqual(unshipped.problems, []);
    assert.match(formatReport(unshipped), /^axe-core\s+1\.0\.0\s+direct, test-only\s+MPL-2\.0$/m);
    const shipped = await p.run(["axe-core@1.0.0"]);
    assert.equal(shipped.ok, false);
    assert.deepEqual(shipped.problems, [
      "axe-core@1.0.0: test-only, but reachable from the shipped program",
    ]);
  } finally {
    p.remove();
  }
});

Deno.test("MPL-2.0 stays refused for a package that is not test-only", async () => {
  const p = licensedProject("some-lib", "MPL-2.0");
  try {
    const report = await p.run([]);
    assert.deepEqual(report.problems, [
      "some-lib@1.0.0: licence MPL-2.0 is not on the allowed list",
    ]);
  } finally {
    p.remove();
  }
});

Deno.test("the shipped program reaches its crypto and web packages and no test-only package", async () => {
  const shipped = await denoShippedPackages(REPO_ROOT);
  for (const name of ["@noble/hashes", "hono", "@noble/ciphers"]) {
    assert.ok([...shipped].some((p) => p.startsWith(`${name}@`)), `${name} ships`);
  }
  for (const name of TEST_ONLY_PACKAGES.keys()) {
    assert.ok(![...shipped].some((p) => p.startsWith(`${name}@`)), `${name} does not ship`);
  }
});
