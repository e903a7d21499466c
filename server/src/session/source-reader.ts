/**
 * Reading the text of a range of a file, as hover and completion quote what
 * was written: the workspace's files (open documents first, then the disk)
 * and the document being edited.
 */
import type { TextDocument } from "vscode-languageserver-textdocument";
import { type Range, LineIndex } from "@momoflow/language";

/** Gives the text of a range of a file, when the file can be read. */
export type SourceReader = (path: string, range: Range) => string | undefined;

/**
 * Reads ranges of files through `getText` (the workspace: open documents
 * first, then the disk), indexing each text once.
 */
export function sourceReader(getText: (path: string) => string | undefined): SourceReader {
  const byPath = new Map<string, { text: string; lines: LineIndex }>();
  return (path, range) => {
    const text = getText(path);
    if (text === undefined) return undefined;
    let entry = byPath.get(path);
    if (entry?.text !== text) {
      entry = { text, lines: new LineIndex(text) };
      byPath.set(path, entry);
    }
    return text.slice(entry.lines.offsetAt(range.start), entry.lines.offsetAt(range.end));
  };
}

/** Reads ranges of the open document through its own line index, and of other files through `others`. */
export function documentFirst(
  path: string,
  document: TextDocument,
  others: SourceReader,
): SourceReader {
  const text = document.getText();
  return (file, range) =>
    file === path
      ? text.slice(document.offsetAt(range.start), document.offsetAt(range.end))
      : others(file, range);
}
