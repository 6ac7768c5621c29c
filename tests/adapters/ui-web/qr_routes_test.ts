import assert from "node:assert/strict";
import { encodeBase64 } from "../../../adapters/ui-web/json_fields.ts";
import { QR_MAX_PAYLOAD_BYTES } from "../../../domain/limits.ts";
import { parsePart, QrCollector } from "../../../domain/qr/mod.ts";
import { readQrFromRaster } from "../../../adapters/qr/qr_reader.ts";
import { qrRaster } from "../../../adapters/qr/qr_symbol.ts";
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
