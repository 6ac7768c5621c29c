/**
 * The mutants of `deno task mutants` (docs/RELIABILITY.md, "Mutants"): deliberate bugs in the
 * code that makes a promise true, each with the tests that must catch it. `search` is exact
 * text that must occur exactly once in `file`; after other changes move the code, the runner
 * reports the mutant as stale instead of guessing, and this list is refreshed.
 *
 * `audit` marks the 20 mutants of the audit in issue 12 (the five it found uncaught are the
 * wiring ones: rights drop, sandbox gate, open worker grant, file sink name check, burn
 * re-check); `promise` names the docs/RELIABILITY.md promise a mutant stands for.
 *
 * @module
 */

/** One deliberate bug. */
export interface Mutant {
  /** Short stable name, used with `--only`. */
  readonly id: string;
  /** Repository-relative path of the file to change. */
  readonly file: string;
  /** Exact text to replace; must occur exactly once. */
  readonly search: string;
  readonly replace: string;
  /** Repository-relative test files that must fail with the mutant in place. */
  readonly tests: readonly string[];
  /** What a user would lose if this bug shipped. */
  readonly why: string;
  readonly audit?: true;
  readonly promise?: string;
}

export const MUTANTS: readonly Mutant[] = [
  // --- The audit's 20 (issue 12) ---
  {
    id: "drop-rights-call",
    audit: true,
    file: "adapters/cli/run_cli.ts",
    search: "    await ctx.dropRights?.(command.rights ?? PROFILE_RIGHTS);\n",
    replace: "",
    tests: ["tests/e2e/rights_drop_test.ts"],
    why: "every command would run with the rights of all commands (loopback, bus, env)",
  },
  {
    id: "drop-rights-wiring",
    audit: true,
    file: "main.ts",
    search: "    dropRights: dropDenoRights,\n",
    replace: "",
    tests: ["tests/e2e/rights_drop_test.ts"],
    why: "the composition root would never drop rights",
  },
  {
    id: "sandbox-gate-session-answer",
    audit: true,
    file: "adapters/cli/commands/session_setup.ts",
    search: "return (await checkSetupFileSandboxed(input, kind)).binary;",
    replace:
      'return kind === "initiator" ? input : (await checkSetupFileSandboxed(input, kind)).binary;',
    tests: ["tests/e2e/sandbox_wiring_test.ts"],
    why: "a peer's initiator file would meet the parser with all the program's rights",
  },
  {
    id: "open-worker-write-tmp",
    audit: true,
    file: "adapters/sandbox/sandboxed_open.ts",
    search: "write: [request.profileDir, ...dirs],",
    replace: 'write: [request.profileDir, ...dirs, "/tmp"],',
    tests: ["tests/e2e/sandbox_wiring_test.ts"],
    why: "a bug reached through an envelope could write outside the chosen directory",
  },
  {
    id: "file-sink-name-check",
    audit: true,
    file: "adapters/fs/attachment_directory.ts",
    search: 'safeName === "" || safeName.includes("/") || safeName.includes("\\\\") ||\n' +
      '        safeName === "." || safeName === ".."',
    replace: "false",
    tests: ["tests/adapters/fs/attachment_directory_test.ts"],
    why: "the second line against path traversal in attachment names would be gone",
  },
  {
    id: "burn-recheck-in-commit",
    audit: true,
    file: "application/open_envelope.ts",
    search: "    if (at !== null) throw alreadyOpened(at);\n    const fresh",
    replace: "    void at;\n    const fresh",
    tests: ["tests/application/open_commit_recheck_test.ts"],
    why: "a burn recorded between the first pass and the commit would not stop the open",
  },
  {
    id: "aead-tag-ignored",
    audit: true,
    file: "adapters/crypto/native_chacha.ts",
    search: "      wipeBytes(body);\n      throw authFailed();",
    replace: "      tail = new Uint8Array(0);",
    tests: ["tests/adapters/crypto/native_vs_noble_test.ts"],
    why: "tampered ciphertext would decrypt to attacker-chosen plaintext",
  },
  {
    id: "last-chunk-flag",
    audit: true,
    file: "domain/envelope/body_format.ts",
    search: "nonce[11] = isLast ? 1 : 0;",
    replace: "nonce[11] = 0;",
    tests: ["tests/domain/envelope/body_test.ts", "tests/application/chunk_truncation_test.ts"],
    why: "an envelope cut at a chunk boundary would open as a shorter message",
  },
  {
    id: "burn-lookup-replay",
    audit: true,
    file: "application/open_envelope.ts",
    search: 'if (outcome.kind === "key_unavailable") {\n      const at = burnedAt(outcome);\n' +
      "      if (at !== null) throw alreadyOpened(at);",
    replace: 'if (outcome.kind === "key_unavailable") {\n      const at = burnedAt(outcome);\n' +
      "      void at;",
    tests: ["tests/application/envelope_exchange_test.ts"],
    why: "a second open would not be told apart from a lost key (no 'already opened')",
  },
  {
    id: "host-allow-list",
    audit: true,
    file: "adapters/ui-web/request_guard.ts",
    search: "if (host === null || !allowedHosts(port).includes(host)) {",
    replace: "if (host === null) {",
    tests: ["tests/adapters/ui-web/request_guard_test.ts"],
    why: "DNS rebinding could reach the UI under a foreign host name",
  },
  {
    id: "origin-check",
    audit: true,
    file: "adapters/ui-web/request_guard.ts",
    search: '  if (origin !== ownOrigin) refuse("it comes from another origin");',
    replace: "",
    tests: ["tests/adapters/ui-web/request_guard_test.ts"],
    why: "another origin could post to the UI's API",
  },
  {
    id: "csrf-check",
    audit: true,
    file: "adapters/ui-web/api_gate.ts",
    search: " || !session.csrfMatches(token)",
    replace: "",
    tests: ["tests/adapters/ui-web/access_test.ts"],
    why: "any CSRF token would be accepted",
  },
  {
    id: "rate-limit-delay",
    audit: true,
    file: "domain/unlock_throttle.ts",
    search: "  if (now < retryAt || now < r.lastFailureAt) {",
    replace: "  if (false) {",
    tests: ["tests/domain/unlock_throttle_test.ts", "tests/application/unlock_rate_limit_test.ts"],
    why: "passphrase guessing would not be slowed down",
  },
  {
    id: "padding-zero-check",
    audit: true,
    file: "domain/package/package_decoder.ts",
    search: 'throw malformed("package", "the padding is not all zero");',
    replace: "",
    tests: ["tests/domain/package/package_test.ts"],
    why: "padding could carry hidden data: the package would be malleable",
  },
  {
    id: "padding-zero-words",
    promise: "confidentiality + integrity",
    file: "domain/package/package_decoder.ts",
    search: "    if (acc !== 0) return false;\n",
    replace: "",
    tests: ["tests/domain/package/package_test.ts"],
    why: "non-zero bytes in the aligned middle of the padding (checked four at a time) would pass",
  },
  {
    id: "setup-signature",
    audit: true,
    file: "domain/handshake/signature.ts",
    search: "    !isCanonicalEd25519Signature(signature) ||\n" +
      "    !crypto.ed25519Verify(identityPublic, tagged(label, body), signature)",
    replace: "    !isCanonicalEd25519Signature(signature)",
    tests: ["tests/domain/handshake/tamper_test.ts", "tests/domain/handshake/mitm_test.ts"],
    why: "forged setup files would be accepted",
  },
  {
    id: "sandbox-net-grant",
    audit: true,
    file: "adapters/sandbox/run_sandboxed.ts",
    search: "        net: false,\n        env: false,",
    replace: "        net: true,\n        env: false,",
    tests: ["tests/adapters/sandbox/run_sandboxed_test.ts"],
    why: "sandboxed parsers would hold the network",
  },
  {
    id: "sandbox-confinement-check",
    audit: true,
    file: "adapters/sandbox/serve_sandboxed.ts",
    search: "      await assertConfined();\n",
    replace: "",
    tests: ["tests/adapters/sandbox/run_sandboxed_test.ts"],
    why: "a worker started without restrictions would parse with the program's rights",
  },
  {
    id: "release-key-trust",
    audit: true,
    file: "domain/release/release_signature.ts",
    search: "const key = trustedKeys.find((k) => timingSafeEqual(k, sig.publicKey));",
    // Same type as the real line (a possibly missing key), so the mutant still type-checks.
    replace: "const key = [sig.publicKey].find(() => trustedKeys.length >= 0);",
    tests: ["tests/domain/release/release_signature_test.ts"],
    why: "a release signed by anyone's key would verify",
  },
  {
    id: "throttle-mac",
    audit: true,
    file: "domain/unlock_throttle.ts",
    search:
      'if (!timingSafeEqual(crypto.hmac("sha256", macKey, b), bytes.subarray(BODY_BYTES))) return null;',
    replace: "",
    tests: ["tests/application/throttle_forgery_test.ts"],
    why: "a forged throttle record would reset the guessing counter",
  },
  {
    id: "safety-code-compare",
    audit: true,
    file: "domain/safety_code.ts",
    search: "  return timingSafeEqual(utf8(want), utf8(got));",
    replace: "  return timingSafeEqual(utf8(want).subarray(0, 29), utf8(got).subarray(0, 29));",
    tests: ["tests/domain/safety_code_test.ts"],
    why: "a code wrong in its last digit would confirm a session (MITM unnoticed)",
  },

  // --- More sandbox gates (issue 12 item 4: every command and UI route) ---
  {
    id: "sandbox-gate-session-finish",
    file: "adapters/cli/commands/session_setup.ts",
    search: "return (await checkSetupFileSandboxed(input, kind)).binary;",
    replace:
      'return kind === "responder" ? input : (await checkSetupFileSandboxed(input, kind)).binary;',
    tests: ["tests/e2e/sandbox_wiring_test.ts"],
    why: "a peer's responder file would meet the parser with all the program's rights",
  },
  {
    id: "ui-sandbox-gate-answer",
    file: "adapters/ui-web/routes/session_routes.ts",
    search: 'const input = (await checkSetupFileSandboxed(upload, "initiator")).binary;',
    replace: "const input = upload;",
    tests: ["tests/adapters/ui-web/sandbox_routes_test.ts"],
    why: "an uploaded initiator file would be parsed in the UI process with its rights",
  },
  {
    id: "ui-sandbox-gate-finish",
    file: "adapters/ui-web/routes/session_routes.ts",
    search: 'const input = (await checkSetupFileSandboxed(upload, "responder")).binary;',
    replace: "const input = upload;",
    tests: ["tests/adapters/ui-web/sandbox_routes_test.ts"],
    why: "an uploaded responder file would be parsed in the UI process with its rights",
  },
  {
    id: "carrier-worker-read-grant",
    file: "adapters/sandbox/sandboxed_png_carrier.ts",
    search: "return runSandboxed<PngCarrierRequest, PngCarrierResult>(WORKER, request, {}, {",
    replace:
      'return runSandboxed<PngCarrierRequest, PngCarrierResult>(WORKER, request, { read: ["/tmp"] }, {',
    tests: ["tests/e2e/sandbox_wiring_test.ts"],
    why: "the PNG parser, fed a stranger's image, could read files",
  },

  // --- One per promise of docs/RELIABILITY.md ---
  {
    id: "chunk-index-nonce",
    promise: "confidentiality + integrity",
    file: "domain/envelope/body_format.ts",
    search: "  const low = index >>> 0;\n",
    replace: "  const low = 0;\n",
    tests: ["tests/domain/envelope/body_test.ts"],
    why: "chunks could be reordered or duplicated unnoticed",
  },
  {
    id: "transcript-binds-responder",
    promise: "peer authenticity",
    file: "domain/handshake/key_schedule.ts",
    search: "concat(lp(initiatorFile), lp(responderFile))",
    replace: "concat(lp(initiatorFile), lp(initiatorFile))",
    tests: ["tests/domain/handshake/key_schedule_test.ts", "tests/domain/handshake/mitm_test.ts"],
    why: "a substituted responder file would give the same safety code",
  },
  {
    id: "hybrid-root-key",
    promise: "hybrid post-quantum",
    file: "domain/handshake/key_schedule.ts",
    search: "const ikm = concat(dh, kem);",
    replace: "const ikm = concat(dh, dh);",
    tests: ["tests/domain/handshake/key_schedule_test.ts"],
    why: "the root key would rest on X25519 alone",
  },
  {
    id: "skipped-key-kept",
    promise: "forward secrecy",
    file: "domain/ratchet/skipped_keys.ts",
    search: "  const [entry] = draft.skipped.splice(index, 1);\n  wipe(entry!.headerKey);\n" +
      "  return entry!.messageKey;",
    replace: "  const entry = draft.skipped[index];\n  return entry!.messageKey.slice();",
    tests: ["tests/domain/ratchet/out_of_order_test.ts", "tests/domain/ratchet/security_test.ts"],
    why: "a stolen profile could still open envelopes already opened",
  },
  {
    id: "kem-step-skipped",
    promise: "post-compromise security",
    file: "domain/ratchet/ratchet_encrypt.ts",
    search: "  if (kemStep) sendStep(crypto, random, draft);",
    replace: "",
    tests: ["tests/domain/ratchet/security_test.ts", "tests/domain/ratchet/conversation_test.ts"],
    why: "a stolen state would keep deriving new message keys",
  },
  {
    id: "burn-on-commit",
    promise: "single open",
    file: "application/open_envelope.ts",
    search: "    vault.burn(messageTag, now);\n    vault.burn(headerTag, now);\n",
    replace: "",
    tests: ["tests/application/envelope_exchange_test.ts"],
    why: "opening would leave no burn record: a restored state could open again",
  },
  {
    id: "padme-off",
    promise: "metadata hiding",
    file: "domain/package/package_format.ts",
    search: "const padmeBytes = padme(unpaddedBytes);",
    replace: "const padmeBytes = unpaddedBytes;",
    tests: ["tests/domain/envelope/envelope_test.ts", "tests/domain/package/package_test.ts"],
    why: "envelope sizes would reveal exact message sizes",
  },
  {
    id: "record-aad-row",
    promise: "at rest",
    file: "domain/record_seal.ts",
    search: "    utf8(at.column),\n    new Uint8Array([0]),\n    at.rowId,\n",
    replace: "    utf8(at.column),\n",
    tests: ["tests/adapters/storage/sqlite_vault_test.ts", "tests/domain/record_seal_test.ts"],
    why: "stored blobs could be swapped between rows unnoticed",
  },
  {
    id: "inflate-overflow",
    promise: "fail closed",
    file: "adapters/carrier/png/zlib_stream.ts",
    search: "      if (value.length > expected - written) {",
    replace: "      if (false) {",
    tests: ["tests/adapters/carrier/png/zlib_stream_test.ts"],
    why: "a decompression bomb would end in an internal error instead of a clean refusal",
  },
];
