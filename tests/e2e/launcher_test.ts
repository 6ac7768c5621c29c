/**
 * `bin/plico` runs Plico in the caller's working directory, quietly (no `deno task` echo), with
 * the flags of the `plico` task.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { REPO_ROOT } from "../support/paths.ts";
import { tempDir } from "../support/run_plico.ts";

Deno.test("bin/plico resolves relative paths from the caller's directory and echoes nothing", async () => {
  const dir = tempDir();
  try {
    Deno.writeTextFileSync(join(dir.path, "note.txt"), "a plain note that is not an envelope\n");
    const out = await new Deno.Command(join(REPO_ROOT, "bin", "plico"), {
      args: ["inspect", "note.txt"],
      cwd: dir.path,
      env: { NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.match(stdout, /^note\.txt: /);
    // The only thing it may say is that it fetched the pinned dependencies (a fresh clone).
    const said = new TextDecoder().decode(out.stderr).replace(/^bin\/plico: fetching .*\n/, "");
    assert.equal(said, "", "no task line, no warnings");
    const task = JSON.parse(Deno.readTextFileSync(join(REPO_ROOT, "deno.json"))).tasks.plico;
    assert.match(task, /--permission-set=plico/, "the launcher's flags come from this task");
  } finally {
    dir.remove();
  }
});
