import assert from "node:assert/strict";
import type {
  CompletionItem,
  CompletionList,
  DocumentSymbol,
  FoldingRange,
  Position,
  Range,
  SemanticTokens,
  SemanticTokensLegend,
  TextEdit,
} from "vscode-languageserver-protocol";
import { decodeSemanticTokens } from "./semantic-token-decoding";
import type { WorkspaceSession } from "./workspace-session";

/*
 * A text typed into a new document key by key, as a user types it in VS Code:
 * the editor closes `{`, `[` and `(` as they are typed (and types over the
 * closer when the user types it), sends one `didChange` a key, asks for
 * completion where VS Code does (at a trigger character, with it, and at a
 * letter, invoked), and asks for the outline, the semantic tokens, the
 * folding ranges, hover and the quick fixes at each line's end. Every answer
 * must be well-formed for the text it was asked of.
 */

/** What an editor is told the server's LSP errors mean: the answer is stale, not wrong. */
const STALE = new Set([-32800 /* RequestCancelled */, -32801 /* ContentModified */]);

/** The closers VS Code types for an opener (language-configuration.json's autoClosingPairs). */
const CLOSERS: Readonly<Record<string, string>> = { "{": "}", "[": "]", "(": ")" };

/** A point of the typing where completion must offer (or leave out) certain labels. */
export interface ReplayCheckpoint {
  /** The typed text so far ends with this (its first such point). */
  after: string;
  /** Labels completion must offer there. */
  offers?: readonly string[];
  /** Labels it must not. */
  omits?: readonly string[];
}

/** What the replay saw. */
export interface ReplayOutcome {
  uri: string;
  /** The document's last version. */
  version: number;
  /** The checkpoints reached, by their `after`. */
  reached: string[];
}

/**
 * Types `text` into a new document of `workspace` named `name`, checking each
 * answer as it comes and each of `checkpoints` where it is reached; the
 * document stays open (the caller closes it).
 */
