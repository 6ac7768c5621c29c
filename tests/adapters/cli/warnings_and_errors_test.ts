import assert from "node:assert/strict";
import { join } from "node:path";
import type { CommandContext } from "../../../adapters/cli/command.ts";
import { environmentError, storageTrouble } from "../../../adapters/cli/environment_errors.ts";
import { showWarnings } from "../../../adapters/cli/warnings.ts";
import { PlicoError } from "../../../domain/errors.ts";
import { tempDir } from "../../support/run_plico.ts";

function context(errors: string[], outputs: string[]): CommandContext {
  return {
    io: {
      out: (s) => void outputs.push(s),
      outBytes: () => {},
      err: (s) => void errors.push(s),
      readStdin: () => Promise.resolve(new Uint8Array(0)),
      stdinStream: () => new ReadableStream<Uint8Array>(),
      stdinIsTerminal: () => false,
      stdoutIsTerminal: () => false,
      stderrIsTerminal: () => false,
      readSecretLine: () => Promise.resolve(""),
      readKey: () => Promise.resolve("stop"),
      terminalSize: () => null,
      readLine: () => Promise.resolve(""),
      env: () => undefined,
    },
    version: "test",
    deps: () => {
      throw new Error("unused");
    },
    releaseDeps: () => {
      throw new Error("no release is checked here");
    },
    carrierDeps: () => {
      throw new Error("unused");
    },
    qrDeps: () => {
      throw new Error("QR codes are not used here");
    },
  };
}

Deno.test("the passphrase-only warning: always on status/unlock, else once a day, never on stdout", () => {
  const dir = tempDir();
  try {
    const errors: string[] = [];
    const outputs: string[] = [];
    const ctx = context(errors, outputs);
    const w = ["warning: passphrase alone"];
    showWarnings(ctx, {}, dir.path, w);
    showWarnings(ctx, {}, dir.path, w);
    assert.equal(errors.length, 1, "shown once, then not again the same day");
    showWarnings(ctx, {}, dir.path, w, true);
    assert.equal(errors.length, 2, "profile status/unlock always show it");
    showWarnings(ctx, { quiet: true }, dir.path, w, true);
    assert.equal(errors.length, 2, "--quiet silences it");
    const day = 24 * 60 * 60 * 1000;
    const old = new Date(Date.now() - 2 * day);
    Deno.utimeSync(join(dir.path, "warned-at"), old, old);
    showWarnings(ctx, {}, dir.path, w);
    assert.equal(errors.length, 3, "shown again a day later");
    assert.deepEqual(outputs, []);
  } finally {
    dir.remove();
  }
});

Deno.test("environmentError() names a full disk, a read-only volume and a busy profile as io", () => {
  const cases: Array<[unknown, RegExp]> = [
    [new Error("database or disk is full"), /the disk is full/],
    [
      new PlicoError("profile.corrupt", "the profile database cannot be read", {
        cause: Object.assign(new Error("attempt to write a readonly database"), {
          code: "SQLITE_READONLY",
        }),
      }),
      /read-only/,
    ],
    [new Error("database is locked"), /busy in another Plico process/],
    [new Error("No space left on device (os error 28)"), /the disk is full/],
  ];
  for (const [error, said] of cases) {
    const named = environmentError(error);
    assert.equal(named?.code, "io");
    assert.match(named!.message, said);
  }
  assert.equal(environmentError(new Error("something else")), null);
  assert.equal(environmentError(new PlicoError("profile.corrupt", "bad header")), null);
  assert.equal(environmentError(new PlicoError("usage", "database is locked")), null);
});

Deno.test("storageTrouble() calls a damaged database file damage, and a healthy volume no excuse", () => {
  const dir = tempDir();
  try {
    const damaged = storageTrouble(new Error("file is not a database"), dir.path);
    assert.equal(damaged?.code, "profile.corrupt");
    assert.match(damaged!.message, /a file of the profile is damaged/);
    // Said to be damaged on a writable volume: the volume is not the trouble.
    assert.equal(storageTrouble(new PlicoError("profile.corrupt", "bad"), dir.path), null);
    assert.deepEqual([...Deno.readDirSync(dir.path)], [], "the write check leaves nothing");
  } finally {
    dir.remove();
  }
});
