/**
 * UI routes that take a peer's bytes hand them to their sandbox worker first, with no grants
 * (HARDENING §3.3). Workers are recorded by tests/support/worker_spy.ts and run
 * unchanged. The PNG carrier routes use the carrier port the composition root gives the UI
 * (`plico ui` passes the sandboxed one from main.ts; tests/e2e/sandbox_wiring_test.ts checks
 * that port through the CLI).
 *
 * @module
 */

import assert from "node:assert/strict";
import { NO_GRANTS, withWorkerSpy } from "../../support/worker_spy.ts";
import { codeOf, UiClient } from "./ui_client.ts";

const JUNK = btoa("not a Plico setup file\n");

for (const route of ["sessions/answer", "sessions/finish"]) {
  Deno.test(`UI ${route} parses the upload first in the no-rights setup-file worker`, async () => {
    const c = new UiClient();
    try {
      await c.createProfile();
      const { result, workers } = await withWorkerSpy(() =>
        c.api(route, { label: "Bob", file: JUNK })
      );
      assert.deepEqual(workers, [{ module: "setup_file_worker.ts", permissions: NO_GRANTS }]);
      assert.equal(result?.status, 422, JSON.stringify(result?.body));
      assert.equal(codeOf(result?.body), "input.malformed");
    } finally {
      await c.close();
    }
  });
}

Deno.test({
  name: "UI envelopes/open parses the upload first in a sandbox worker",
  fn: async () => {
    const c = new UiClient();
    try {
      await c.createProfile();
      const { workers } = await withWorkerSpy(() =>
        c.request("/api/envelopes/open", {
          // Long enough to be an envelope, so only the worker can tell it is none.
          body: crypto.getRandomValues(new Uint8Array(4096)),
          headers: { "content-type": "application/octet-stream" },
        })
      );
      const sandboxes = workers.filter((w) => w.module !== "argon2_worker.ts");
      assert.equal(sandboxes.length, 1, JSON.stringify(workers));
      const grants = sandboxes[0]!.permissions as Record<string, unknown>;
      for (const right of ["net", "env", "run", "ffi", "sys", "import"]) {
        assert.equal(grants[right], false, right);
      }
    } finally {
      await c.close();
    }
  },
});
