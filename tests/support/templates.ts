/**
 * Profiles set up once per test run and copied for each test. Under `deno task test`, which
 * names a scratch directory in `PLICO_TEST_TEMPLATES` (scripts/test_report.ts), the first test
 * that needs a given setup builds it there — with the real program or the real use cases, at the
 * real Argon2id cost — and every later one gets a copy of the files. A whole profile directory
 * copied is the same profile, as a backup restored whole is (DESIGN §3 "Burn registry"); each
 * copy is private to its test. Without the variable (a test file run alone), every call builds
 * its own.
 *
 * @module
 */

import { join } from "node:path";
import { TEMPLATES_ENV } from "../../scripts/test_report.ts";

/** Copies every entry of `from` into `to` (files, and directories below). */
function copyInto(from: string, to: string): void {
  for (const entry of Deno.readDirSync(from)) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory) {
      Deno.mkdirSync(target, { mode: 0o700 });
      copyInto(source, target);
    } else {
      Deno.copyFileSync(source, target);
    }
  }
}

function isDirectory(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

/**
 * Fills the existing directory `root` with what `build` makes in the directory it is given:
 * built once per test run under `key` (atomically: built aside, then renamed into place; when
 * two tests build at once, the first rename wins and the other copy is dropped), then copied.
 * Without a templates directory, `build` runs in `root` itself.
 */
export async function fromTemplate(
  key: string,
  root: string,
  build: (into: string) => Promise<void>,
): Promise<void> {
  if (!/^[A-Za-z0-9_.-]+$/.test(key)) throw new Error(`bad template key ${key}`);
  const templates = Deno.env.get(TEMPLATES_ENV);
  if (!templates) return await build(root);
  const ready = join(templates, key);
  if (!isDirectory(ready)) {
    const work = Deno.makeTempDirSync({ dir: templates, prefix: `.${key}-` });
    await build(work);
    try {
      Deno.renameSync(work, ready);
    } catch (e) {
      Deno.removeSync(work, { recursive: true });
      if (!isDirectory(ready)) throw e;
    }
  }
  copyInto(ready, root);
}
