import assert from "node:assert/strict";
import { SCRIPT_LINE_MAX_BYTES, ScriptLines } from "../../../adapters/cli/script_lines.ts";
import { PlicoError } from "../../../domain/errors.ts";

/** A reader that hands out `bytes` in the given piece sizes, then the end. */
function reader(bytes: Uint8Array, pieces: number[] = [4096]) {
  let at = 0;
  let i = 0;
  return (buf: Uint8Array): Promise<number | null> => {
    if (at >= bytes.length) return Promise.resolve(null);
    const n = Math.min(pieces[i++ % pieces.length]!, buf.length, bytes.length - at);
    buf.set(bytes.subarray(at, at + n));
    at += n;
    return Promise.resolve(n);
  };
}

async function all(lines: ScriptLines): Promise<[number, string][]> {
  const out: [number, string][] = [];
  for (let next = await lines.next(); next !== null; next = await lines.next()) {
    out.push([next.number, next.line]);
  }
  return out;
}

const text = (s: string) => new TextEncoder().encode(s);

Deno.test("script lines: numbered, CRLF and a last line without newline, in any read pieces", async () => {
  const script = text("session new --label Bob\r\n\n# ä comment\nopen m1.bin");
  const expected: [number, string][] = [
    [1, "session new --label Bob"],
    [2, ""],
    [3, "# ä comment"],
    [4, "open m1.bin"],
  ];
  for (const pieces of [[4096], [1], [2, 3], [7]]) {
    assert.deepEqual(await all(new ScriptLines(reader(script, pieces))), expected, `${pieces}`);
  }
  assert.deepEqual(await all(new ScriptLines(reader(new Uint8Array(0)))), []);
});

Deno.test("script lines: a line over the bound or not UTF-8 is a usage error naming the line", async () => {
  const long = new ScriptLines(reader(text("ok\n" + "x".repeat(SCRIPT_LINE_MAX_BYTES + 1) + "\n")));
  assert.deepEqual(await long.next(), { line: "ok", number: 1 });
  await assert.rejects(long.next(), (e) => {
    assert.ok(e instanceof PlicoError);
    assert.equal(e.code, "usage");
    assert.match(e.message, /line 2 of the script is longer than 65536 bytes/);
    return true;
  });
  // Without any newline the reader stops buffering at the bound instead of growing forever.
  let served = 0;
  const endless = new ScriptLines((buf) => {
    buf.fill(0x78);
    served += buf.length;
    return Promise.resolve(buf.length);
  });
  await assert.rejects(endless.next(), /line 1 of the script is longer/);
  assert.ok(served <= SCRIPT_LINE_MAX_BYTES + 4096, `read ${served} bytes`);
  const bad = new ScriptLines(reader(new Uint8Array([0x6f, 0x6b, 0x0a, 0xff, 0xfe, 0x0a])));
  assert.deepEqual(await bad.next(), { line: "ok", number: 1 });
  await assert.rejects(bad.next(), /line 2 of the script is not UTF-8 text/);
});
