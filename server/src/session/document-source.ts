/** Reads ranges of the open document through its own line index, and of other files through `others`. */
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { SourceReader } from "../hover/undo-explanation";

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
