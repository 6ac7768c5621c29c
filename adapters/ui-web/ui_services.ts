/**
 * What the UI app is built from: the services (ports and use-case inputs, filled in by the
 * composition in `serve_ui.ts` or by tests) and the options (port, timings).
 *
 * @module
 */

import type { CarrierDeps } from "../../application/carrier.ts";
import type { Deps } from "../../application/deps.ts";
import type { ByteSink } from "../../application/ports.ts";
import type { RandomPort } from "../../domain/ports.ts";
import { UI_CLIPBOARD_CLEAR_MS, UI_IDLE_LOCK_DEFAULT_MS } from "../../domain/limits.ts";

/** The ports the UI's use cases run with. */
export interface UiServices {
  /**
   * Ports for the UI's profile directory: a fresh repository on every call, as a new CLI
   * process would get. The UI closes each one (or, once unlocked, the profile's `lock()` does).
   */
  deps(): Deps;
  /** Randomness for the launch token, session ids and CSRF tokens. */
  readonly random: RandomPort;
  /** The PNG carrier's ports; without them the carrier routes answer `ui.unavailable`. */
  carrierDeps?(): CarrierDeps;
  /**
   * Where a sealed envelope is written before it is sent back (a temporary file that appears
   * only on commit); default `newFileSink`. Tests wrap it to hold a seal mid-way.
   */
  sealSink?(path: string): Promise<ByteSink>;
}

/** Options of one UI app. */
export interface UiOptions {
  /** The port the server listens on: the Host allow-list and the Origin check depend on it. */
  readonly port: number;
  /** Inactivity before the profile locks itself, in ms (default `UI_IDLE_LOCK_DEFAULT_MS`). */
  readonly idleLockMs?: number;
  /** Delay before the page clears text it copied, in ms (default `UI_CLIPBOARD_CLEAR_MS`). */
  readonly clipboardClearMs?: number;
  /** Directory for temporary upload files (envelopes are ciphertext); default: the OS's. */
  readonly tempDir?: string;
}

/** `UiOptions` with every default filled in. */
export interface ResolvedOptions {
  readonly port: number;
  readonly idleLockMs: number;
  readonly clipboardClearMs: number;
  readonly tempDir: string | undefined;
}

/** Fills in the defaults and checks the values. */
export function resolveOptions(options: UiOptions): ResolvedOptions {
  const { port } = options;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError("bad UI port");
  const idleLockMs = options.idleLockMs ?? UI_IDLE_LOCK_DEFAULT_MS;
  const clipboardClearMs = options.clipboardClearMs ?? UI_CLIPBOARD_CLEAR_MS;
  if (!(idleLockMs > 0) || !(clipboardClearMs > 0)) throw new RangeError("bad UI timing");
  return { port, idleLockMs, clipboardClearMs, tempDir: options.tempDir };
}
