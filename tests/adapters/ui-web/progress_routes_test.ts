import assert from "node:assert/strict";
import { isPlicoError } from "../../../domain/errors.ts";
import { ProgressJobs } from "../../../adapters/ui-web/progress_jobs.ts";
import { holdSealAt } from "../../support/held_sink.ts";
import { codeOf, UiClient } from "./ui_client.ts";

const JOB = "Zm9vYmFyYmF6cXV4MTIzNA"; // 22 base64url characters, as the page sends
const MiB = 1024 * 1024;

/** Alice and Bob through `app.request()`, with a confirmed session "Bob" on Alice's side. */
async function pair(alice: UiClient, bob: UiClient): Promise<void> {
  await alice.createProfile();
  await bob.createProfile();
  const init = await alice.api("sessions/new", { label: "Bob" });
  const answer = await bob.api("sessions/answer", { label: "Alice", file: init.body.file.base64 });
  const finish = await alice.api("sessions/finish", { file: answer.body.file.base64 });
  assert.equal(
    (await alice.api("sessions/confirm", { label: "Bob", code: answer.body.myCode })).body
      .confirmed,
    true,
  );
  assert.equal(
    (await bob.api("sessions/confirm", { label: "Alice", code: finish.body.myCode })).body
      .confirmed,
    true,
  );
}

function sealForm(text: string, attachmentBytes: number): FormData {
  const form = new FormData();
  form.append("to", "Bob");
  form.append("text", text);
  form.append("attachment", new File([new Uint8Array(attachmentBytes).fill(3)], "big.bin"));
  return form;
}

/** Every file under `dir` (the UI's private temporary directory sits inside it). */
function filesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) found.push(...filesUnder(path));
    else found.push(path);
  }
  return found;
}

Deno.test("ProgressJobs: a named job is followed, cancelled and forgotten; ids are checked", () => {
  const jobs = new ProgressJobs();
  const request = new AbortController();
  const { job, end } = jobs.start(JOB, "sealing", request.signal);
  assert.deepEqual(jobs.view(JOB), { phase: "sealing", done: 0, total: 0 });
  job.report(10, 100);
  assert.deepEqual(jobs.view(JOB), { phase: "sealing", done: 10, total: 100 });
  assert.throws(() => jobs.start(JOB, "opening", request.signal), /in use/);
  assert.equal(jobs.cancel(JOB), true);
  assert.throws(() => job.report(20, 100), (e) => isPlicoError(e, "interrupted"));
  assert.equal(job.signal.aborted, true);
  end();
  assert.equal(jobs.view(JOB), null);
  assert.equal(jobs.cancel(JOB), false);
  for (const bad of ["short", "has space in it!!!!!!", "x".repeat(65), "a/b+c=d".repeat(4)]) {
    assert.throws(() => jobs.start(bad, "sealing", request.signal), /malformed/);
  }
  // A dropped request cancels its job too.
  const dropped = new AbortController();
  const other = jobs.start(null, "opening", dropped.signal).job;
  assert.equal(other.cancelled, false);
  dropped.abort();
  assert.throws(() => other.throwIfCancelled(), (e) => isPlicoError(e, "interrupted"));
  // Bounded: a session cannot pile up jobs.
  const ends = Array.from(
    { length: 8 },
    (_, i) => jobs.start(`job-number-${String(i).padStart(8, "0")}`, "sealing", request.signal).end,
  );
  assert.throws(() => jobs.start(JOB, "sealing", request.signal), /too many jobs/);
  ends.forEach((e) => e());
});

Deno.test("a seal reports its progress by job id, and Cancel in the middle stops it and leaves no file", async () => {
  const temp = Deno.makeTempDirSync({ prefix: "plico-ui-temp-" });
  const held = holdSealAt(2 * MiB);
  const alice = new UiClient({ tempDir: temp }, undefined, { sealSink: held.sealSink });
  const bob = new UiClient();
  try {
    await pair(alice, bob);
    const sealing = alice.request("/api/envelopes/seal", {
      body: sealForm("cancel me", 8 * MiB),
      headers: { "x-plico-job": JOB },
    });
    await held.reached; // the seal is certainly in its body now
    const progress = await alice.api("progress", { id: JOB });
    assert.equal(progress.status, 200);
    assert.equal(progress.body.phase, "sealing");
    assert.ok(progress.body.total > 8 * MiB, `total ${progress.body.total}`);
    assert.ok(progress.body.done > 0 && progress.body.done < progress.body.total);
    assert.ok(filesUnder(temp).length > 0, "the partial envelope is on disk while sealing");

    assert.deepEqual((await alice.api("progress/cancel", { id: JOB })).body, { cancelled: true });
    held.release();
    const answer = await sealing;
    assert.equal(answer.status, 503);
    assert.equal(codeOf(await answer.json()), "interrupted");
    assert.deepEqual(filesUnder(temp), []);
    assert.equal(codeOf((await alice.api("progress", { id: JOB })).body), "ui.not_found");

    // The session still works: the next seal (same job id, free again) comes back whole.
    const next = await alice.request("/api/envelopes/seal", {
      body: sealForm("after the cancel", MiB),
      headers: { "x-plico-job": JOB },
    });
    assert.equal(next.status, 200);
    const envelope = new Uint8Array(await next.arrayBuffer());
    assert.deepEqual(filesUnder(temp), []);
    const opened = await bob.request("/api/envelopes/open", {
      body: envelope,
      headers: { "content-type": "application/octet-stream" },
    });
    assert.equal((await opened.json()).text, "after the cancel");
  } finally {
    held.release();
    await alice.close();
    await bob.close();
    Deno.removeSync(temp, { recursive: true });
  }
});

Deno.test("an open is followed by job id; a malformed job id is refused before any work", async () => {
  const alice = new UiClient();
  const bob = new UiClient();
  try {
    await pair(alice, bob);
    const bad = await alice.request("/api/envelopes/seal", {
      body: sealForm("x", 10),
      headers: { "x-plico-job": "not a job id" },
    });
    assert.equal(bad.status, 400);
    assert.equal(codeOf(await bad.json()), "ui.bad_request");
    const sealed = await alice.request("/api/envelopes/seal", { body: sealForm("hello", MiB) });
    const opened = await bob.request("/api/envelopes/open", {
      body: new Uint8Array(await sealed.arrayBuffer()),
      headers: { "content-type": "application/octet-stream", "x-plico-job": JOB },
    });
    assert.equal(opened.status, 200);
    assert.equal((await opened.json()).text, "hello");
    assert.equal(codeOf((await bob.api("progress", { id: JOB })).body), "ui.not_found");
    assert.deepEqual((await bob.api("progress/cancel", { id: JOB })).body, { cancelled: false });
  } finally {
    await alice.close();
    await bob.close();
  }
});
