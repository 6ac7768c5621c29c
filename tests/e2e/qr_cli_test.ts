import assert from "node:assert/strict";
import { join } from "node:path";
import { encodePng } from "../../adapters/carrier/png/png_encoder.ts";
import { readQrFromRaster } from "../../adapters/qr/qr_reader.ts";
import { qrModules, qrRaster } from "../../adapters/qr/qr_symbol.ts";
import { parsePart } from "../../domain/qr/mod.ts";
import { cliProfile } from "../support/cli_pair.ts";
import { REPO_ROOT } from "../support/paths.ts";
import { runPlico, tempDir } from "../support/run_plico.ts";
import { mountSupport, mountTmpfs } from "../support/mounts.ts";
import { hasTmux, TmuxPane } from "../support/tmux.ts";

const noMounts = await mountSupport();
if (noMounts !== null) console.warn(`qr_cli_test: read-only case skipped: ${noMounts}`);

function requireTool(name: string, pkg: string): void {
  const found = new Deno.Command("sh", { args: ["-c", `command -v ${name}`], stdout: "null" })
    .outputSync().code === 0;
  if (!found) throw new Error(`${name} is missing: apt-get install -y ${pkg}`);
}

/**
 * The part shown by the half-block `lines` of one code (a terminal may have dropped trailing
 * spaces): read back through the same QR reader as an image.
 */
function partOfText(lines: string[]) {
  const width = Math.max(...lines.map((l) => [...l].length));
  const modules: boolean[][] = [];
  for (const line of lines) {
    const chars = [...line.padEnd(width, " ")];
    modules.push(chars.map((c) => c === "\u2588" || c === "\u2580"));
    modules.push(chars.map((c) => c === "\u2588" || c === "\u2584"));
  }
  modules.length = width; // the last text line carries one module row
  const { grey } = qrRaster(modules, 4);
  const side = width * 4;
  return parsePart(
    readQrFromRaster({ width: side, height: side, channels: 1, bitDepth: 8, samples: grey }),
  );
}

