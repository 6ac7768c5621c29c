import assert from "node:assert/strict";
import { join } from "node:path";
import { UI_ERROR_CODES } from "../../../adapters/ui-web/http_errors.ts";
import {
  catalogFor,
  CATALOGS,
  DEFAULT_LANGUAGE,
  LANGUAGES,
  pickLanguage,
} from "../../../adapters/ui-web/message_catalog.ts";
import { PDF_FRAME_HTML, PDFJS_FILES } from "../../../adapters/ui-web/pdf_preview.ts";
import { STATIC_ASSETS } from "../../../adapters/ui-web/static_assets.ts";
import { ERROR_CODES } from "../../../domain/errors.ts";
import { BINDING_KINDS } from "../../../domain/key_wrap.ts";
import { UiClient } from "./ui_client.ts";

const en = CATALOGS[DEFAULT_LANGUAGE]!;
/** Error codes only the page itself produces (no server involved). */
const PAGE_ERROR_CODES = [
  "ui.offline",
  "ui.no_file",
  "ui.compose_too_large",
  "ui.cancelled",
  // The Settings page's own checks (settings_ui.js).
  "settings.idle_range",
  "settings.clipboard_range",
];

function scripts(): string {
  return [...STATIC_ASSETS].filter(([p]) => p.startsWith("/js/")).map(([, a]) => a.body)
    .join("\n");
}

Deno.test("the English catalog has every key the page names", () => {
  const html = STATIC_ASSETS.get("/")!.body;
  const keys = new Set<string>();
  for (const m of html.matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g)) keys.add(m[1]!);
  // Every dotted string literal in the scripts is a catalog key or an error code.
  const codes = new Set<string>([...ERROR_CODES, ...UI_ERROR_CODES, ...PAGE_ERROR_CODES]);
  for (const m of scripts().matchAll(/"([a-z][a-z0-9_]*(?:\.[a-z0-9_-]+)+)"/g)) {
    if (!codes.has(m[1]!)) keys.add(m[1]!);
  }
  assert.ok(keys.size > 150, `found only ${keys.size} keys`);
  for (const key of keys) {
    // A plural message (tn) has one key per Intl.PluralRules category; "other" is always there.
    const found = Object.hasOwn(en, key) || Object.hasOwn(en, `${key}.other`);
    assert.ok(found, `missing catalog key ${key}`);
  }
});

Deno.test("the English catalog words every error code and every value the page looks up", () => {
  for (const code of [...ERROR_CODES, ...UI_ERROR_CODES, ...PAGE_ERROR_CODES]) {
    assert.ok(Object.hasOwn(en, `error.${code}`), `missing error.${code}`);
  }
  const dynamic = [
    ...BINDING_KINDS.map((b) => `binding.${b}`),
    ...["awaiting-answer", "unconfirmed", "active", "refused"].map((s) => `state.${s}`),
    ...["pending", "unconfirmed", "confirmed", "refused"].map((s) => `codestatus.${s}`),
    "role.initiator",
    "role.responder",
  ];
  for (const key of dynamic) assert.ok(Object.hasOwn(en, key), `missing ${key}`);
  for (const [key, text] of Object.entries(en)) {
    assert.equal(typeof text, "string", key);
    assert.ok(text.trim() !== "", `${key} is empty`);
    assert.ok(!/[<>]/.test(text) || key.startsWith("error."), `${key} contains markup`);
  }
});

/** The `{name}` placeholders of a message, sorted. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{([a-zA-Z0-9_]+)\}/g)].map((m) => m[1]!).sort();
}

/** English keys with their plural suffix removed (`key.one`/`key.other` → `key`). */
function pluralBases(): Set<string> {
  const bases = new Set<string>();
  for (const key of Object.keys(en)) if (key.endsWith(".other")) bases.add(key.slice(0, -6));
  return bases;
}

Deno.test("every catalog has exactly the English keys, the same placeholders, and the plural forms its language needs", () => {
  const bases = pluralBases();
  const singular = Object.keys(en).filter((k) => ![...bases].some((b) => k.startsWith(`${b}.`)));
  assert.deepEqual(LANGUAGES.map((l) => l.tag).sort(), Object.keys(CATALOGS).sort());
  for (const { tag } of LANGUAGES) {
    const catalog = CATALOGS[tag]!;
    const categories = new Intl.PluralRules(tag).resolvedOptions().pluralCategories;
    const expected = new Set(singular);
    for (const base of bases) for (const c of categories) expected.add(`${base}.${c}`);
    for (const key of expected) assert.ok(Object.hasOwn(catalog, key), `${tag}: missing ${key}`);
    for (const key of Object.keys(catalog)) {
      assert.ok(expected.has(key), `${tag}: stale or unknown key ${key}`);
      const base = [...bases].find((b) => key.startsWith(`${b}.`));
      const english = en[base === undefined ? key : `${base}.other`]!;
      const text = catalog[key]!;
      assert.equal(typeof text, "string", `${tag}: ${key}`);
      assert.ok(text.trim() !== "", `${tag}: ${key} is empty`);
      // A plural form may leave out {n} (Arabic "one" says the number in words).
      const want = placeholders(english).filter((p) => !(base !== undefined && p === "n"));
      const got = placeholders(text).filter((p) => !(base !== undefined && p === "n"));
      assert.deepEqual(got, want, `${tag}: ${key} has other placeholders than English`);
    }
  }
});

