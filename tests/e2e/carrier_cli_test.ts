import assert from "node:assert/strict";
import { join } from "node:path";
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
