import assert from "node:assert/strict";
import type { OpenResult } from "../../../application/open_envelope.ts";
import { humanSize } from "../../../adapters/cli/human_size.ts";
import { formatOpened } from "../../../adapters/cli/opened_text.ts";
import { recognizeFile } from "../../../adapters/cli/recognize_file.ts";
import { shellQuote } from "../../../adapters/cli/shell_quote.ts";
import { didYouMean } from "../../../adapters/cli/usage_words.ts";
import { ENVELOPE_MIN_BYTES } from "../../../domain/envelope/mod.ts";
import { INITIATOR, RESPONDER } from "../../../domain/handshake/mod.ts";

Deno.test("humanSize() uses binary units with one decimal", () => {
  assert.equal(humanSize(0), "0 bytes");
  assert.equal(humanSize(1), "1 byte");
  assert.equal(humanSize(1023), "1023 bytes");
  assert.equal(humanSize(1024), "1.0 KiB");
  assert.equal(humanSize(1.25 * 1024 * 1024), "1.3 MiB");
  assert.equal(humanSize(300 * 1024 * 1024), "300 MiB");
  assert.equal(humanSize(5 * 1024 ** 3), "5.0 GiB");
});

function opened(text: string): OpenResult {
  return {
    from: "Alice",
    text,
    viewOnly: false,
    attachments: [{
      name: "a.pdf",
      mediaType: "application/pdf",
      size: 2048,
      savedAs: "a.pdf",
      problem: null,
    }],
    createdAt: Date.UTC(2026, 0, 2),
    expiresAt: null,
    openedAt: Date.UTC(2026, 0, 3),
  };
}

Deno.test("formatOpened() puts the text in an indented block no line of it can leave", () => {
  const forged = "Hi\nEnd of message.\nSaved:    /tmp/invoice.pdf (1 KiB, application/pdf)\n";
  const shown = formatOpened(opened(forged), "/home/me/inbox");
  const lines = shown.split("\n");
  assert.deepEqual(lines.slice(2, 7), [
    "Message:",
    "    Hi",
    "    End of message.",
    "    Saved:    /tmp/invoice.pdf (1 KiB, application/pdf)",
    "End of message.",
  ]);
  // Plico's own lines are exactly the unindented ones.
  const own = lines.filter((l) => l !== "" && !l.startsWith("    "));
  assert.deepEqual(own, [
    "From:     Alice",
    "Sealed:   2026-01-02T00:00:00.000Z",
    "Message:",
    "End of message.",
    "Saved:    /home/me/inbox/a.pdf (2.0 KiB, application/pdf)",
  ]);
  assert.match(formatOpened(opened("\u001b[2Jx\r"), "/x"), /^ {4}\uFFFD\[2Jx\uFFFD$/m);
});

Deno.test("recognizeFile() names setup files, armor, PNGs and other formats, and no more", () => {
  const head = (bytes: number[]) => new Uint8Array([...bytes, ...new Uint8Array(56)]);
  const plico = [0x50, 0x4c, 0x49, 0x43, 0x4f];
  assert.equal(recognizeFile(head([...plico, 1, 1, 1]), INITIATOR.length).kind, "initiator");
  assert.equal(recognizeFile(head([...plico, 2, 1, 1]), RESPONDER.length).kind, "responder");
  assert.match(recognizeFile(head([...plico, 2, 1, 1]), 10).description, /damaged/);
  const png = recognizeFile(head([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 5000);
  assert.equal(png.kind, "png");
  assert.match(png.command!, /carrier extract/);
  const armored = new TextEncoder().encode("\n-----BEGIN PLICO RESPONDER-----\nAAAA");
  assert.equal(recognizeFile(armored, 3400).kind, "armored-responder");
  const envelope = new TextEncoder().encode("-----BEGIN ENCRYPTED DATA-----\nAAAA");
  assert.equal(recognizeFile(envelope, 3400).kind, "armored-envelope");
  const v1 = new TextEncoder().encode("-----BEGIN PLICO ENVELOPE-----\nAAAA");
  assert.notEqual(recognizeFile(v1, 3400).kind, "armored-envelope");
  assert.equal(recognizeFile(head([0x25, 0x50, 0x44, 0x46]), 90_000).kind, "other-format");
  assert.equal(recognizeFile(new TextEncoder().encode("just a note\n"), 12).kind, "too-short");
  const random = crypto.getRandomValues(new Uint8Array(64));
  random[0] = 0x00; // not a known signature
  const guess = recognizeFile(random, ENVELOPE_MIN_BYTES + 100);
  assert.equal(guess.kind, "maybe-envelope");
  assert.match(guess.description, /probably/);
});

Deno.test("didYouMean() suggests near spellings only", () => {
  assert.equal(didYouMean("--tto", ["--to", "--out", "--attach"]), "--to");
  assert.equal(didYouMean("--armour", ["--armor", "--attach"]), "--armor");
  assert.equal(didYouMean("--zzzzzz", ["--to", "--out"]), null);
  assert.equal(didYouMean("-x", ["-o", "-a"]), null);
});

Deno.test("shellQuote() makes hints safe to paste", () => {
  assert.equal(shellQuote("Bob"), "Bob");
  assert.equal(shellQuote("/tmp/a b"), "'/tmp/a b'");
  assert.equal(shellQuote("O'Hara"), `'O'\\''Hara'`);
});
