import assert from "node:assert/strict";
import { join } from "node:path";
import { UI_ERROR_CODES } from "../../../adapters/ui-web/http_errors.ts";
import {
  catalogFor,
  CATALOGS,
  DEFAULT_LANGUAGE,
  pickLanguage,
} from "../../../adapters/ui-web/message_catalog.ts";
import { STATIC_ASSETS } from "../../../adapters/ui-web/static_assets.ts";
import { ERROR_CODES } from "../../../domain/errors.ts";
import { BINDING_KINDS } from "../../../domain/key_wrap.ts";
import { UiClient } from "./ui_client.ts";

const en = CATALOGS[DEFAULT_LANGUAGE]!;
/** Error codes only the page itself produces (no server involved). */
const PAGE_ERROR_CODES = ["ui.offline", "ui.no_file", "ui.compose_too_large"];

function scripts(): string {
  return [...STATIC_ASSETS].filter(([p]) => p.endsWith(".js")).map(([, a]) => a.body).join("\n");
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

Deno.test("the catalog is chosen from Accept-Language and completed with English", async () => {
  assert.equal(pickLanguage(null), "en");
  assert.equal(pickLanguage("fr-CH, fr;q=0.9, en;q=0.8"), "en");
  assert.equal(pickLanguage("xx;q=0, en-GB"), "en");
  assert.deepEqual(catalogFor("fr"), en);
  const c = new UiClient();
  try {
    const res = await c.request("/i18n/catalog.json", { headers: { "accept-language": "de" } });
    assert.equal(res.headers.get("content-language"), "en");
    assert.deepEqual(await res.json(), en);
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
    const path = file === "/index.html" ? "/" : file;
    assert.ok(STATIC_ASSETS.has(path), `${file} is not in STATIC_ASSETS`);
    assert.equal(STATIC_ASSETS.get(path)!.body, Deno.readTextFileSync(join(root, file)));
  }
  assert.equal(STATIC_ASSETS.size, files.filter((f) => !f.startsWith("/i18n/")).length);
  // The scripts import only each other.
  for (const m of scripts().matchAll(/from "([^"]+)"/g)) {
    assert.ok(STATIC_ASSETS.has(`/js/${m[1]!.replace(/^\.\//, "")}`), `unknown import ${m[1]}`);
  }
});