Deno.test("the catalog is chosen in the page or from Accept-Language, with its direction", async () => {
  assert.equal(pickLanguage(null), "en");
  assert.equal(pickLanguage("fr-CH, fr;q=0.9, en;q=0.8"), "fr");
  assert.equal(pickLanguage("xx;q=0, en-GB"), "en");
  assert.equal(pickLanguage("fa-IR, en;q=0.5"), "fa");
  assert.equal(pickLanguage("pt-BR, ru;q=0.7"), "ru");
  assert.deepEqual(catalogFor("xx"), en);
  const c = new UiClient();
  try {
    let res = await c.request("/i18n/catalog.json", { headers: { "accept-language": "ar" } });
    assert.equal(res.headers.get("content-language"), "ar");
    let page = await res.json();
    assert.equal(page.dir, "rtl");
    assert.deepEqual(page.messages, catalogFor("ar"));
    assert.equal(page.languages.length, LANGUAGES.length);
    res = await c.request("/i18n/catalog.json?lang=de", { headers: { "accept-language": "ar" } });
    page = await res.json();
    assert.equal(page.lang, "de");
    assert.equal(page.dir, "ltr");
    res = await c.request("/i18n/catalog.json?lang=../en", {
      headers: { "accept-language": "tr" },
    });
    assert.equal((await res.json()).lang, "tr"); // an unknown choice falls back to the header
  } finally {
    await c.close();
  }
});

Deno.test("every file under static/ is embedded and served (nothing is read from disk at run time)", () => {
  const root = join(import.meta.dirname!, "../../../adapters/ui-web/static");
  const files: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const e of Deno.readDirSync(dir)) {
      if (e.isDirectory) walk(join(dir, e.name), `${prefix}${e.name}/`);
      else files.push(`${prefix}${e.name}`);
    }
  };
  walk(root, "/");
  for (const file of files) {
    if (file.startsWith("/i18n/")) {
      const lang = file.slice("/i18n/".length, -".json".length);
      assert.ok(Object.hasOwn(CATALOGS, lang), `catalog ${file} is not registered`);
      continue;
    }
    if (file.startsWith("/vendor/pdfjs/")) {
      // pdf.js (pdf_preview.ts); its licence travels in the files' own header comment.
      if (file === "/vendor/pdfjs/LICENSE") continue;
      const served = file.replace("/vendor/pdfjs/", "/pdfjs/");
      assert.ok(PDFJS_FILES.some((f) => f.path === served), `${file} is not in PDFJS_FILES`);
      continue;
    }
    if (file === "/pdf/frame.js") {
      assert.ok(PDF_FRAME_HTML.includes(Deno.readTextFileSync(join(root, file))), file);
      continue;
    }
    const path = file === "/index.html" ? "/" : file;
    assert.ok(STATIC_ASSETS.has(path), `${file} is not in STATIC_ASSETS`);
    assert.equal(STATIC_ASSETS.get(path)!.body, Deno.readTextFileSync(join(root, file)));
  }
  // Besides them, only the QR reader of the `qr` package, served as the package has it.
  const vendor = [...STATIC_ASSETS.keys()].filter((p) => p.startsWith("/vendor/")).sort();
  assert.deepEqual(vendor, ["/vendor/qr/decode.js", "/vendor/qr/index.js"]);
  assert.equal(
    STATIC_ASSETS.size,
    files.filter((f) =>
      !f.startsWith("/i18n/") && !f.startsWith("/vendor/pdfjs/") && f !== "/pdf/frame.js"
    ).length + vendor.length,
  );
  // The scripts import only each other, and the QR reader by its absolute path.
  for (const m of scripts().matchAll(/from "([^"]+)"/g)) {
    const path = m[1]!.startsWith("/vendor/") ? m[1]! : `/js/${m[1]!.replace(/^\.\//, "")}`;
    assert.ok(STATIC_ASSETS.has(path), `unknown import ${m[1]}`);
  }
  assert.match(STATIC_ASSETS.get("/vendor/qr/decode.js")!.body, /from '\.\/index\.js'/);
});