export async function replayTyping(
  workspace: WorkspaceSession,
  name: string,
  text: string,
  checkpoints: readonly ReplayCheckpoint[],
): Promise<ReplayOutcome> {
  const { client } = workspace;
  const uri = await workspace.open(name, "");
  const triggers = new Set(workspace.init.capabilities.completionProvider?.triggerCharacters);
  const legend = workspace.init.capabilities.semanticTokensProvider?.legend;
  const pending = [...checkpoints];
  const reached: string[] = [];
  let buffer = "";
  let cursor = 0;
  let version = 1;
  for (const key of text) {
    if (")]}".includes(key) && buffer[cursor] === key) {
      cursor++; // typed over the closer the editor put there
    } else {
      const closer = CLOSERS[key];
      const insert = closer && !/^[\w"]/.test(buffer.slice(cursor)) ? key + closer : key;
      const at = positionOf(buffer, cursor);
      version = await client.change(uri, [{ range: { start: at, end: at }, text: insert }]);
      buffer = buffer.slice(0, cursor) + insert + buffer.slice(cursor);
      cursor++;
    }
    const position = positionOf(buffer, cursor);
    const where = `${JSON.stringify(buffer.slice(0, cursor).split("\n").pop())} (${position.line + 1}:${position.character + 1})`;
    const typed = buffer.slice(0, cursor);
    const checkpoint = pending.find((c) => typed.endsWith(c.after));
    const context = triggers.has(key)
      ? { triggerKind: 2, triggerCharacter: key }
      : /\w/.test(key) || checkpoint
        ? { triggerKind: 1 }
        : undefined;
    if (context) {
      const items = await answer<CompletionList | CompletionItem[] | null>(
        workspace,
        "textDocument/completion",
        { textDocument: { uri }, position, context },
      );
      if (items !== STALE_ANSWER) {
        const list = Array.isArray(items) ? items : (items?.items ?? []);
        for (const item of list) completionItemFits(item, position, where);
        if (checkpoint) {
          pending.splice(pending.indexOf(checkpoint), 1);
          reached.push(checkpoint.after);
          const labels = list.map((i) => i.label);
          for (const label of checkpoint.offers ?? [])
            assert.ok(labels.includes(label), `completion offers ${label} at ${where}: ${labels}`);
          for (const label of checkpoint.omits ?? [])
            assert.ok(
              !labels.includes(label),
              `completion leaves out ${label} at ${where}: ${labels}`,
            );
        }
      }
    }
    if (key === "\n") await lineEndRequests(workspace, uri, buffer, position, legend, where);
  }
  assert.equal(buffer, text, "the replay typed the text");
  return { uri, version, reached };
}

/** What {@link answer} returns for a stale answer (cancelled, or the document changed meanwhile). */
const STALE_ANSWER = Symbol("stale");

/** The answer to a request, or {@link STALE_ANSWER}; any other error fails the test. */
async function answer<R>(
  workspace: WorkspaceSession,
  method: string,
  params: unknown,
): Promise<R | typeof STALE_ANSWER> {
  try {
    return await workspace.client.request<R>(method, params);
  } catch (error) {
    if (STALE.has((error as { code?: number }).code ?? 0)) return STALE_ANSWER;
    throw new Error(`${method} failed: ${(error as Error).message}`, { cause: error });
  }
}

/** What an editor asks at a line's end; each answer checked against the text. */
async function lineEndRequests(
  workspace: WorkspaceSession,
  uri: string,
  text: string,
  position: Position,
  legend: SemanticTokensLegend | undefined,
  where: string,
): Promise<void> {
  const document = { textDocument: { uri } };
  const lines = text.split("\n");
  const symbols = await answer<DocumentSymbol[] | null>(
    workspace,
    "textDocument/documentSymbol",
    document,
  );
  if (symbols !== STALE_ANSWER)
    for (const symbol of symbols ?? []) symbolFits(symbol, wholeText(lines), where);
  const folds = await answer<FoldingRange[] | null>(
    workspace,
    "textDocument/foldingRange",
    document,
  );
  if (folds !== STALE_ANSWER)
    for (const fold of folds ?? [])
      assert.ok(
        fold.startLine < fold.endLine && fold.endLine < lines.length,
        `folding range ${fold.startLine}-${fold.endLine} in ${lines.length} lines at ${where}`,
      );
  if (legend) {
    const tokens = await answer<SemanticTokens | null>(
      workspace,
      "textDocument/semanticTokens/full",
      document,
    );
    if (tokens !== STALE_ANSWER && tokens) {
      assert.equal(tokens.data.length % 5, 0, `semantic tokens come in fives at ${where}`);
      for (const [line, start, length, type] of decodeSemanticTokens(tokens, legend))
        assert.ok(
          type !== undefined && length > 0 && start + length <= (lines[line]?.length ?? -1),
          `semantic token ${line + 1}:${start + 1}+${length} ${type} on its line at ${where}`,
        );
    }
  }
  await answer(workspace, "textDocument/hover", { ...document, position });
  const range = { start: position, end: position };
  const actions = await answer<{ title?: unknown }[] | null>(workspace, "textDocument/codeAction", {
    ...document,
    range,
    context: { diagnostics: [] },
  });
  if (actions !== STALE_ANSWER)
    for (const action of actions ?? [])
      assert.equal(typeof action.title, "string", `a code action's title at ${where}`);
}

/** An item's edit replaces a range of the cursor's line that holds the cursor. */
function completionItemFits(item: CompletionItem, cursor: Position, where: string): void {
  assert.equal(typeof item.label, "string", `a completion label at ${where}`);
  const edit = item.textEdit as TextEdit | undefined;
  if (!edit?.range) return;
  const { start, end } = edit.range;
  assert.ok(
    start.line === cursor.line &&
      end.line === cursor.line &&
      start.character <= cursor.character &&
      cursor.character <= end.character,
    `${item.label}'s edit ${JSON.stringify(edit.range)} holds the cursor at ${where}`,
  );
}

/** A symbol lies in the text, its name's range in its range, its children in it. */
function symbolFits(symbol: DocumentSymbol, whole: Range, where: string): void {
  assert.ok(symbol.name.length > 0, `a symbol has a name at ${where}`);
  assert.ok(
    within(symbol.range, whole) && within(symbol.selectionRange, symbol.range),
    `symbol ${symbol.name} ${JSON.stringify(symbol.range)} lies in the text at ${where}`,
  );
  for (const child of symbol.children ?? []) {
    assert.ok(
      within(child.range, symbol.range),
      `${child.name} lies in ${symbol.name} at ${where}`,
    );
    symbolFits(child, whole, where);
  }
}

function within(inner: Range, outer: Range): boolean {
  return !isBefore(inner.start, outer.start) && !isBefore(outer.end, inner.end);
}

function isBefore(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function wholeText(lines: readonly string[]): Range {
  return {
    start: { line: 0, character: 0 },
    end: { line: lines.length - 1, character: lines[lines.length - 1]!.length },
  };
}

/** The position of `offset` in `text`. */
function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}
