import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ARMORED_ENVELOPE_MAX_CHARS,
  readEnvelopeFile,
  spoolToFile,
  writeEnvelopeFile,
} from "../../../adapters/fs/envelope_file.ts";
import { systemRandom } from "../../../adapters/crypto/system_random.ts";
import { isPlicoError } from "../../../domain/errors.ts";

async function readAll(input: Awaited<ReturnType<typeof readEnvelopeFile>>): Promise<Uint8Array> {
  const parts: number[] = [];
  const piece = new Uint8Array(1000);
  const source = await input.open();
  for (;;) {
    const n = await source.read(piece);
    if (n === null) break;
    parts.push(...piece.subarray(0, n));
  }
  source.close();
  return new Uint8Array(parts);
}

function streamOf(pieces: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      const next = pieces.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

/** A byte stream (as standard input is) giving `data` in chunks of `step` bytes. */
function byteStreamOf(data: Uint8Array, step: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    type: "bytes",
    pull(controller) {
      if (at >= data.length) {
        controller.close();
        controller.byobRequest?.respond(0);
        return;
      }
      controller.enqueue(data.slice(at, at + step));
      at += step;
    },
  });
}

Deno.test("binary and armored envelope files read back the same bytes; neither overwrites", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "plico-envfile-" });
  try {
    const envelope = systemRandom.randomBytes(5000);
    for (const armored of [false, true]) {
      const path = join(dir, armored ? "e.txt" : "e.plico");
      await writeEnvelopeFile(path, envelope, armored);
      const input = await readEnvelopeFile(path);
      assert.equal(input.size, envelope.length);
      assert.deepEqual(await readAll(input), envelope);
      // Read twice (the header first, then the body).
      assert.deepEqual(await readAll(input), envelope);
      await assert.rejects(
        writeEnvelopeFile(path, envelope, armored),
        (e) => isPlicoError(e, "io"),
      );
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("armored text over the limit is refused before it is read", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "plico-envfile-" });
  try {
    const path = join(dir, "big.txt");
    const f = Deno.openSync(path, { write: true, create: true });
    f.writeSync(new TextEncoder().encode("-----BEGIN ENCRYPTED DATA-----\n"));
    f.truncateSync(ARMORED_ENVELOPE_MAX_CHARS + 1);
    f.close();
    await assert.rejects(readEnvelopeFile(path), (e) => isPlicoError(e, "input.too_large"));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("spooling copies a stream in pieces, and removes the file when the stream is too long", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "plico-spool-" });
  try {
    const data = systemRandom.randomBytes(3 * 1024 * 1024 + 77);
    const pieces = [];
    for (let at = 0; at < data.length; at += 65_536) pieces.push(data.slice(at, at + 65_536));
    await spoolToFile(streamOf(pieces), join(dir, "in"));
    assert.deepEqual(Deno.readFileSync(join(dir, "in")), data);
    assert.equal(Deno.statSync(join(dir, "in")).mode! & 0o777, 0o600);
    await assert.rejects(
      spoolToFile(streamOf([new Uint8Array(600), new Uint8Array(600)]), join(dir, "big"), 1000),
      (e) => isPlicoError(e, "input.too_large"),
    );
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["in"]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("spooling a byte stream reads into its own piece: every byte once, the limit kept", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "plico-spool-" });
  try {
    const data = systemRandom.randomBytes(2 * 1024 * 1024 + 4099);
    for (const step of [1, 4096, 65_536, 1024 * 1024 + 3, data.length]) {
      if (step === 1) {
        await spoolToFile(byteStreamOf(data.subarray(0, 5000), 1), join(dir, "one"));
        assert.deepEqual(Deno.readFileSync(join(dir, "one")), data.subarray(0, 5000));
        continue;
      }
      const out = join(dir, `in-${step}`);
      await spoolToFile(byteStreamOf(data, step), out);
      assert.deepEqual(Deno.readFileSync(out), data, `chunks of ${step}`);
      assert.equal(Deno.statSync(out).mode! & 0o777, 0o600);
    }
    // A real resource stream (standard input is one), as `open -` gets it.
    const source = join(dir, "source");
    Deno.writeFileSync(source, data);
    const file = await Deno.open(source);
    await spoolToFile(file.readable, join(dir, "from-file"));
    assert.deepEqual(Deno.readFileSync(join(dir, "from-file")), data);
    await assert.rejects(
      spoolToFile(byteStreamOf(new Uint8Array(1200), 600), join(dir, "big"), 1000),
      (e) => isPlicoError(e, "input.too_large"),
    );
    assert.equal([...Deno.readDirSync(dir)].some((e) => e.name === "big"), false);
    await spoolToFile(byteStreamOf(new Uint8Array(0), 10), join(dir, "empty"));
    assert.equal(Deno.statSync(join(dir, "empty")).size, 0);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
