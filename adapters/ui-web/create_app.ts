/**
 * The browser UI as a Hono app (DESIGN §5, docs/UI.md): `createApp(services, options)` builds
 * it without opening any socket, so every rule is testable with `app.request()`; `serve_ui.ts`
 * puts it on 127.0.0.1.
 *
 * Order of the layers, outermost first: security headers on every response (errors included)
 * → error mapping → Host allow-list and fetch metadata on every request → GET-only for pages,
 * POST-only for the API → session cookie and CSRF token on the API → the route.
 *
 * @module
 */

import { Hono } from "hono";
import { apiGate } from "./api_gate.ts";
import { errorResponse, UiError } from "./http_errors.ts";
import { LaunchToken } from "./launch_token.ts";
import { loopbackGuard } from "./request_guard.ts";
import { accessRoutes } from "./routes/access_routes.ts";
import { carrierRoutes } from "./routes/carrier_routes.ts";
import { qrRoutes } from "./routes/qr_routes.ts";
import { envelopeRoutes } from "./routes/envelope_routes.ts";
import { profileRoutes } from "./routes/profile_routes.ts";
import { progressRoutes } from "./routes/progress_routes.ts";
import type { AppState, UiEnv } from "./routes/route_kit.ts";
import { sessionRoutes } from "./routes/session_routes.ts";
import { settingsRoutes } from "./routes/settings_routes.ts";
import { staticRoutes } from "./routes/static_routes.ts";
import { securityHeaders } from "./security_headers.ts";
import { TempFiles } from "./temp_files.ts";
import { resolveOptions, type UiOptions, type UiServices } from "./ui_services.ts";
import { UiSessionStore } from "./ui_session.ts";

/** A built UI: the Hono app and what its owner needs to hand out and shut down. */
export interface UiApp {
  readonly app: Hono<UiEnv>;
  /** The single-use launch token (until exchanged). */
  readonly launchToken: string;
  /** `http://127.0.0.1:PORT/#token=…`: the URL to open. */
  readonly launchUrl: string;
  /** Locks every session's profile and removes temporary files. */
  close(): Promise<void>;
}

function notFound(): Response {
  return errorResponse(new UiError("ui.not_found", "no such page"));
}

/** Builds the UI app for a server listening on `options.port`. */
export function createApp(services: UiServices, options: UiOptions): UiApp {
  const resolved = resolveOptions(options);
  const launch = new LaunchToken(services.random);
  const state: AppState = {
    services,
    options: resolved,
    sessions: new UiSessionStore(services.random, resolved.idleLockMs),
    launch,
    temps: new TempFiles(services.random, resolved.tempDir),
  };

  const api = new Hono<UiEnv>();
  api.onError((e) => errorResponse(e));
  api.notFound(notFound);
  api.use(apiGate(state.sessions, resolved.port));
  accessRoutes(api, state);
  profileRoutes(api, state);
  sessionRoutes(api, state);
  envelopeRoutes(api, state);
  carrierRoutes(api, state);
  settingsRoutes(api, state);
  progressRoutes(api);
  qrRoutes(api, state);

  const app = new Hono<UiEnv>();
  app.onError((e) => errorResponse(e));
  app.notFound(notFound);
  app.use(securityHeaders());
  app.use(loopbackGuard(resolved.port));
  app.use(async (c, next) => {
    const isApi = c.req.path === "/api" || c.req.path.startsWith("/api/");
    if (!isApi && c.req.method !== "GET" && c.req.method !== "HEAD") {
      throw new UiError("ui.method", "pages can only be read");
    }
    await next();
  });
  staticRoutes(app);
  app.route("/api", api);

  const token = launch.value!;
  return {
    app,
    launchToken: token,
    launchUrl: `http://127.0.0.1:${resolved.port}/#token=${token}`,
    close: async () => {
      state.sessions.lockAll();
      await state.temps.close();
    },
  };
}
