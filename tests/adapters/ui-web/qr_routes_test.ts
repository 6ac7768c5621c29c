import assert from "node:assert/strict";
import { decodeBase64, encodeBase64 } from "../../../adapters/ui-web/json_fields.ts";
import { QR_MAX_PAYLOAD_BYTES } from "../../../domain/limits.ts";
import { encodeSequence, parsePart, QrCollector } from "../../../domain/qr/mod.ts";
import { readQrFromRaster } from "../../../adapters/qr/qr_reader.ts";
import { qrRaster } from "../../../adapters/qr/qr_symbol.ts";
import { TEST_PASSPHRASE } from "../../support/profile_fixture.ts";
import { codeOf, UiClient } from "./ui_client.ts";

/** The part a code's rows of "0"/"1" show, read with the same reader as a screenshot. */
function partOf(rows: string[]): Uint8Array {
  const { width, height, grey } = qrRaster(rows.map((r) => [...r].map((c) => c === "1")), 4);
  return readQrFromRaster({ width, height, channels: 1, bitDepth: 8, samples: grey });
}

Deno.test("POST /api/qr/show turns what the page holds into codes, and refuses what it must", async () => {
  const ui = new UiClient();
  try {
    const file = crypto.getRandomValues(new Uint8Array(2448));
    const locked = await ui.api("qr/show", { data: encodeBase64(file) });
    assert.notEqual(locked.status, 200);
    await ui.createProfile();

    const shown = await ui.api("qr/show", { data: encodeBase64(file) });
    assert.equal(shown.status, 200, JSON.stringify(shown.body));
    assert.equal(shown.body.bytes, 2448);
    const codes = shown.body.codes as string[][];
    assert.equal(codes.length, 7);
    const collector = new QrCollector();
    for (const rows of codes) {
      assert.equal(rows.length, 85, "version 15 with its quiet zone");
      assert.ok(rows.every((r) => /^[01]{85}$/.test(r)));
      collector.add(partOf(rows));
    }
    assert.deepEqual(collector.assemble(), file);
    // Each request is a new sequence: its parts cannot be mixed with the first one's.
    const again = await ui.api("qr/show", { data: encodeBase64(file) });
    const other = parsePart(partOf(again.body.codes[0]));
    assert.notDeepEqual(other.sequenceId, parsePart(partOf(codes[0]!)).sequenceId);

    const big = await ui.api("qr/show", {
      data: encodeBase64(new Uint8Array(QR_MAX_PAYLOAD_BYTES + 3)),
    });
    assert.equal(codeOf(big.body), "ui.too_large");
    const empty = await ui.api("qr/show", { data: "" });
    assert.equal(codeOf(empty.body), "ui.bad_request");
    const max = await ui.api("qr/show", {
      data: encodeBase64(new Uint8Array(QR_MAX_PAYLOAD_BYTES)),
    });
    assert.equal(max.body.codes.length, 32);
  } finally {
    await ui.close();
  }
});

Deno.test("POST /api/qr/scan collects one sequence in any order and refuses the rest unchanged", async () => {
  const ui = new UiClient();
  try {
    await ui.createProfile();
    const file = crypto.getRandomValues(new Uint8Array(1000));
    const parts = encodeSequence(file, Uint8Array.of(1, 2, 3, 4)).map(encodeBase64);
    const other = encodeSequence(file, Uint8Array.of(9, 9, 9, 9)).map(encodeBase64);
    const scan = (json: unknown) => ui.api("qr/scan", json);

    assert.deepEqual((await scan({ restart: true })).body, {
      complete: false,
      count: null,
      missing: [],
    });
    const first = await scan({ part: parts[2] });
    assert.equal(first.status, 200);
    assert.deepEqual(first.body, {
      complete: false,
      outcome: "added",
      part: 3,
      count: 3,
      missing: [1, 2],
    });
    const foreign = await scan({ part: encodeBase64(new TextEncoder().encode("WIFI:S:x;;")) });
    assert.equal(foreign.status, 422);
    assert.equal(codeOf(foreign.body), "qr.error");
    assert.match(foreign.body.error.message, /not a Plico QR code/);
    const mixed = await scan({ part: other[0] });
    assert.match(mixed.body.error.message, /another sequence/);
    assert.equal((await scan({ part: parts[2] })).body.outcome, "duplicate");
    assert.deepEqual((await scan({ part: parts[0] })).body.missing, [2]);
    const done = await scan({ part: parts[1] });
    assert.equal(done.body.complete, true);
    assert.deepEqual(decodeBase64(done.body.data), file);
    // Complete: the next code starts a new sequence, so the other one is welcome now.
    assert.equal((await scan({ part: other[0] })).body.outcome, "added");
    assert.equal((await scan({ restart: true, part: parts[1] })).body.part, 2);
    const tooLong = await scan({ part: encodeBase64(new Uint8Array(600)) });
    assert.equal(codeOf(tooLong.body), "ui.too_large");
    assert.equal(tooLong.body.error.message, "the QR part is larger than 512 bytes");
    assert.equal((await ui.api("lock")).status, 200);
    assert.equal(codeOf((await scan({ part: parts[0] })).body), "ui.locked");
  } finally {
    await ui.close();
  }
});

Deno.test("POST /api/qr/scan: a lock drops the codes scanned before it", async () => {
  const ui = new UiClient();
  try {
    await ui.createProfile();
    const file = crypto.getRandomValues(new Uint8Array(1300));
    const parts = encodeSequence(file, Uint8Array.of(5, 6, 7, 8)).map(encodeBase64);
    assert.equal(parts.length, 4);
    const scan = (json: unknown) => ui.api("qr/scan", json);
    assert.deepEqual((await scan({ part: parts[0] })).body.missing, [2, 3, 4]);
    assert.deepEqual((await scan({ part: parts[1] })).body.missing, [3, 4]);
    assert.equal((await ui.api("lock")).status, 200);
    const unlocked = await ui.api("profile/unlock", { passphrase: TEST_PASSPHRASE });
    assert.equal(unlocked.status, 200, JSON.stringify(unlocked.body));
    // No restart: the page may not send one. Parts 3 and 4 alone must not finish the file: it
    // says 2 of 4 are in (count is the sequence's length), 1 and 2 missing.
    assert.equal((await scan({ part: parts[2] })).body.outcome, "added");
    const last = await scan({ part: parts[3] });
    assert.equal(last.status, 200);
    assert.deepEqual(last.body, {
      complete: false,
      outcome: "added",
      part: 4,
      count: 4,
      missing: [1, 2],
    });
  } finally {
    await ui.close();
  }
});
