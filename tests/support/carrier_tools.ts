/**
 * External image tools for the carrier tests: ImageMagick's `convert`, `optipng` and Python's
 * PIL. A missing tool fails the test with the Debian package to install — never a silent skip.
 *
 * @module
 */

const APT_HINT: Record<string, string> = {
  convert: "imagemagick",
  optipng: "optipng",
  python3: "python3-pil",
};

/** Result of running a tool. */
export interface ToolOutput {
  readonly stdout: Uint8Array;
  readonly stderr: string;
}

async function run(program: string, args: string[], stdin?: Uint8Array): Promise<ToolOutput> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(program, {
      args,
      stdin: stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw missing(program);
    throw e;
  }
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(stdin);
    await writer.close();
  }
  const out = await child.output();
  const stderr = new TextDecoder().decode(out.stderr);
  if (!out.success) {
    throw new Error(`${program} ${args.join(" ")} failed (exit ${out.code}): ${stderr}`);
  }
  return { stdout: out.stdout, stderr };
}

function missing(program: string): Error {
  const base = program.split("/").pop()!;
  return new Error(
    `${base} is required by the carrier tests: apt-get install -y ${APT_HINT[base] ?? base}`,
  );
}

let imageMagickChecked = false;

/**
 * Runs ImageMagick's `convert`. Checks once that `convert` really is ImageMagick (a stand-in
 * script of the same name exists on some machines).
 */
export async function convert(...args: string[]): Promise<Uint8Array> {
  if (!imageMagickChecked) {
    const version = new TextDecoder().decode((await run("convert", ["-version"])).stdout);
    if (!version.includes("ImageMagick")) throw missing("convert");
    imageMagickChecked = true;
  }
  return (await run("convert", args)).stdout;
}

/** Runs `optipng` with `args`. */
export async function optipng(...args: string[]): Promise<void> {
  await run("optipng", args);
}

let python: string | null = null;

/** Runs a Python 3 script that may import PIL; returns its standard output. */
export async function pythonPil(script: string, ...args: string[]): Promise<Uint8Array> {
  if (python === null) {
    // Debian's python3-pil belongs to /usr/bin/python3; a python3 earlier on PATH may lack it.
    for (const candidate of ["/usr/bin/python3", "python3"]) {
      try {
        await run(candidate, ["-c", "import PIL.Image"]);
        python = candidate;
        break;
      } catch {
        // try the next one
      }
    }
    if (python === null) throw missing("python3");
  }
  return (await run(python, ["-c", script, ...args])).stdout;
}

/** A fresh temporary directory, removed by the returned function. */
export async function tempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await Deno.makeTempDir({ prefix: "plico-carrier-" });
  return { path, remove: () => Deno.remove(path, { recursive: true }) };
}
