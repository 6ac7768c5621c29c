/**
 * QR routes (PROTOCOL-qr): the page hands over a small file it offers for download (a setup
 * file, an envelope, a safety code) and gets back the modules of its QR codes, which it draws
 * itself. Only what the page already holds is turned into codes; nothing is stored.
 *
 * @module
 */

import type { Hono } from "hono";
import { showAsQr } from "../../../application/qr_transfer.ts";
import { QrCollector } from "../../../domain/qr/mod.ts";
import { QR_MAX_PAYLOAD_BYTES } from "../../../domain/limits.ts";
import { qrModules } from "../../qr/qr_symbol.ts";
import { boolField, encodeBase64, fileField } from "../json_fields.ts";
import { type AppState, jsonBody, reply, requireUnlockedNow, type UiEnv } from "./route_kit.ts";

/** One code as rows of "0" (light) and "1" (dark), quiet zone included. */
function rowsOf(part: Uint8Array): string[] {
  return qrModules(part).map((row) => row.map((dark) => (dark ? "1" : "0")).join(""));
}

/** Largest scanned part accepted (PROTOCOL-qr §2: 411 bytes; the parser checks exactly). */
const QR_PART_MAX_BYTES = 512;

/** Registers the QR routes on `api`. */
export function qrRoutes(api: Hono<UiEnv>, state: AppState): void {
  api.post("/qr/show", async (c) => {
    requireUnlockedNow(c);
    const body = await jsonBody(c);
    const data = fileField(body, "data", QR_MAX_PAYLOAD_BYTES);
    const parts = showAsQr(state.services, data);
    c.get("session").touch();
    return reply({ bytes: data.length, codes: parts.map(rowsOf) });
  });

  // One scanned code (its bytes, decoded in the page: frames never leave it). Answers the
  // progress, or the whole file once complete; a refused code changes nothing.
  api.post("/qr/scan", async (c) => {
    requireUnlockedNow(c);
    const session = c.get("session");
    const body = await jsonBody(c);
    // The collector lives on the session (ui_session.ts), which drops it on lock.
    if (boolField(body, "restart")) session.qrScan = null;
    if (body.part === undefined) return reply({ complete: false, count: null, missing: [] });
    const collector = session.qrScan ??= new QrCollector();
    const progress = collector.add(fileField(body, "part", QR_PART_MAX_BYTES, "the QR part"));
    session.touch();
    if (progress.missing.length > 0) return reply({ complete: false, ...progress });
    // Complete: whatever assembling says, the next code starts a new sequence.
    session.qrScan = null;
    return reply({ complete: true, ...progress, data: encodeBase64(collector.assemble()) });
  });
}
