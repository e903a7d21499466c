import {
  CodeActionKind,
  type CodeAction,
  type ClientCapabilities,
  type CodeActionParams,
  type Diagnostic as LspDiagnostic,
  type ServerCapabilities,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { CheckResult, Range, Diagnostic } from "@momoflow/language";
import { type FeatureContext, guarded } from "../feature";
import { QUICK_FIXES, didYouMeanFixes, type QuickFix } from "./quick-fixes";
import { rangesTouch, sameRange } from "./edit-sites";
import { type LanguageSession, UriMapper, checkKnownFiles } from "../session/language-session";
import { toLspDiagnostic } from "../diagnostics/diagnostics";

/** `source.fixAll.momoflow`: every unambiguous "did you mean" of the file at once. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.momoflow`;

/**
 * Quick fixes (`textDocument/codeAction`) for the checker's diagnostics:
 * "did you mean" renames (MF002, MF005, MF006, MF008, MF009), missing
 * arguments and test params (MF006), "create step" for an unknown id in
 * `needs` (MF002), removing an unused param or var (MF012), and adding a
 * step whose output a step reads to its `needs` (MF010), and reading a
 * secret written in the file from the environment (MF016), and importing
 * the file that declares an unknown command or workflow (MF005, MF040),
 * and declaring `output: json` on a step read as JSON (MF008, MF017). Plus, when
 * asked for by kind, `source.fixAll.momoflow`.
 */
export function registerCodeActions({
  connection,
  session,
  client,
}: FeatureContext): ServerCapabilities {
  const snippets = takesSnippetEdits(client);
  connection.onCodeAction(
    guarded(connection, "codeAction", (params: CodeActionParams) =>
      codeActions(session, params, snippets),
    ),
  );
  return {
    codeActionProvider: {
      codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND],
      resolveProvider: false,
    },
  };
}

/**
 * The actions for a request. Everything is computed from the document's
 * current check: a diagnostic the client sent is used only when the current
 * check still has it (same code and range), so no edit ever targets the text
 * of an older version; current diagnostics at the requested range count too.
 * `snippets`: the client takes snippet edits, so a fix that has them (a
 * placeholder to type over) sends those.
 */
export function codeActions(
  session: LanguageSession,
  params: CodeActionParams,
  snippets = false,
): CodeAction[] {
  const uri = params?.textDocument?.uri;
  const document = typeof uri === "string" ? session.document(uri) : undefined;
  if (!document) return [];
  const only = Array.isArray(params.context?.only) ? params.context.only : undefined;
  const wantsQuickFix = wants(only, CodeActionKind.QuickFix);
  const wantsFixAll = only !== undefined && wants(only, FIX_ALL_KIND);
  if (!wantsQuickFix && !wantsFixAll) return [];

  const result = session.check(uri);
  // The check is of the document's text as synced; anything else is a bug to stay clear of.
  if (result.document.text !== document.getText()) return [];
  let others: readonly CheckResult[] | undefined;
  const otherFiles = (): readonly CheckResult[] => (others ??= checkKnownFiles(session));
  const fixesOf = (diagnostic: Diagnostic): QuickFix[] =>
    QUICK_FIXES.flatMap((quickFix) => quickFix({ document, result, diagnostic, otherFiles }));

  const actions: CodeAction[] = [];
  if (wantsQuickFix) {
    const sent = Array.isArray(params.context?.diagnostics) ? params.context.diagnostics : [];
    const range = isRange(params.range) ? params.range : undefined;
    for (const diagnostic of result.diagnostics) {
      const fromClient = sent.find((d) => matches(d, diagnostic));
      if (!fromClient && !(range && rangesTouch(range, diagnostic.range))) continue;
      const lsp = fromClient ?? toLspDiagnostic(diagnostic);
      for (const fix of fixesOf(diagnostic)) {
        // The same edit offered for two diagnostics (a typo's rename, on the typo and on
        // the missing argument it is a typo of) is one action that fixes both.
        const same = actions.find((a) => sameEdits(a, fix, uri));
        if (same) {
          same.diagnostics?.push(lsp);
          continue;
        }
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [lsp],
          ...(fix.isPreferred ? { isPreferred: true } : {}),
          edit:
            snippets && fix.snippetEdits
              ? snippetEdit(document, fix.snippetEdits)
              : { changes: { [uri]: fix.edits, ...elsewhereChanges(session, fix) } },
        });
      }
    }
  }
  if (wantsFixAll) {
    const edits = fixAllEdits(result.diagnostics, (diagnostic) =>
      didYouMeanFixes({ document, result, diagnostic }),
    );
    if (edits.length > 0) {
      actions.push({
        title: "Fix all unambiguous momoflow typos",
        kind: FIX_ALL_KIND,
        edit: { changes: { [uri]: edits } },
      });
    }
  }
  return actions;
}

