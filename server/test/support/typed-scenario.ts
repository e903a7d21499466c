import type {
  CodeAction,
  Diagnostic,
  DocumentSymbol,
  Position,
  Range,
  TextDocumentContentChangeEvent,
} from "vscode-languageserver-protocol";
import type { WorkspaceSession } from "./workspace-session";

/*
 * One shape for the editor-typing scenarios of the LSP tier: a document
 * opened, edited as an editor sends its changes, and read back (what the
 * server publishes, its outline, its quick fixes) after each edit.
 */

/** One change an editor sends, named for the state it leaves (the text typed so far, for a key). */
export interface TypedEdit {
  readonly label: string;
  readonly change: TextDocumentContentChangeEvent;
}

/** What the server shows of the document in one state of a scenario. */
export interface TypedState {
  /** `opened`, or the label of the edit that led here (used in assertion messages). */
  readonly label: string;
  readonly uri: string;
  /** The diagnostics published for this state's version. */
  readonly diagnostics: Diagnostic[];
  /** Each of {@link diagnostics} as {@link said} puts it. */
  readonly said: string[];
  /** The document's outline (`textDocument/documentSymbol`). */
  outline(): Promise<DocumentSymbol[]>;
  /** The quick fixes offered for `diagnostic`: `[title, its edits of this document]`. */
  fixes(diagnostic: Diagnostic): Promise<[string, unknown][]>;
}

/** What a scenario asserts: of the document as opened, and after each edit. */
export interface TypedExpectations {
  opened?: (state: TypedState) => void | Promise<void>;
  edited?: (state: TypedState) => void | Promise<void>;
}

/** `line:col-line:col CODE message` (1-based) of a published diagnostic. */
function said(d: Diagnostic): string {
  const { start, end } = d.range;
  return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${d.code} ${d.message}`;
}

/**
 * Opens `text` as a new document of `workspace`, checks `expected.opened`
 * on what is published for it, then sends `edits` one at a time, checking
 * `expected.edited` on each version's diagnostics; closes it again.
 */
export async function typedScenario(
  workspace: WorkspaceSession,
  text: string,
  edits: readonly TypedEdit[],
  expected: TypedExpectations,
  stem = "typed",
): Promise<void> {
  mustExpectSomething(edits, expected);
  const { client } = workspace;
  const uri = await workspace.openNew(text, { stem });
  const state = (label: string, diagnostics: Diagnostic[]): TypedState => ({
    label,
    uri,
    diagnostics,
    said: diagnostics.map(said),
    outline: () =>
      client.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri } }),
    fixes: async (diagnostic) =>
      (
        await client.request<CodeAction[]>("textDocument/codeAction", {
          textDocument: { uri },
          range: diagnostic.range,
          context: { diagnostics: [diagnostic] },
        })
      ).map((action) => [action.title, action.edit?.changes?.[uri]]),
  });
  try {
    await expected.opened?.(state("opened", await client.waitForDiagnostics(uri, 1)));
    for (const edit of edits) {
      const version = await client.change(uri, [edit.change]);
      await expected.edited?.(state(edit.label, await client.waitForDiagnostics(uri, version)));
    }
  } finally {
    await client.closeDocument(uri);
  }
}

/** `typed` typed key by key at `at` (on one line): one edit a key, labelled with what is typed so far. */
export function typing(at: Position, typed: string): TypedEdit[] {
  return [...typed].map((key, index) => {
    const position = { line: at.line, character: at.character + index };
    return {
      label: typed.slice(0, index + 1),
      change: { range: { start: position, end: position }, text: key },
    };
  });
}

/** `range` replaced by `text` (deleted when it is empty) in one edit. */
export function replacing(label: string, range: Range, text = ""): TypedEdit {
  return { label, change: { range, text } };
}

/** The lines `from` to `to` (0-based, `to` excluded) deleted whole. */
export function deletingLines(label: string, from: number, to = from + 1): TypedEdit {
  return replacing(label, {
    start: { line: from, character: 0 },
    end: { line: to, character: 0 },
  });
}

/** The names of the declarations' members in `outline`, those whose name holds a `:` left out. */
export function memberNames(outline: readonly DocumentSymbol[]): string[] {
  return outline
    .flatMap((d) => (d.children ?? []).filter((c) => !c.name.includes(":")))
    .map((c) => c.name);
}

/** A scenario that asserts nothing of the states it reaches would pass whatever they are. */
function mustExpectSomething(edits: readonly TypedEdit[], expected: TypedExpectations): void {
  if (edits.length > 0 ? !expected.edited : !expected.opened)
    throw new Error("a typed scenario expects nothing of the states it reaches");
}
