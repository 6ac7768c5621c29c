/**
 * Puts the UI app on a socket: `Deno.serve` on 127.0.0.1 only (never another interface), on a
 * random free port unless one is asked for. The app is built once the port is known, because
 * the Host allow-list and the Origin check depend on it. Nothing is printed here and no
 * browser is started: the caller shows the launch URL.
 *
 * @module
 */

import { PlicoError } from "../../domain/errors.ts";
import { createApp, type UiApp } from "./create_app.ts";
import { withSecurityHeaders } from "./security_headers.ts";
import type { UiOptions, UiServices } from "./ui_services.ts";

/** The only address the UI listens on. */
export const UI_HOSTNAME = "127.0.0.1";

/** A running UI server. */
export interface UiServer {
  /** The launch URL, with the single-use token in the fragment. */
  readonly url: string;
  readonly port: number;
  /** The app behind the socket (tests use its `app.request()` too). */
  readonly ui: UiApp;
  /** Locks every profile, removes temporary files, stops accepting and closes the socket. */
  shutdown(): Promise<void>;
}

/** Starts the server; `options.port` 0 (the default) picks a free port. */
export function serveUi(
  services: UiServices,
  options: Omit<UiOptions, "port"> & { port?: number },
): UiServer {
  let ui: UiApp | null = null;
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve(
      { hostname: UI_HOSTNAME, port: options.port ?? 0, onListen: () => {} },
      (request) =>
        ui === null
          ? withSecurityHeaders(new Response(null, { status: 503 }))
          : ui.app.fetch(request),
    );
  } catch (e) {
    if (e instanceof Deno.errors.AddrInUse) {
      throw new PlicoError("io", `port ${options.port} is already in use; pick another one`);
    }
    throw e;
  }
  const port = server.addr.port;
  let app: UiApp;
  try {
    app = createApp(services, { ...options, port });
  } catch (e) {
    server.shutdown();
    throw e;
  }
  ui = app;
  let stopped: Promise<void> | null = null;
  return {
    url: app.launchUrl,
    port,
    ui: app,
    shutdown: () => {
      stopped ??= (async () => {
        await app.close();
        await server.shutdown();
      })();
      return stopped;
    },
  };
}