/**
 * Whether the client applies snippets in a workspace edit (LSP 3.18
 * `SnippetTextEdit`, which only a `documentChanges` edit can hold).
 */
function takesSnippetEdits(client: ClientCapabilities): boolean {
  const workspaceEdit = client.workspace?.workspaceEdit;
  return workspaceEdit?.snippetEditSupport === true && workspaceEdit.documentChanges === true;
}

/** A workspace edit of snippets (each edit's `newText` in snippet syntax) for the document's version. */
function snippetEdit(document: TextDocument, edits: readonly TextEdit[]): WorkspaceEdit {
  return {
    documentChanges: [
      {
        textDocument: { uri: document.uri, version: document.version },
        edits: edits.map(({ range, newText }) => ({
          range,
          snippet: { kind: "snippet", value: newText },
        })),
      },
    ],
  };
}

/** Whether `action` makes exactly the edits of `fix` (of the document `uri` only). */
function sameEdits(action: CodeAction, fix: QuickFix, uri: string): boolean {
  const changes = action.edit?.changes;
  if (fix.elsewhere || fix.snippetEdits || !changes || Object.keys(changes).length !== 1)
    return false;
  return JSON.stringify(changes[uri]) === JSON.stringify(fix.edits);
}

/** A fix's edits of other files, by URI (an open document's own URI). */
function elsewhereChanges(session: LanguageSession, fix: QuickFix): Record<string, TextEdit[]> {
  if (!fix.elsewhere) return {};
  const uris = new UriMapper(session);
  return Object.fromEntries(fix.elsewhere.map(({ path, edits }) => [uris.uriOf(path), edits]));
}

/** The renames of every "did you mean" with one suggestion only: safe to apply unasked. */
function fixAllEdits(
  diagnostics: readonly Diagnostic[],
  renamesOf: (diagnostic: Diagnostic) => QuickFix[],
): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.data?.suggestions?.length !== 1) continue;
    const rename = renamesOf(diagnostic)[0];
    const edit = rename?.edits.length === 1 ? rename.edits[0] : undefined;
    if (edit && !edits.some((e) => rangesTouch(e.range, edit.range))) edits.push(edit);
  }
  return edits;
}

/** Whether an action of `kind` is asked for: no filter, or a filter that is `kind` or a parent of it. */
function wants(only: readonly string[] | undefined, kind: string): boolean {
  return only === undefined || only.some((k) => k === kind || kind.startsWith(`${k}.`));
}

/** The client's diagnostic is still the same one: same code and range. */
function matches(sent: LspDiagnostic, current: Diagnostic): boolean {
  return (
    sent?.code === current.code &&
    (sent.source === undefined || sent.source === "momoflow") &&
    isRange(sent.range) &&
    sameRange(sent.range, current.range)
  );
}

function isRange(value: unknown): value is Range {
  const range = value as Range | undefined;
  const isPosition = (p: unknown): boolean =>
    typeof (p as { line?: unknown })?.line === "number" &&
    typeof (p as { character?: unknown })?.character === "number";
  return isPosition(range?.start) && isPosition(range?.end);
}
