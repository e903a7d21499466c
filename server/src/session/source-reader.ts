import { type Range, LineIndex } from "@momoflow/language";

/**
 * Reads ranges of files through `getText` (the workspace: open documents
 * first, then the disk), indexing each text once.
 */
export function sourceReader(
  getText: (path: string) => string | undefined,
): (path: string, range: Range) => string | undefined {
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
