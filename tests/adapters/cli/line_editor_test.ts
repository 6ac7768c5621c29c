import assert from "node:assert/strict";
import {
  completeWord,
  editLine,
  emptyLine,
  type LineState,
  splitKeys,
} from "../../../adapters/cli/line_editor.ts";
import { shellWords } from "../../../adapters/cli/shell_words.ts";

/** Types `input` into a fresh line; returns the final state or outcome kind. */
function type(input: string, history: string[] = []): LineState | string {
  let state = emptyLine(history.length);
  for (const key of splitKeys(input)) {
    const outcome = editLine(state, key, history);
    if (outcome.kind === "submit") return outcome.line;
    if (outcome.kind !== "edit") return outcome.kind;
    state = outcome.state;
  }
  return state;
}

Deno.test("editLine() edits, moves and submits like a shell line", () => {
  assert.equal(type("seal\r"), "seal");
  assert.equal(type("sael\x7f\x7f\x7fseal\r"), "sseal");
  assert.equal(type("sl\x1b[Dea\x1b[C\r"), "seal");
  assert.equal(type("world\x01hello \r"), "hello world");
  assert.equal(type("junk\x15open\r"), "open");
  assert.equal(type("ab\x1b[D\x1b[3~\r"), "a");
  assert.equal(type("x\x03"), "cancel");
  assert.equal(type("\x04"), "end");
  assert.equal(type("é ü\r"), "é ü");
});

Deno.test("editLine() browses the history and keeps the line being typed", () => {
  const history = ["seal --to Bob", "session list"];
  assert.equal(type("\x1b[A\r", history), "session list");
  assert.equal(type("\x1b[A\x1b[A\r", history), "seal --to Bob");
  assert.equal(type("\x1b[A\x1b[A\x1b[A\r", history), "seal --to Bob");
  assert.equal(type("draft\x1b[A\x1b[B\r", history), "draft");
});

Deno.test("completeWord() completes command words and labels, escaping blanks", () => {
  const labels = ["Bob", "Bob Smith", "Carol"];
  const candidates = (before: readonly string[]) =>
    before.length === 0 ? ["seal", "session", "shell"] : labels;
  const at = (text: string): LineState => ({
    chars: [...text],
    cursor: [...text].length,
    browsing: 0,
    draft: [],
  });
  assert.equal(completeWord(at("sea"), candidates).state.chars.join(""), "seal ");
  const many = completeWord(at("se"), candidates);
  assert.deepEqual(many.choices, ["seal", "session"]);
  assert.equal(
    completeWord(at("seal --to C"), candidates).state.chars.join(""),
    "seal --to Carol ",
  );
  const bob = completeWord(at("seal --to Bob"), candidates);
  assert.deepEqual(bob.choices, ["Bob", "Bob Smith"]);
  assert.equal(
    completeWord(at("seal --to Bob\\ S"), () => labels).state.chars.join(""),
    "seal --to Bob\\ S",
    "a partial with an escape is left alone when nothing matches it literally",
  );
  assert.equal(completeWord(at("seal --to Ca"), candidates).state.cursor, 16);
  assert.deepEqual(shellWords("seal --to Bob\\ Smith"), ["seal", "--to", "Bob Smith"]);
});

Deno.test("shellWords() splits like a POSIX shell for plain words, running nothing", () => {
  assert.deepEqual(shellWords(`seal --to "Bob Smith" -m 'my note.txt'`), [
    "seal",
    "--to",
    "Bob Smith",
    "-m",
    "my note.txt",
  ]);
  assert.deepEqual(shellWords(`a\\ b "c\\"d" '$HOME' $(rm)`), ["a b", 'c"d', "$HOME", "$(rm)"]);
  assert.deepEqual(shellWords("   "), []);
  assert.deepEqual(shellWords(`""`), [""]);
  assert.throws(() => shellWords(`seal --to "Bob`), /unclosed " quote/);
});
