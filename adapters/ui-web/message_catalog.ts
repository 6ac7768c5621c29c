/**
 * The UI's message catalogs: every word the page shows, per language, as JSON files under
 * `static/i18n/` (embedded like the other static files). English is complete; a translation
 * may cover only part of the keys, and English fills the rest. To add a language, add its
 * file and one line to `CATALOGS` — no other code changes.
 *
 * @module
 */

import en from "./static/i18n/en.json" with { type: "json" };

/** Catalogs by language tag (lower case, primary subtag). */
export const CATALOGS: Readonly<Record<string, Readonly<Record<string, string>>>> = { en };

/** The fallback language, which must have every key. */
export const DEFAULT_LANGUAGE = "en";

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
