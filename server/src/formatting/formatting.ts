/**
 * Format Document: what `momoflow fmt` writes (the same function), indented
 * as the editor asks — `tabSize` spaces or a tab per level — as one minimal
 * edit.
 */
import type { FormattingOptions, ServerCapabilities, TextEdit } from "vscode-languageserver/node";
import {
  type FormatOptions,
  formatDocumentWork,
  LineIndex,
  type Pausable,
} from "@momoflow/language";
import { documentVersion, type FeatureContext, guarded } from "../feature";
import type { RequestWork } from "../request-work";
import { documentTokens } from "../session/document-tokens";
import type { LanguageSession } from "../session/language-session";

/**
 * Format Document: what `momoflow fmt` writes (the same function), with the
 * editor's indentation: `momoflow fmt --indent <tabSize>` (or `--indent tab`)
 * gives the same text. A file with syntax errors is left alone: no edits,
 * no error (the diagnostics already say what is wrong).
 */
export function registerFormatting({ connection, session }: FeatureContext): ServerCapabilities {
  connection.onDocumentFormatting(
    guarded(
      connection,
      "formatting",
      (params, work): Promise<TextEdit[]> =>
        formattingEdits(session, params.textDocument.uri, params.options, work, formatDocumentWork),
      documentVersion(session),
    ),
  );
  return { documentFormattingProvider: true };
}

/**
 * What Format Document and Format Selection share: the open document `uri`
 * formatted by the pausable `format`, with the editor's indentation, made
 * into one minimal edit — of the whole formatted text, or of what `newText`
 * makes of the document and its formatting. The document's own parse says
 * whether it has syntax errors (then no edits: the diagnostics already say
 * what is wrong); the formatter's would take longer than the formatting, and
 * cannot pause. Its tokens are those semantic tokens and folding read for
 * this version.
 */
export async function formattingEdits<R extends { ok: true; text: string }>(
  session: LanguageSession,
  uri: string,
  options: FormattingOptions,
  work: RequestWork,
  format: (
    ...args: Parameters<typeof formatDocumentWork>
  ) => Pausable<R | { ok: false; error: string }>,
  newText: (text: string, formatted: R) => string = (_text, formatted) => formatted.text,
): Promise<TextEdit[]> {
  const { document } = session.check(uri);
  const { text, syntaxDiagnostics } = document;
  const result = await work.finish(
    format(text, formatOptionsOf(options), syntaxDiagnostics, documentTokens(document)),
  );
  if (!result.ok) return [];
  await work.pause();
  const edit = minimalTextEdit(text, newText(text, result));
  return edit ? [edit] : [];
}

/**
 * The formatter's indentation for the editor's options: a tab per level
 * without `insertSpaces`, else `tabSize` spaces (the formatter's own two when
 * the size is not a whole number of at least 1).
 */
export function formatOptionsOf(options: FormattingOptions): FormatOptions {
  if (!options.insertSpaces) return { indent: "tab" };
  const size = options.tabSize;
  return Number.isInteger(size) && size >= 1 ? { indent: size } : {};
}

/**
 * The one edit that turns `before` into `after`: the part between their
 * common prefix and their common suffix, replaced. Undefined when they are
 * equal. Cuts never split a `\r\n` or a surrogate pair.
 */
export function minimalTextEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  while (start > 0 && splitsPair(before, start)) start--;
  let endBefore = before.length;
  let endAfter = after.length;
  while (
    endBefore > start &&
    endAfter > start &&
    before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)
  ) {
    endBefore--;
    endAfter--;
  }
  while (endBefore < before.length && splitsPair(before, endBefore)) {
    endBefore++;
    endAfter++;
  }
  const lines = new LineIndex(before);
  return {
    range: { start: lines.positionAt(start), end: lines.positionAt(endBefore) },
    newText: after.slice(start, endAfter),
  };
}

/** Whether `offset` falls inside a `\r\n` or a surrogate pair of `text`. */
function splitsPair(text: string, offset: number): boolean {
  const previous = text.charCodeAt(offset - 1);
  const next = text.charCodeAt(offset);
  if (previous === 13 && next === 10) return true;
  return previous >= 0xd800 && previous <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
}
