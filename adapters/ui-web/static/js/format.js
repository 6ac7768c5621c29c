// Values worded for people in the page's language: dates through Intl.DateTimeFormat, and
// identity keys as a short fingerprint with the full value on demand.

import { el } from "./dom.js";
import { language, t } from "./i18n.js";

/** An ISO time as a date and time in the page's language ("—" when absent). */
export function dateText(iso) {
  if (iso === null || iso === undefined) return t("session.none");
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Intl.DateTimeFormat(language(), { dateStyle: "medium", timeStyle: "short" })
    .format(new Date(ms));
}

/** An ISO time as a date only. */
export function dayText(iso) {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Intl.DateTimeFormat(language(), { dateStyle: "medium" }).format(new Date(ms));
}

/** A duration in whole seconds as m:ss, with the page language's digits ("0:59", "٠:٥٩"). */
export function clockText(totalSeconds) {
  const lang = language();
  const minutes = new Intl.NumberFormat(lang).format(Math.floor(totalSeconds / 60));
  const seconds = new Intl.NumberFormat(lang, { minimumIntegerDigits: 2 })
    .format(totalSeconds % 60);
  return `${minutes}:${seconds}`;
}

/** Hex characters of the short fingerprint (64 bits: enough to tell identities apart by eye). */
const FINGERPRINT_CHARS = 16;

/**
 * A hex identity key as its short fingerprint ("3f9a c021 77be 0d14") and a disclosure with
 * the full value, so it can still be compared or copied in full.
 */
export function identityNode(hex) {
  if (typeof hex !== "string" || hex === "") return document.createTextNode(t("session.none"));
  const short = hex.slice(0, FINGERPRINT_CHARS).replace(/(.{4})(?=.)/g, "$1 ");
  const full = el("details", { className: "identity" }, [
    el("summary", {}, [
      el("span", { text: short, className: "mono", attrs: { translate: "no" } }),
      el("span", { text: ` ${t("identity.show_full")}`, className: "muted" }),
    ]),
    el("code", { text: hex, attrs: { translate: "no" } }),
  ]);
  return full;
}
