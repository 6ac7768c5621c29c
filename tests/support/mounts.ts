/**
 * Real file systems for failure tests (docs/RELIABILITY.md): a small tmpfs (a full disk), a
 * read-only tmpfs, and an exFAT image mounted through FUSE (a USB stick: no hard links). They
 * need root and the tools from docs/RELIABILITY.md; `mountSupport()` says why when they are not
 * available, so a test can skip with that reason instead of failing.
 *
 * @module
 */

import { join } from "node:path";

async function run(cmd: string, args: string[]): Promise<{ ok: boolean; err: string }> {
  try {
    const out = await new Deno.Command(cmd, { args, stdout: "null", stderr: "piped" }).output();
    return { ok: out.success, err: new TextDecoder().decode(out.stderr).trim() };
  } catch (e) {
    return { ok: false, err: (e as Error).message };
  }
}

/** A mounted file system; `unmount()` undoes everything (idempotent). */
export interface Mounted {
  readonly dir: string;
  unmount(): Promise<void>;
}

/** Mounts a tmpfs of `bytes` at a new directory under `root`; read-only when asked. */
export async function mountTmpfs(root: string, bytes: number, readOnly = false): Promise<Mounted> {
  const dir = Deno.makeTempDirSync({ dir: root, prefix: "tmpfs-" });
  const m = await run("mount", ["-t", "tmpfs", "-o", `size=${bytes},mode=0755`, "tmpfs", dir]);
  if (!m.ok) throw new Error(`mount tmpfs: ${m.err}`);
  if (readOnly) {
    const r = await run("mount", ["-o", "remount,ro", dir]);
    if (!r.ok) {
      await run("umount", [dir]);
      throw new Error(`remount ro: ${r.err}`);
    }
  }
  let done = false;
  return {
    dir,
    async unmount() {
      if (done) return;
      done = true;
      await run("umount", ["-l", dir]);
    },
  };
}

/** Mounts a fresh exFAT image of `bytes` (FUSE, as on a USB stick) under `root`. */
export async function mountExfat(root: string, bytes = 64 * 1024 * 1024): Promise<Mounted> {
  const image = join(root, `exfat-${crypto.randomUUID()}.img`);
  const dir = Deno.makeTempDirSync({ dir: root, prefix: "exfat-" });
  const f = Deno.openSync(image, { write: true, create: true });
  f.truncateSync(bytes);
  f.close();
  const mk = await run("mkfs.exfat", [image]);
  if (!mk.ok) throw new Error(`mkfs.exfat: ${mk.err}`);
  const lo = await new Deno.Command("losetup", { args: ["-f", "--show", image], stdout: "piped" })
    .output();
  const device = new TextDecoder().decode(lo.stdout).trim();
  if (!lo.success || !device) throw new Error("losetup failed");
  const m = await run("mount.exfat-fuse", [device, dir]);
  if (!m.ok) {
    await run("losetup", ["-d", device]);
    throw new Error(`mount.exfat-fuse: ${m.err}`);
  }
  let done = false;
  return {
    dir,
    async unmount() {
      if (done) return;
      done = true;
      await run("umount", [dir]);
      await run("losetup", ["-d", device]);
      await Deno.remove(image).catch(() => {});
    },
  };
}

/** Null when tmpfs and exFAT mounts work here; otherwise the reason they cannot. */
export async function mountSupport(): Promise<string | null> {
  if (Deno.build.os !== "linux") return "mount tests need Linux";
  if (Deno.uid() !== 0) return "mount tests need root (tmpfs, loop devices, FUSE)";
  for (const tool of ["mkfs.exfat", "mount.exfat-fuse", "losetup"]) {
    const found = await run("sh", ["-c", `command -v ${tool}`]);
    if (!found.ok) return `${tool} is missing: apt-get install -y exfat-fuse exfatprogs`;
  }
  const root = Deno.makeTempDirSync({ prefix: "plico-mount-probe-" });
  try {
    const t = await mountTmpfs(root, 64 * 1024);
    await t.unmount();
    const x = await mountExfat(root, 8 * 1024 * 1024);
    await x.unmount();
    return null;
  } catch (e) {
    return `mounting is not possible here: ${(e as Error).message}`;
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
}
