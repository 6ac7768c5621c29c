/**
 * `plico verify-release MANIFEST SIG [FILE...]` (HARDENING §4.4): checks a downloaded
 * build against the release key embedded in this binary. Works offline; touches no profile.
 *
 * @module
 */

import { verifyRelease, type VerifyReleaseResult } from "../../../application/verify_release.ts";
import { PlicoError } from "../../../domain/errors.ts";
import {
  RELEASE_MANIFEST_MAX_BYTES,
  RELEASE_MANIFEST_MAX_ENTRIES,
} from "../../../domain/limits.ts";
import { RELEASE_SIGNATURE_BYTES } from "../../../domain/release/mod.ts";
import { type Command, NO_RIGHTS } from "../command.ts";
import { flag, json } from "../common_options.ts";
import { EXIT_CODES } from "../exit_codes.ts";
import { readInput } from "../files.ts";

const LABELS = {
  ok: "OK",
  mismatch: "FAILED",
  missing: "MISSING",
  unlisted: "NOT LISTED",
} as const;

const NOTES = {
  ok: "",
  mismatch: " (its SHA-256 differs from the signed manifest)",
  missing: " (no such file)",
  unlisted: " (the signed manifest does not list this name)",
} as const;

/** The failure that explains an unverified result, or null when it verified. */
function failure(result: VerifyReleaseResult, explicit: boolean): PlicoError | null {
  if (result.verified) return null;
  const count = (s: string) => result.files.filter((f) => f.status === s).length;
  if (count("mismatch") > 0 || count("unlisted") > 0) {
    return new PlicoError(
      "crypto.auth_failed",
      `${count("mismatch") + count("unlisted")} file(s) do not match the signed release manifest`,
    );
  }
  return new PlicoError(
    "io",
    explicit
      ? `${count("missing")} named file(s) could not be found`
      : "none of the files the manifest lists is next to it; name the files to check",
  );
}

export const verifyReleaseCommand: Command = {
  name: ["verify-release"],
  summary: "check a downloaded Plico build against its signed SHA256SUMS",
  args: "MANIFEST SIG [FILE...]",
  help: `  --json                 machine-readable output

MANIFEST is the release's SHA256SUMS, SIG its signature file (SHA256SUMS.sig). The signature
must be made with the release key built into this program. Then each FILE must be listed in
the manifest under its file name and have the listed SHA-256. Without FILEs, every listed file
found next to MANIFEST is checked (files not downloaded are reported as missing) and at least
one must be there. Needs no network and no profile.`,
  examples: ["plico verify-release SHA256SUMS SHA256SUMS.sig plico-linux-x86_64"],
  options: { json: { type: "boolean" } },
  rights: NO_RIGHTS,
  positionals: [2, 2 + RELEASE_MANIFEST_MAX_ENTRIES],
  async run(ctx, values, [manifestPath, sigPath, ...paths]) {
    const manifest = await readInput(ctx.io, manifestPath!, RELEASE_MANIFEST_MAX_BYTES);
    const signature = await readInput(ctx.io, sigPath!, RELEASE_SIGNATURE_BYTES);
    const result = await verifyRelease(ctx.releaseDeps(manifestPath!), {
      manifest,
      signature,
      paths,
    });
    const error = failure(result, paths.length > 0);
    if (flag(values, "json")) {
      ctx.io.out(json(result));
      return error === null ? 0 : EXIT_CODES[error.code];
    }
    ctx.io.out(`Signature  good (release key ${result.key.slice(0, 16)}…)\n`);
    for (const f of result.files) {
      ctx.io.out(`${LABELS[f.status].padEnd(10)} ${f.name}${NOTES[f.status]}\n`);
    }
    if (error !== null) throw error;
    ctx.io.out("The release is authentic.\n");
    return 0;
  },
};
