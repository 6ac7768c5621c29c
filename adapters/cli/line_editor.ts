/**
 * A small line editor for `plico shell`: the terminal in raw mode, keys decoded here, so the
 * shell has history (↑/↓), cursor movement (←/→, Home/End, Ctrl-A/E), Ctrl-U, Tab completion,
 * Ctrl-C to drop the line and Ctrl-D on an empty line to leave. History lives in memory only:
 * a command line can name files and people, and nothing of a sitting is written to disk.
 *
 * `editLine` is pure (keys in, state out) so it is tested without a terminal.
 *
 * @module
 */

/** The line being edited. */
export interface LineState {
  readonly chars: readonly string[];
  readonly cursor: number;
  /** Position in the history while browsing it (history.length = the new line). */
  readonly browsing: number;
  /** The new line kept aside while browsing the history. */
  readonly draft: readonly string[];
}

/** What the editor asks its caller to do after a key. */
export type LineOutcome =
  | { readonly kind: "edit"; readonly state: LineState }
  | { readonly kind: "submit"; readonly line: string }
  | { readonly kind: "cancel" }
  | { readonly kind: "end" }
  | { readonly kind: "complete"; readonly state: LineState };

/** A fresh, empty line. */
export function emptyLine(historyLength: number): LineState {
  return { chars: [], cursor: 0, browsing: historyLength, draft: [] };
}

/** Splits raw terminal input into keys: characters and escape sequences. */
export function splitKeys(input: string): string[] {
  const keys: string[] = [];
  const chars = [...input];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === "\x1b" && (chars[i + 1] === "[" || chars[i + 1] === "O")) {
      let j = i + 2;
      while (j < chars.length && /[0-9;]/.test(chars[j]!)) j++;
      keys.push(chars.slice(i, j + 1).join(""));
      i = j;
    } else keys.push(chars[i]!);
  }
  return keys;
}

function withChars(state: LineState, chars: readonly string[], cursor: number): LineState {
  return { ...state, chars, cursor: Math.max(0, Math.min(cursor, chars.length)) };
}

/** Applies one key to the line. */
export function editLine(state: LineState, key: string, history: readonly string[]): LineOutcome {
  const { chars, cursor } = state;
  const edit = (s: LineState): LineOutcome => ({ kind: "edit", state: s });
  switch (key) {
    case "\r":
    case "\n":
      return { kind: "submit", line: chars.join("") };
    case "\x03":
      return { kind: "cancel" };
    case "\x04":
      return chars.length === 0 ? { kind: "end" } : edit(state);
    case "\t":
      return { kind: "complete", state };
    case "\x7f":
    case "\x08":
      if (cursor === 0) return edit(state);
      return edit(
        withChars(state, [...chars.slice(0, cursor - 1), ...chars.slice(cursor)], cursor - 1),
      );
    case "\x15":
      return edit(withChars(state, chars.slice(cursor), 0));
    case "\x01":
    case "\x1b[H":
    case "\x1bOH":
    case "\x1b[1~":
      return edit(withChars(state, chars, 0));
    case "\x05":
    case "\x1b[F":
    case "\x1bOF":
    case "\x1b[4~":
      return edit(withChars(state, chars, chars.length));
    case "\x1b[D":
      return edit(withChars(state, chars, cursor - 1));
    case "\x1b[C":
      return edit(withChars(state, chars, cursor + 1));
    case "\x1b[3~":
      return edit(
        withChars(state, [...chars.slice(0, cursor), ...chars.slice(cursor + 1)], cursor),
      );
    case "\x1b[A":
    case "\x1b[B": {
      const to = state.browsing + (key === "\x1b[A" ? -1 : 1);
      if (to < 0 || to > history.length) return edit(state);
      const draft = state.browsing === history.length ? chars : state.draft;
      const next = to === history.length ? [...draft] : [...history[to]!];
      return edit({ chars: next, cursor: next.length, browsing: to, draft });
    }
  }
  // Other control keys and unknown sequences do nothing; printable text is inserted.
  // deno-lint-ignore no-control-regex
  if (key.startsWith("\x1b") || /^[\u0000-\u001f\u007f]$/.test(key)) return edit(state);
  return edit(
    withChars(state, [...chars.slice(0, cursor), key, ...chars.slice(cursor)], cursor + 1),
  );
}

/** The longest common prefix of `words`. */
function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return "";
  let prefix = words[0]!;
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/**
 * Completes the word before the cursor from `candidates(wordsBefore)`. Returns the new state and
 * the choices to show when more than one remains.
 */
export function completeWord(
  state: LineState,
  candidates: (wordsBefore: readonly string[], partial: string) => readonly string[],
): { state: LineState; choices: readonly string[] } {
  const before = state.chars.slice(0, state.cursor).join("");
  const start = before.search(/\S*$/);
  const partial = before.slice(start);
  const wordsBefore = before.slice(0, start).trim().split(/\s+/).filter((w) => w !== "");
  const matches = [...new Set(candidates(wordsBefore, partial))]
    .filter((c) => c.startsWith(partial)).sort();
  if (matches.length === 0) return { state, choices: [] };
  // The rest is typed as a shell would need it: spaces and quotes escaped with a backslash.
  const escape = (w: string) => w.replace(/([\s'"\\])/g, "\\$1");
  const completion = matches.length === 1 ? matches[0]! : commonPrefix(matches);
  if (matches.length === 1 || completion.length > partial.length) {
    const added = [...escape(completion.slice(partial.length)) + (matches.length === 1 ? " " : "")];
    const insertAt = state.cursor;
    const chars = [...state.chars.slice(0, insertAt), ...added, ...state.chars.slice(insertAt)];
    return {
      state: withChars(state, chars, insertAt + added.length),
      choices: matches.length === 1 ? [] : matches,
    };
  }
  return { state, choices: matches };
}
