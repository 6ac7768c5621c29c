import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { checkCitations } from "../../scripts/check_citations.ts";
import { REPO_ROOT as ROOT } from "../support/paths.ts";

const INDEX = `# Index

| § | part | where |
|---|---|---|
| 1 | basics | below |
| 3 | setup | [protocol/setup.md](protocol/setup.md) |

| name | page |
|---|---|
| \`PROTOCOL\` | this page |
| \`PROTOCOL-setup\` | [protocol/setup.md](protocol/setup.md) |

## 1. Basics

### 1.2 More
`;

const SETUP = "# Setup\n\n## 4. Files\n\n## 5. Keys\n";

function fixture(code: string): string {
  const dir = Deno.makeTempDirSync({ prefix: "plico-citations-" });
  const files: Record<string, string> = {
    "docs/PROTOCOL.md": INDEX,
    "docs/protocol/setup.md": SETUP,
    "domain/x.ts": code,
  };
  for (const [path, text] of Object.entries(files)) {
    Deno.mkdirSync(join(dir, dirname(path)), { recursive: true });
    Deno.writeTextFileSync(join(dir, path), text);
  }
  return dir;
}

function problemsIn(code: string): string[] {
  const dir = fixture(code);
  try {
    return checkCitations(dir).map((p) => `${p.line}: ${p.what}`);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("every citation in the repository points at a section that exists", () => {
  assert.deepEqual(checkCitations(ROOT), []);
});

Deno.test("checkCitations() accepts sections, lists, ranges, index rows, outside standards", () => {
  assert.deepEqual(
    problemsIn(
      "// PROTOCOL §1.2 and PROTOCOL §3 (a row of the index)\n" +
        "// PROTOCOL-setup §4, §5 and PROTOCOL-setup §4–§5\n" +
        "// RFC 7748 §5, PNG spec §5.3, and a bare §9 of the page above\n",
    ),
    [],
  );
});

Deno.test("checkCitations() flags a section the page does not have", () => {
  assert.deepEqual(problemsIn("/** PROTOCOL-setup §6 */\n"), [
    "1: PROTOCOL-setup §6: docs/protocol/setup.md has no section 6",
  ]);
  assert.equal(problemsIn("// PROTOCOL-setup §4 and §7\n").length, 1);
  assert.equal(problemsIn("// PROTOCOL §2\n").length, 1);
});

Deno.test("checkCitations() flags a citation written in another form", () => {
  const found = problemsIn(
    "// docs/protocol/setup.md §4\n// (setup §4)\n// DESIGN §1 (no such name)\n",
  );
  assert.equal(found.length, 3);
  assert.match(found[0]!, /^1: "docs\/protocol\/setup\.md §4": cite as NAME §N/);
  assert.match(found[1]!, /^2: "setup §4"/);
  assert.match(found[2]!, /^3: "DESIGN §1"/);
});
