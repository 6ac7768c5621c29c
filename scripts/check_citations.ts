/**
 * Citation check (PROTOCOL.md "Citations"): every `NAME §N` in the code and the docs names a
 * page from the index table in `docs/PROTOCOL.md` and a numbered section that page has, also
 * in lists and ranges (`PROTOCOL-handshake §3, §4 and §7`). A `§N` after a file path or a page
 * name in another form (`docs/x.md §2`, `Carrier §3`) is refused; outside standards (`RFC 7748
 * §5`, `PNG spec §5.3`) and a bare `§N` (the page the comment is about) are left alone. Run as a
 * script it prints each problem and exits 1; the test suite calls `checkCitations` directly.
 *
 * @module
 */

import { join, relative, resolve } from "node:path";

/** One citation that points nowhere or is written in another form. */
export interface CitationProblem {
  readonly file: string;
  readonly line: number;
  readonly what: string;
}

/** Where the index lives, relative to the repository root. */
export const CITATION_INDEX = "docs/PROTOCOL.md";

/** Outside standards cited by their own numbering; not pages of ours. */
const EXTERNAL = new Set(["PNG", "spec", "RFC", "FIPS", "PURBs", "WebCrypto"]);

/** Folders and files scanned, relative to the root; vectors are data. */
const SCANNED = [
  "domain",
  "application",
  "adapters",
  "scripts",
  "tests",
  "docs",
  "main.ts",
  "README.md",
];
const SKIPPED = new Set([
  "tests/vectors",
  // Third-party code as published (minified lines of a megabyte): not ours to cite from.
  "adapters/ui-web/static/vendor",
  // This check and its test quote wrong citations on purpose.
  "scripts/check_citations.ts",
  "tests/scripts/check_citations_test.ts",
]);
const EXTENSIONS = /\.(ts|js|mjs|html|css|md)$/;

const SECTION = String.raw`§\s?(\d+(?:\.\d+)*)`;
const CITATION_RE = new RegExp(
  String.raw`(\S*?)\s?` + SECTION + String.raw`((?:\s*(?:,|and|or|–|-|to)\s*§\s?\d+(?:\.\d+)*)*)`,
  "gu",
);
const MORE_RE = new RegExp(SECTION, "gu");

/** The name → page table of the index: `| \`NAME\` | [file](path) … |` or `this page`. */
export function readCitationIndex(root: string): Map<string, string> {
  const index = new Map<string, string>();
  const text = Deno.readTextFileSync(join(root, CITATION_INDEX));
  for (const m of text.matchAll(/^\| `([A-Za-z-]+)` \| (?:\[[^\]]*\]\(([^)]+)\)|this page)/gm)) {
    index.set(m[1]!, m[2] === undefined ? CITATION_INDEX : join("docs", m[2]));
  }
  return index;
}

/** The section numbers a page has: its numbered headings, and for the index page its table. */
function sectionsOf(root: string, page: string): Set<string> {
  const sections = new Set<string>();
  const text = Deno.readTextFileSync(join(root, page));
  for (const m of text.matchAll(/^#{1,6} (\d+(?:\.\d+)*)\.?\s/gm)) sections.add(m[1]!);
  if (page === CITATION_INDEX) {
    for (const m of text.matchAll(/^\| (\d+(?:\.\d+)*) \|/gm)) sections.add(m[1]!);
  }
  return sections;
}

function* walk(root: string, rel: string): Generator<string> {
  if (SKIPPED.has(rel)) return;
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(join(root, rel));
  } catch {
    return;
  }
  if (info.isFile) {
    if (EXTENSIONS.test(rel)) yield rel;
    return;
  }
  for (const entry of Deno.readDirSync(join(root, rel))) yield* walk(root, `${rel}/${entry.name}`);
}

/** Returns every problem under `root` (the repository root). */
export function checkCitations(root: string): CitationProblem[] {
  const index = readCitationIndex(root);
  const sections = new Map<string, Set<string>>();
  const sectionsFor = (page: string) => {
    let s = sections.get(page);
    if (s === undefined) {
      s = sectionsOf(root, page);
      sections.set(page, s);
    }
    return s;
  };
  // "carrier §3" is a page name cut short, not a bare reference.
  const pageWords = new Set([...index.keys()].map((n) => n.split("-").at(-1)!.toLowerCase()));
  const problems: CitationProblem[] = [];
  for (const start of SCANNED) {
    for (const file of walk(root, start)) {
      const lines = Deno.readTextFileSync(join(root, file)).split("\n");
      lines.forEach((text, i) => {
        for (const m of text.matchAll(CITATION_RE)) {
          const word = m[1]!.replace(/^[^\p{L}\p{N}/._-]+|[^\p{L}\p{N}]+$/gu, "");
          const add = (what: string) => problems.push({ file, line: i + 1, what });
          const page = index.get(word);
          if (page !== undefined) {
            const have = sectionsFor(page);
            const numbers = [m[2]!, ...[...m[3]!.matchAll(MORE_RE)].map((n) => n[1]!)];
            for (const n of numbers) {
              if (!have.has(n)) add(`${word} §${n}: ${page} has no section ${n}`);
            }
          } else if (EXTERNAL.has(word)) {
            continue;
          } else if (
            /[\p{L}\p{N}]/u.test(word) &&
            (/^[\p{Lu}\/.]|\.md$|\//u.test(word) || pageWords.has(word.toLowerCase()))
          ) {
            add(`"${word} §${m[2]}": cite as NAME §N with a name from ${CITATION_INDEX}`);
          }
        }
      });
    }
  }
  return problems;
}

if (import.meta.main) {
  const root = resolve(Deno.args[0] ?? ".");
  const found = checkCitations(root);
  for (const p of found) console.error(`${relative(".", join(root, p.file))}:${p.line}: ${p.what}`);
  if (found.length > 0) {
    console.error(`citation check: ${found.length} problem(s)`);
    Deno.exit(1);
  }
  console.log("citation check: ok");
}
