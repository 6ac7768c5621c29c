// The page's words come only from the message catalog (/i18n/catalog.json: the language chosen
// in the page, else the server's pick from Accept-Language; completed with English). Markup
// names keys with data-i18n (text), data-i18n-placeholder, data-i18n-aria-label and
// data-i18n-title; scripts call t() and tn() (plurals through Intl.PluralRules). Placeholders
// are {name}; values are inserted as text, never as markup. The document's lang and dir follow
// the catalog, so Arabic and Persian lay out right to left.

let catalog = {};
let languages = [];

/** Where the page remembers the chosen language: this tab only, until it is closed. */
const LANGUAGE_KEY = "language";

function remembered() {
  try {
    return sessionStorage.getItem(LANGUAGE_KEY);
  } catch {
    return null;
  }
}

/** Loads the catalog for `lang` (default: the remembered choice, else the browser's). */
export async function loadCatalog(lang = remembered()) {
  const query = lang ? `?lang=${encodeURIComponent(lang)}` : "";
  const response = await fetch(`/i18n/catalog.json${query}`, { credentials: "same-origin" });
  if (!response.ok) throw new Error("message catalog unavailable");
  const page = await response.json();
  catalog = page.messages;
  languages = page.languages;
  document.documentElement.lang = page.lang;
  document.documentElement.dir = page.dir;
}

/** The languages the page offers: [{ tag, name, dir }]. */
export function offeredLanguages() {
  return languages;
}

/**
 * Switches to `lang` (null: the browser's choice again), remembers it for this tab, and rewords
 * the whole document.
 */
export async function switchLanguage(lang) {
  await loadCatalog(lang);
  try {
    if (lang === null) sessionStorage.removeItem(LANGUAGE_KEY);
    else sessionStorage.setItem(LANGUAGE_KEY, lang);
  } catch {
    // storage refused: the choice lasts until the page is reloaded
  }
  applyCatalog(document);
}

/** The message for `key` with `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const text = Object.hasOwn(catalog, key) ? catalog[key] : key;
  return text.replace(
    /\{([a-zA-Z0-9_]+)\}/g,
    (whole, name) => Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  );
}

/**
 * The plural form of `key` for the number `n` (`key.one`, `key.other`, … as
 * `Intl.PluralRules` names them for the page's language), with `{n}` formatted by `Intl`.
 */
export function tn(key, n, vars = {}) {
  const form = new Intl.PluralRules(language()).select(n);
  const chosen = has(`${key}.${form}`) ? `${key}.${form}` : `${key}.other`;
  return t(chosen, { ...vars, n: new Intl.NumberFormat(language()).format(n) });
}

/** The page's language tag (the catalog's). */
export function language() {
  return document.documentElement.lang || "en";
}

/** True when the catalog has `key`. */
export function has(key) {
  return Object.hasOwn(catalog, key);
}

/** Fills every data-i18n* attribute under `root`. */
export function applyCatalog(root) {
  for (const node of root.querySelectorAll("[data-i18n]")) {
    node.textContent = t(node.dataset.i18n);
  }
  for (const node of root.querySelectorAll("[data-i18n-placeholder]")) {
    node.setAttribute("placeholder", t(node.dataset.i18nPlaceholder));
  }
  for (const node of root.querySelectorAll("[data-i18n-aria-label]")) {
    node.setAttribute("aria-label", t(node.dataset.i18nAriaLabel));
  }
  for (const node of root.querySelectorAll("[data-i18n-title]")) {
    node.setAttribute("title", t(node.dataset.i18nTitle));
  }
}