/** `bin/plico qr FILE` in a terminal of `columns` × `rows`, as a user starts it. */
function qrPane(file: string, cwd: string, columns: number, rows: number): Promise<TmuxPane> {
  return TmuxPane.start(`${join(REPO_ROOT, "bin", "plico")} qr ${file}`, {
    cwd,
    env: {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: Deno.env.get("HOME") ?? "/nonexistent",
      DENO_DIR: Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`,
    },
    columns,
    rows,
  });
}

function pngsIn(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => join(dir, e.name)).sort();
}

Deno.test("a whole session setup through QR images only: session new → qr → answer → qr → finish", async () => {
  const tmp = tempDir("plico-qr-");
  try {
    const p = (name: string) => join(tmp.path, name);
    const alice = await cliProfile(tmp.path, "alice");
    const bob = await cliProfile(tmp.path, "bob");
    assert.equal(
      (await alice.as(["session", "new", "--label", "Bob", "--out", p("init")])).code,
      0,
    );

    Deno.mkdirSync(p("a-codes"));
    const shown = await runPlico(["qr", p("init"), "--out-dir", p("a-codes"), "--json"]);
    assert.equal(shown.code, 0, shown.stderr);
    const files = JSON.parse(shown.stdout).files as string[];
    assert.deepEqual(files.map((f) => f.slice(p("a-codes").length + 1)), [
      "qr-1-of-4.png",
      "qr-2-of-4.png",
      "qr-3-of-4.png",
      "qr-4-of-4.png",
    ]);
    // Bob's side reads them in another order, one twice.
    const read = await runPlico([
      "qr",
      "--read",
      files[2]!,
      files[0]!,
      files[3]!,
      files[2]!,
      files[1]!,
      "-o",
      p("init-b"),
    ]);
    assert.equal(read.code, 0, read.stderr);
    assert.deepEqual(Deno.readFileSync(p("init-b")), Deno.readFileSync(p("init")));
    assert.match(
      read.stdout,
      /^Read 1\.\d KiB to \S*init-b: a Plico initiator file \(the first file of a session setup\); next: plico session answer .*init-b/,
    );

    const answered = await bob.as([
      "session",
      "answer",
      p("init-b"),
      "--label",
      "Alice",
      "--out",
      p("resp"),
      "--json",
    ]);
    assert.equal(answered.code, 0, answered.stderr);
    Deno.mkdirSync(p("b-codes"));
    assert.equal((await runPlico(["qr", p("resp"), "--out-dir", p("b-codes")])).code, 0);
    const back = await runPlico([
      "qr",
      "--read",
      ...pngsIn(p("b-codes")).reverse(),
      "-o",
      p("resp-a"),
    ]);
    assert.equal(back.code, 0, back.stderr);
    assert.match(back.stdout, /responder file.*next: plico session finish/);
    const finished = await alice.as(["session", "finish", p("resp-a"), "--json"]);
    assert.equal(finished.code, 0, finished.stderr);
    assert.equal(
      JSON.parse(finished.stdout).peerCode ?? JSON.parse(answered.stdout).myCode,
      JSON.parse(answered.stdout).myCode,
    );
  } finally {
    tmp.remove();
  }
});

Deno.test("qr --read takes photos: scaled, rotated, blurred and noisy PNGs still read", async () => {
  requireTool("convert", "imagemagick");
  const tmp = tempDir("plico-qr-");
  try {
    const p = (name: string) => join(tmp.path, name);
    const file = crypto.getRandomValues(new Uint8Array(700));
    Deno.writeFileSync(p("file"), file);
    Deno.mkdirSync(p("codes"));
    assert.equal((await runPlico(["qr", p("file"), "--out-dir", p("codes")])).code, 0);
    const photos = pngsIn(p("codes")).map((png, i) => {
      const photo = p(`photo-${i}.png`);
      const out = new Deno.Command("convert", {
        args: [
          png,
          "-background",
          "#d8d8d0",
          "-rotate",
          i === 0 ? "8" : "-5",
          "-resize",
          "73%",
          "-blur",
          "0x0.8",
          "-attenuate",
          "0.4",
          "+noise",
          "Gaussian",
          "-type",
          "TrueColor",
          photo,
        ],
        stderr: "piped",
      }).outputSync();
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      return photo;
    });
    const read = await runPlico(["qr", "--read", ...photos, "-o", p("back")]);
    assert.equal(read.code, 0, read.stderr);
    assert.deepEqual(Deno.readFileSync(p("back")), file);
  } finally {
    tmp.remove();
  }
});

Deno.test("bad images are refused by name, exit 21, and nothing is written", async () => {
  requireTool("convert", "imagemagick");
  const tmp = tempDir("plico-qr-");
  try {
    const p = (name: string) => join(tmp.path, name);
    Deno.writeFileSync(p("file"), crypto.getRandomValues(new Uint8Array(1000)));
    for (const dir of ["one", "two"]) {
      Deno.mkdirSync(p(dir));
      assert.equal((await runPlico(["qr", p("file"), "--out-dir", p(dir)])).code, 0);
    }
    const [a1, a2, a3] = pngsIn(p("one"));
    const [b1] = pngsIn(p("two"));
    // A QR code of something else: a byte-mode code with other content.
    const { width, height, grey } = qrRaster(
      qrModules(new TextEncoder().encode("https://example.org/")),
      6,
    );
    Deno.writeFileSync(
      p("foreign.png"),
      await encodePng({ width, height, channels: 1, bitDepth: 8, samples: grey }),
    );
    new Deno.Command("convert", { args: [a1!, p("part.jpg")] }).outputSync();
    new Deno.Command("convert", { args: ["-size", "200x200", "xc:white", p("blank.png")] })
      .outputSync();
    Deno.writeTextFileSync(p("text.png"), "not an image\n");

    const cases: [string[], RegExp][] = [
      [[a1!, p("foreign.png")], /foreign\.png: not a Plico QR code/],
      [[a1!, b1!, a2!, a3!], /qr-1-of-3\.png: this QR code belongs to another sequence/],
      [[a1!, a3!], /QR sequence incomplete: part 2 of 3 missing/],
      [[p("part.jpg")], /part\.jpg: a JPEG image: QR codes are read from PNG images only/],
      [[p("blank.png")], /blank\.png: no QR code found in the image/],
      [[p("text.png")], /text\.png: not a PNG image/],
    ];
    for (const [images, message] of cases) {
      const run = await runPlico(["qr", "--read", ...images, "-o", p("out")]);
      assert.equal(run.code, 21, `${images}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.throws(() => Deno.statSync(p("out")), Deno.errors.NotFound);
    }
    // Showing into a directory that already holds a code writes nothing at all.
    Deno.removeSync(pngsIn(p("two"))[0]!);
    const before = pngsIn(p("two"));
    const again = await runPlico(["qr", p("file"), "--out-dir", p("two")]);
    assert.equal(again.code, 3, again.stderr);
    assert.match(again.stderr, /already exists; Plico never overwrites files/);
    assert.deepEqual(pngsIn(p("two")), before);
    // A missing directory is named, and nothing is made.
    const missing = await runPlico(["qr", p("file"), "--out-dir", p("nowhere")]);
    assert.equal(missing.code, 3, missing.stderr);
    assert.match(missing.stderr, /the directory \S*nowhere does not exist; create it first/);
    assert.throws(() => Deno.statSync(p("nowhere")), Deno.errors.NotFound);
    // Too large a file says how to go on.
    Deno.writeFileSync(p("big"), new Uint8Array(12 * 1024 + 1));
    const big = await runPlico(["qr", p("big")]);
    assert.equal(big.code, 21);
    assert.match(
      big.stderr,
      /too large for QR codes: 12289 bytes, at most 12288; move this file another way/,
    );
    // Far too large (past what is read at all) says the same, with the file's real size.
    Deno.writeFileSync(p("huge"), new Uint8Array(100_000));
    const huge = await runPlico(["qr", p("huge")]);
    assert.equal(huge.code, 21, huge.stderr);
    assert.match(huge.stderr, /too large for QR codes: 100000 bytes, at most 12288/);
    // A directory is named as one, with what to give instead.
    const dir = await runPlico(["qr", "--read", p("one"), "-o", p("out")]);
    assert.equal(dir.code, 3, dir.stderr);
    assert.match(
      dir.stderr,
      /one is a directory; give the file itself \(several files: a pattern such as \S*one\/\*\)/,
    );
  } finally {
    tmp.remove();
  }
});

