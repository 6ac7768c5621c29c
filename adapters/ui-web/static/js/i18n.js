// The page's words come only from the message catalog (/i18n/catalog.json, chosen by the
// server from Accept-Language and completed with English). Markup names keys with
// data-i18n (text), data-i18n-placeholder, data-i18n-aria-label and data-i18n-title; scripts
// call t(). Placeholders are {name}; values are inserted as text, never as markup.

let catalog = {};

/** Loads the catalog; must finish before anything is shown. */
export async function loadCatalog() {
  const response = await fetch("/i18n/catalog.json", { credentials: "same-origin" });
  if (!response.ok) throw new Error("message catalog unavailable");
  catalog = await response.json();
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
