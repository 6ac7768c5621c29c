/**
 * The page and its files, embedded in the program: every file under `static/` is a static text
 * import, so `deno compile` puts it in the binary and the server never reads the file system to
 * serve the UI. Only the paths listed here exist; anything else is a 404.
 *
 * @module
 */

import indexHtml from "./static/index.html" with { type: "text" };
import appCss from "./static/app.css" with { type: "text" };
import favicon from "./static/favicon.svg" with { type: "text" };
import apiJs from "./static/js/api.js" with { type: "text" };
import appJs from "./static/js/app.js" with { type: "text" };
import clipboardJs from "./static/js/clipboard.js" with { type: "text" };
import composeUiJs from "./static/js/compose_ui.js" with { type: "text" };
import confirmUiJs from "./static/js/confirm_ui.js" with { type: "text" };
import domJs from "./static/js/dom.js" with { type: "text" };
import envelopeUiJs from "./static/js/envelope_ui.js" with { type: "text" };
import filesJs from "./static/js/files.js" with { type: "text" };
import formatJs from "./static/js/format.js" with { type: "text" };
import i18nJs from "./static/js/i18n.js" with { type: "text" };
import idleJs from "./static/js/idle.js" with { type: "text" };
import noticesJs from "./static/js/notices.js" with { type: "text" };
import profileUiJs from "./static/js/profile_ui.js" with { type: "text" };
import progressJs from "./static/js/progress.js" with { type: "text" };
import qrUiJs from "./static/js/qr_ui.js" with { type: "text" };
import qrScanJs from "./static/js/qr_scan.js" with { type: "text" };
// The QR reader runs in the page, so camera frames never leave it: the \`qr\` package's own
// decoder and the tables it imports from the encoder, served as they are.
import qrDecodeJs from "qr/decode.js" with { type: "text" };
import qrIndexJs from "qr" with { type: "text" };
import sessionsUiJs from "./static/js/sessions_ui.js" with { type: "text" };
import settingsUiJs from "./static/js/settings_ui.js" with { type: "text" };
import viewsJs from "./static/js/views.js" with { type: "text" };

/** A file the UI serves. */
export interface StaticAsset {
  readonly body: string;
  readonly type: string;
}

const JS = "text/javascript; charset=utf-8";

/** Every static file, by URL path. */
export const STATIC_ASSETS: ReadonlyMap<string, StaticAsset> = new Map([
  ["/", { body: indexHtml, type: "text/html; charset=utf-8" }],
  ["/app.css", { body: appCss, type: "text/css; charset=utf-8" }],
  ["/favicon.svg", { body: favicon, type: "image/svg+xml" }],
  ["/js/api.js", { body: apiJs, type: JS }],
  ["/js/app.js", { body: appJs, type: JS }],
  ["/js/clipboard.js", { body: clipboardJs, type: JS }],
  ["/js/compose_ui.js", { body: composeUiJs, type: JS }],
  ["/js/confirm_ui.js", { body: confirmUiJs, type: JS }],
  ["/js/dom.js", { body: domJs, type: JS }],
  ["/js/envelope_ui.js", { body: envelopeUiJs, type: JS }],
  ["/js/files.js", { body: filesJs, type: JS }],
  ["/js/format.js", { body: formatJs, type: JS }],
  ["/js/i18n.js", { body: i18nJs, type: JS }],
  ["/js/idle.js", { body: idleJs, type: JS }],
  ["/js/notices.js", { body: noticesJs, type: JS }],
  ["/js/profile_ui.js", { body: profileUiJs, type: JS }],
  ["/js/qr_ui.js", { body: qrUiJs, type: JS }],
  ["/js/qr_scan.js", { body: qrScanJs, type: JS }],
  ["/vendor/qr/decode.js", { body: qrDecodeJs, type: JS }],
  ["/vendor/qr/index.js", { body: qrIndexJs, type: JS }],
  ["/js/progress.js", { body: progressJs, type: JS }],
  ["/js/settings_ui.js", { body: settingsUiJs, type: JS }],
  ["/js/sessions_ui.js", { body: sessionsUiJs, type: JS }],
  ["/js/views.js", { body: viewsJs, type: JS }],
]);