Deno.test("without a terminal every code is printed, and the half blocks read back to the parts", async () => {
  const tmp = tempDir("plico-qr-");
  try {
    const file = crypto.getRandomValues(new Uint8Array(900));
    Deno.writeFileSync(join(tmp.path, "file"), file);
    const run = await runPlico(["qr", join(tmp.path, "file")]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!run.stdout.includes("\x1b"), "no colour codes outside a terminal");
    const blocks = run.stdout.split(/^Code \d of 3\n/m).slice(1);
    assert.equal(blocks.length, 3);
    const slices = blocks.map((block) => {
      const lines = block.replace(/\n+$/, "").split("\n");
      const modules: boolean[][] = [];
      for (const line of lines) {
        const chars = [...line];
        modules.push(chars.map((c) => c === "\u2588" || c === "\u2580"));
        modules.push(chars.map((c) => c === "\u2588" || c === "\u2584"));
      }
      modules.length = modules[0]!.length; // the last text line carries one module row
      const { width, height, grey } = qrRaster(modules, 4);
      return parsePart(
        readQrFromRaster({ width, height, channels: 1, bitDepth: 8, samples: grey }),
      );
    });
    assert.deepEqual(slices.map((s) => s.index), [0, 1, 2]);
    assert.deepEqual(new Uint8Array(slices.flatMap((s) => [...s.slice])), file);
  } finally {
    tmp.remove();
  }
});

Deno.test({
  name:
    "at a terminal the codes come one at a time: Space or Enter for the next, b back, q to stop",
  ignore: !hasTmux(),
  async fn() {
    const tmp = tempDir("plico-qr-");
    const file = join(tmp.path, "file");
    Deno.writeFileSync(file, crypto.getRandomValues(new Uint8Array(700)));
    const pane = await qrPane(file, tmp.path, 100, 50);
    try {
      /** The code under the last heading, once its prompt is shown. */
      const shown = async (heading: string, prompt: RegExp) => {
        const screen = await pane.waitFor((s) => {
          const at = s.lastIndexOf("Code ");
          return at >= 0 && s.slice(at).startsWith(heading) && prompt.test(s.slice(at));
        }, heading);
        const lines = screen.slice(screen.lastIndexOf(heading)).split("\n");
        return partOfText(lines.slice(1, lines.findIndex((l) => prompt.test(l))));
      };
      const next = /Scan it, then Space or Enter: next/;
      const first = await shown("Code 1 of 2", next);
      assert.equal(first.index, 0);
      await pane.type(" ");
      const second = await shown("Code 2 of 2", /Last code\. Space or Enter: done/);
      assert.equal(second.index, 1);
      await pane.type("b"); // one key, no Enter
      assert.equal((await shown("Code 1 of 2", next)).index, 0);
      await pane.keys("Enter");
      assert.equal((await shown("Code 2 of 2", /Last code/)).index, 1);
      await pane.type("q");
      await pane.waitFor((s) => /Stopped at code 2 of 2\./.test(s), "the stop");
    } finally {
      await pane.close();
      tmp.remove();
    }
  },
});

Deno.test({
  name: "qr --out-dir on a read-only volume says so before any code is made",
  ignore: noMounts !== null,
  async fn() {
    const tmp = tempDir("plico-qr-");
    const readOnly = await mountTmpfs(tmp.path, 1024 * 1024, true);
    try {
      const file = join(tmp.path, "file");
      Deno.writeFileSync(file, crypto.getRandomValues(new Uint8Array(1000)));
      const run = await runPlico(["qr", file, "--out-dir", readOnly.dir]);
      assert.equal(run.code, 3, run.stderr);
      assert.match(run.stderr, /the volume is read-only/);
      assert.deepEqual(pngsIn(readOnly.dir), []);
    } finally {
      await readOnly.unmount();
      tmp.remove();
    }
  },
});

Deno.test({
  name: "a terminal too small for the codes is refused with the size it needs",
  ignore: !hasTmux(),
  async fn() {
    const tmp = tempDir("plico-qr-");
    const file = join(tmp.path, "file");
    Deno.writeFileSync(file, crypto.getRandomValues(new Uint8Array(12 * 1024)));
    const pane = await qrPane(file, tmp.path, 80, 24);
    try {
      assert.equal(await pane.exited(), 2);
      const screen = await pane.screen();
      assert.match(screen, /the terminal is 80×24, a code needs 85×46/);
      assert.match(screen, /--out-dir DIR/);
      assert.doesNotMatch(screen, /Code 1 of/);
    } finally {
      await pane.close();
      tmp.remove();
    }
  },
});
