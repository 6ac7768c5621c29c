/**
 * The UI's message catalogs: every word the page shows, per language, as JSON files under
 * `static/i18n/` (embedded like the other static files). Every catalog has exactly the English
 * keys — a test fails on a missing or a stale key, and on a placeholder that differs — with
 * plural messages (`key.one`, `key.other`, …) in exactly the categories `Intl.PluralRules` uses
 * for that language. English still fills any gap at run time, so a mistake shows English words,
 * never a key. To add a language: add its file and one entry to `LANGUAGES`.
 *
 * @module
 */

import ar from "./static/i18n/ar.json" with { type: "json" };
import de from "./static/i18n/de.json" with { type: "json" };
import en from "./static/i18n/en.json" with { type: "json" };
import es from "./static/i18n/es.json" with { type: "json" };
import fa from "./static/i18n/fa.json" with { type: "json" };
import fr from "./static/i18n/fr.json" with { type: "json" };
import ru from "./static/i18n/ru.json" with { type: "json" };
import tr from "./static/i18n/tr.json" with { type: "json" };

/** A language the page offers: its tag, its own name for itself, and its writing direction. */
export interface UiLanguage {
  readonly tag: string;
  readonly name: string;
  readonly dir: "ltr" | "rtl";
}

/** The languages offered, in the order of the page's language menu. */
export const LANGUAGES: readonly UiLanguage[] = [
  { tag: "en", name: "English", dir: "ltr" },
  { tag: "de", name: "Deutsch", dir: "ltr" },
  { tag: "fr", name: "Français", dir: "ltr" },
  { tag: "es", name: "Español", dir: "ltr" },
  { tag: "tr", name: "Türkçe", dir: "ltr" },
  { tag: "ru", name: "Русский", dir: "ltr" },
  { tag: "ar", name: "العربية", dir: "rtl" },
  { tag: "fa", name: "فارسی", dir: "rtl" },
];

/** Catalogs by language tag (lower case, primary subtag). */
export const CATALOGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  en,
  de,
  fr,
  es,
  tr,
  ru,
  ar,
  fa,
};

/** The fallback language, which must have every key. */
export const DEFAULT_LANGUAGE = "en";

/** True when `tag` names a catalog. */
export function isLanguage(tag: string | null | undefined): tag is string {
  return typeof tag === "string" && Object.hasOwn(CATALOGS, tag);
}

/** The first language of `acceptLanguage` (an Accept-Language header) that has a catalog. */
export function pickLanguage(acceptLanguage: string | null): string {
  if (acceptLanguage === null) return DEFAULT_LANGUAGE;
  const ranked = acceptLanguage.split(",").map((part, index) => {
    const [tag = "", ...params] = part.trim().split(";");
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    return {
      lang: tag.trim().toLowerCase().split("-")[0]!,
      q: q === undefined ? 1 : Number(q),
      index,
    };
  }).filter((r) => r.q > 0).sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.find((r) => Object.hasOwn(CATALOGS, r.lang))?.lang ?? DEFAULT_LANGUAGE;
}

/** The catalog for `lang`, completed with the default language's messages. */
export function catalogFor(lang: string): Record<string, string> {
  return { ...CATALOGS[DEFAULT_LANGUAGE], ...(CATALOGS[lang] ?? {}) };
}

/** What the page loads: its language, direction, the menu of languages and the messages. */
export function pageCatalog(lang: string): {
  lang: string;
  dir: "ltr" | "rtl";
  languages: readonly UiLanguage[];
  messages: Record<string, string>;
} {
  const chosen = LANGUAGES.find((l) => l.tag === lang) ?? LANGUAGES[0]!;
  return {
    lang: chosen.tag,
    dir: chosen.dir,
    languages: LANGUAGES,
    messages: catalogFor(chosen.tag),
  };
}
