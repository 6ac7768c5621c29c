import assert from "node:assert/strict";
import { join } from "node:path";
import { cliPair } from "../support/cli_pair.ts";
import { runPlico, tempDir } from "../support/run_plico.ts";

function requireTool(name: string, pkg: string): void {
  const found = new Deno.Command("sh", { args: ["-c", `command -v ${name}`], stdout: "null" })
    .outputSync().code === 0;
  if (!found) throw new Error(`${name} is missing: apt-get install -y ${pkg}`);
}

function run(cmd: string, args: string[]): void {
  const out = new Deno.Command(cmd, { args, stdout: "null", stderr: "piped" }).outputSync();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
}

Deno.test("carrier embed → extract through the CLI, with a generated and with an ImageMagick cover", async () => {
  requireTool("convert", "imagemagick");
  const tmp = tempDir();
  try {
    const envelope = join(tmp.path, "msg.plico");
    const bytes = crypto.getRandomValues(new Uint8Array(20_000));
    Deno.writeFileSync(envelope, bytes);

    const generated = join(tmp.path, "generated.png");
    const embed = await runPlico(["carrier", "embed", envelope, "--out", generated]);
    assert.equal(embed.code, 0, embed.stderr);
    const back = join(tmp.path, "back.plico");
    const extract = await runPlico(["carrier", "extract", generated, "--out", back]);
    assert.equal(extract.code, 0, extract.stderr);
    assert.deepEqual(Deno.readFileSync(back), bytes);

    const cover = join(tmp.path, "cover.png");
    run("convert", ["-size", "300x200", "plasma:fractal", "-depth", "16", cover]);
    const coverBefore = Deno.readFileSync(cover);
    const cap = await runPlico(["carrier", "capacity", cover, "--json"]);
    assert.equal(cap.code, 0, cap.stderr);
    assert.ok(JSON.parse(cap.stdout).capacityBytes >= 20_000);
    const carrier = join(tmp.path, "carrier.png");
    const keyFile = join(tmp.path, "shared.key");
    Deno.writeTextFileSync(keyFile, "a secret both of us have");
    assert.equal(
      (await runPlico([
        "carrier",
        "embed",
        envelope,
        "--cover",
        cover,
        "--out",
        carrier,
        "--key-file",
        keyFile,
      ])).code,
      0,
    );
    assert.deepEqual(Deno.readFileSync(cover), coverBefore, "the cover is never modified");
    // A lossless re-encode by another tool keeps the data.
    const reencoded = join(tmp.path, "reencoded.png");
    run("convert", [carrier, reencoded]);
    const out2 = join(tmp.path, "back2.plico");
    assert.equal(
      (await runPlico(["carrier", "extract", reencoded, "--out", out2, "--key-file", keyFile]))
        .code,
      0,
    );
    assert.deepEqual(Deno.readFileSync(out2), bytes);
    // Without the shared key there is nothing to find.
    const noKey = await runPlico(["carrier", "extract", reencoded, "--out", join(tmp.path, "x")]);
    assert.equal(noKey.code, 19);
    assert.match(noKey.stderr, /no Plico data/i);
  } finally {
    tmp.remove();
  }
});

Deno.test("carrier errors are clear and leave no output behind", async () => {
  requireTool("convert", "imagemagick");
  const tmp = tempDir();
  try {
    const envelope = join(tmp.path, "msg.plico");
    Deno.writeFileSync(envelope, crypto.getRandomValues(new Uint8Array(50_000)));
    const small = join(tmp.path, "small.png");
    run("convert", ["-size", "40x30", "gradient:red-blue", small]);
    const jpeg = join(tmp.path, "photo.jpg");
    run("convert", ["-size", "64x64", "plasma:", jpeg]);
    const notPng = join(tmp.path, "notes.txt");
    Deno.writeTextFileSync(notPng, "just text");

    const cases: [string[], RegExp][] = [
      [["carrier", "embed", envelope, "--cover", small], /too small|can hold/i],
      [["carrier", "embed", envelope, "--cover", jpeg], /lossy|JPEG/i],
      [["carrier", "embed", envelope, "--cover", notPng], /not a PNG/i],
      [["carrier", "extract", small], /no Plico data/i],
    ];
    for (const [args, message] of cases) {
      const out = join(tmp.path, "out.bin");
      const r = await runPlico([...args, "--out", out]);
      assert.equal(r.code, 19, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.throws(() => Deno.statSync(out), `${args.join(" ")} left an output file`);
    }
    const leftovers = [...Deno.readDirSync(tmp.path)].map((e) => e.name).filter((n) =>
      n.includes("partial")
    );
    assert.deepEqual(leftovers, []);
    const exists = await runPlico(["carrier", "embed", envelope, "--out", small]);
    assert.equal(exists.code, 3);
  } finally {
    tmp.remove();
  }
});

Deno.test("a real envelope survives embed → extract → open for each kind of cover", async () => {
  requireTool("convert", "imagemagick");
  const tmp = tempDir();
  try {
    const { alice, bob } = await cliPair(tmp.path);
    const covers: Record<string, string[]> = {
      "grey8": ["-size", "400x300", "gradient:", "-colorspace", "Gray", "-depth", "8"],
      "grey16": ["-size", "400x300", "gradient:", "-colorspace", "Gray", "-depth", "16"],
      "rgb8": ["-size", "400x300", "plasma:fractal", "-depth", "8"],
      "rgba16": ["-size", "400x300", "plasma:fractal", "-alpha", "set", "-depth", "16"],
      "palette": ["-size", "400x300", "plasma:fractal", "-colors", "200", "PNG8:"],
    };
    for (const [kind, args] of Object.entries(covers)) {
      const cover = join(tmp.path, `${kind}.png`);
      const last = args[args.length - 1]!;
      if (last.endsWith(":")) run("convert", [...args.slice(0, -1), `${last}${cover}`]);
      else run("convert", [...args, cover]);
      const env = join(tmp.path, `${kind}.plico`);
      const sealed = await alice.as(["seal", "--to", "Bob", "--out", env], {
        stdin: `via ${kind}`,
      });
      assert.equal(sealed.code, 0, sealed.stderr);
      const carrier = join(tmp.path, `${kind}-carrier.png`);
      const embed = await runPlico(["carrier", "embed", env, "--cover", cover, "--out", carrier]);
      assert.equal(embed.code, 0, `${kind}: ${embed.stderr}`);
      const back = join(tmp.path, `${kind}-back.plico`);
      assert.equal((await runPlico(["carrier", "extract", carrier, "--out", back])).code, 0);
      const opened = await bob.as(["open", back, "--out-dir", tmp.path]);
      assert.equal(opened.code, 0, `${kind}: ${opened.stderr}`);
      assert.match(opened.stdout, new RegExp(`via ${kind}`));
    }
  } finally {
    tmp.remove();
  }
});
