/**
 * QR routes (PROTOCOL-qr): the page hands over a small file it offers for download (a setup
 * file, an envelope, a safety code) and gets back the modules of its QR codes, which it draws
 * itself. Only what the page already holds is turned into codes; nothing is stored.
 *
 * @module
 */

import type { Hono } from "hono";
import { showAsQr } from "../../../application/qr_transfer.ts";
import { QR_MAX_PAYLOAD_BYTES } from "../../../domain/limits.ts";
import { qrModules } from "../../qr/qr_symbol.ts";
import { fileField } from "../json_fields.ts";
import { type AppState, jsonBody, reply, requireUnlockedNow, type UiEnv } from "./route_kit.ts";

/** One code as rows of "0" (light) and "1" (dark), quiet zone included. */
function rowsOf(part: Uint8Array): string[] {
  return qrModules(part).map((row) => row.map((dark) => (dark ? "1" : "0")).join(""));
}

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
}
