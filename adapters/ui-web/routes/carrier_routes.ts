/**
 * PNG carrier routes, calling the same use cases as `plico carrier …`: hide an envelope in a
 * cover (or a generated one) and download the carrier image; open a carrier image, which
 * extracts the envelope and sends it through the normal open path. An optional shared key file
 * orders and masks the hidden bits, as on the command line.
 *
 * @module
 */

import type { Hono } from "hono";
import type { CarrierDeps } from "../../../application/carrier.ts";
import { embedEnvelope, extractEnvelope } from "../../../application/carrier.ts";
import { PlicoError } from "../../../domain/errors.ts";
import { CARRIER_KEY_FILE_MAX_BYTES, UI_CARRIER_MAX_BYTES } from "../../../domain/limits.ts";
import { neutralName } from "../download_name.ts";
import { fileResponse } from "../file_response.ts";
import { formFile, readForm } from "../form_body.ts";
import { UiError } from "../http_errors.ts";
import { openUploaded } from "./open_flow.ts";
import { type AppState, requireUnlockedNow, type UiEnv } from "./route_kit.ts";

function carrierDeps(state: AppState): CarrierDeps {
  const make = state.services.carrierDeps;
  if (make === undefined) {
    throw new UiError("ui.unavailable", "the PNG carrier is not available in this build");
  }
  return make();
}

async function bytesOf(file: File | null): Promise<Uint8Array | null> {
  return file === null ? null : new Uint8Array(await file.arrayBuffer());
}

async function keyFile(form: FormData): Promise<Uint8Array | null> {
  const file = formFile(form, "key");
  if (file !== null && file.size > CARRIER_KEY_FILE_MAX_BYTES) {
    throw new PlicoError(
      "input.too_large",
      `the key file is larger than ${CARRIER_KEY_FILE_MAX_BYTES} bytes`,
    );
  }
  return await bytesOf(file);
}

async function requiredFile(form: FormData, name: string): Promise<Uint8Array> {
  const bytes = await bytesOf(formFile(form, name));
  if (bytes === null) throw new UiError("ui.bad_request", `field "${name}" is required`);
  return bytes;
}

/** Registers the carrier routes on `api`. */
export function carrierRoutes(api: Hono<UiEnv>, state: AppState): void {
  api.post("/carrier/embed", async (c) => {
    const deps = carrierDeps(state);
    const form = await readForm(c.req.raw, UI_CARRIER_MAX_BYTES);
    const envelope = await requiredFile(form, "envelope");
    const cover = await bytesOf(formFile(form, "cover"));
    const png = await embedEnvelope(deps, envelope, cover, await keyFile(form));
    c.get("session").touch();
    return fileResponse(png, neutralName(state.services.random, "png"), png.length);
  });

  api.post("/carrier/open", async (c) => {
    const deps = carrierDeps(state);
    requireUnlockedNow(c);
    const form = await readForm(c.req.raw, UI_CARRIER_MAX_BYTES);
    const image = await requiredFile(form, "image");
    const envelope = await extractEnvelope(deps, image, await keyFile(form));
    const path = await state.temps.path("extracted");
    await Deno.writeFile(path, envelope, { createNew: true, mode: 0o600 });
    return await openUploaded(c, state, path);
  });
}
