/**
 * Format Selection: the lines a range touches, exactly as Format Document
 * writes them, and nothing else. The formatter keeps the author's line breaks
 * (it only collapses runs of blank lines), so each formatted line comes from
 * one source line; the formatter says which, and the lines that come from the
 * range replace the range's lines.
 */
import type { Range, ServerCapabilities, TextEdit } from "vscode-languageserver/node";
import { formatLinesWork, LineIndex } from "@momoflow/language";
import { documentVersion, type FeatureContext, guarded } from "../feature";
import { formattingEdits } from "./formatting";

/**
 * Format Selection (`textDocument/rangeFormatting`): the whole lines the
 * range touches (a range ending at the start of a line leaves that line
 * out, as an editor selects whole lines) are replaced by the lines the
 * whole-document formatting makes of them, with the editor's indentation.
 * Lines inside a multi-line string are kept as written, as Format Document
 * keeps them. A file with syntax errors is left alone.
 */
export function registerRangeFormatting({
  connection,
  session,
}: FeatureContext): ServerCapabilities {
  connection.onDocumentRangeFormatting(
    guarded(
      connection,
      "rangeFormatting",
      (params, work): Promise<TextEdit[]> =>
        formattingEdits(
          session,
          params.textDocument.uri,
          params.options,
          work,
          formatLinesWork,
          (text, formatted) =>
            withRangeFormatted(text, formatted.text, formatted.sourceLines, params.range),
        ),
      documentVersion(session),
    ),
  );
  return { documentRangeFormattingProvider: true };
}

/**
 * `text` with the lines `range` touches replaced by the lines of `formatted`
 * that come from them (`sourceLines`: the source line of each formatted line).
 */
export function withRangeFormatted(
  text: string,
  formatted: string,
  sourceLines: readonly number[],
  range: Range,
): string {
  const first = range.start.line;
  const last =
    range.end.character === 0 && range.end.line > first ? range.end.line - 1 : range.end.line;
  let from = sourceLines.findIndex((line) => line >= first);
  if (from === -1) from = sourceLines.length;
  let to = sourceLines.findIndex((line) => line > last);
  if (to === -1) to = sourceLines.length;
  const source = new LineIndex(text);
  const output = new LineIndex(formatted);
  // Whole lines with their line breaks: the line after the last starts where they end.
  const lineStart = (lines: LineIndex, line: number): number =>
    lines.offsetAt({ line, character: 0 });
  return (
    text.slice(0, lineStart(source, first)) +
    formatted.slice(lineStart(output, from), lineStart(output, to)) +
    text.slice(lineStart(source, last + 1))
  );
}
