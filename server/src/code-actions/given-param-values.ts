/**
 * The values a file gives a workflow's param — an entry of a test's
 * `params`, an argument of a `workflow NAME(...)` call — and the edits that
 * delete them: removing a param nothing in its workflow reads (MF012) must
 * not leave a test or a call giving a param that no longer exists (MF006).
 */
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { TextEdit } from "vscode-languageserver/node";
import type { Range, SourceFile } from "@momoflow/language";

/** An entry among its siblings: a map's entries in its braces, a call's arguments in its parentheses. */
interface GivenValue {
  /** The entry's `name: value`. */
  entry: Range;
  /** Every entry of its map or call, in order (the entry among them). */
  siblings: readonly Range[];
  /** The braces or parentheses around them. */
  enclosing: Range;
}

/**
 * The edits deleting every value `file` gives param `param` of its workflow
 * `workflow`: in the `params` of the tests that run it, and in the calls
 * that call it by name (in the file that declares it, its own declaration
 * is the one a name means).
 */
export function givenValueDeletions(
  document: TextDocument,
  file: SourceFile,
  workflow: string,
  param: string,
): TextEdit[] {
  return givenValues(file, workflow, param).map((given) => ({
    range: deletion(document, given),
    newText: "",
  }));
}

function givenValues(file: SourceFile, workflow: string, param: string): GivenValue[] {
  const found: GivenValue[] = [];
  for (const test of file.tests ?? []) {
    const runs = test?.properties?.find((p) => p?.name?.text === "workflow")?.value;
    if (runs?.kind !== "ref" || runs.segments?.length !== 1 || runs.segments[0]?.text !== workflow)
      continue;
    for (const property of test.properties ?? []) {
      const map = property?.value;
      if (property?.name?.text !== "params" || map?.kind !== "map" || !map.range) continue;
      const entries = (map.entries ?? []).filter((e) => e?.range);
      const siblings = entries.map((e) => e.range);
      for (const entry of entries) {
        if (entry.key?.text === param)
          found.push({ entry: entry.range, siblings, enclosing: map.range });
      }
    }
  }
  for (const owner of file.workflows ?? []) {
    for (const step of owner?.steps ?? []) {
      for (const property of step?.properties ?? []) {
        const call = property?.value;
        if (property?.name?.text !== "run" || call?.kind !== "call" || !call.workflow) continue;
        if (call.callee?.text !== workflow || !call.argsRange) continue;
        const args = (call.args ?? []).filter((a) => a?.range);
        const siblings = args.map((a) => a.range);
        for (const arg of args) {
          if (arg.name?.text === param)
            found.push({ entry: arg.range, siblings, enclosing: call.argsRange });
        }
      }
    }
  }
  return found;
}

/**
 * What deleting one entry removes, so that the commas and spacing left are
 * as a person would leave them: up to the next entry (its comma and the
 * space or line break after it); for the last one, from the end of the
 * entry before it (a trailing comma stays); for the only one, everything
 * between the braces or parentheses (`{}`, `()`).
 */
function deletion(document: TextDocument, { entry, siblings, enclosing }: GivenValue): Range {
  const at = siblings.findIndex((range) => sameStart(range, entry));
  const next = siblings[at + 1];
  const previous = at > 0 ? siblings[at - 1] : undefined;
  if (next) return { start: entry.start, end: next.start };
  if (previous) return { start: previous.end, end: entry.end };
  // Between the brackets, when both are there (a tree recovered from a syntax error may lack one).
  const open = document.offsetAt(enclosing.start);
  const close = document.offsetAt(enclosing.end) - 1;
  const text = document.getText();
  if (!"{(".includes(text[open]!) || !"})".includes(text[close]!)) return entry;
  return { start: document.positionAt(open + 1), end: document.positionAt(close) };
}

function sameStart(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character;
}
