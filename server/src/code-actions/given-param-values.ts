/**
 * The values files give a workflow's param — an entry of a test's
 * `params`, an argument of a `workflow NAME(...)` call — and the edits that
 * delete them: removing a param nothing in its workflow reads (MF012) must
 * not leave a test or a call giving a param that no longer exists (MF006),
 * in its own file or in one that imports it.
 */
import { TextDocument } from "vscode-languageserver-textdocument";
import type { TextEdit } from "vscode-languageserver/node";
import type { CheckResult, Range, SourceFile } from "@momoflow/language";
import { occurrencesByKey } from "../analysis/locate";
import { symbolKey, type ValueSymbolRef } from "../analysis/symbol-ref";

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
 * The edits deleting every value `check`'s file gives `param`: the test
 * `params` entries and call arguments the checker resolved to it (so a
 * workflow of the same name declared elsewhere keeps its own).
 */
export function givenValueDeletions(check: CheckResult, param: ValueSymbolRef): TextEdit[] {
  const names = new Set(
    (occurrencesByKey(check).get(symbolKey(param)) ?? [])
      .filter((occurrence) => !occurrence.isDeclaration)
      .map((occurrence) => rangeKey(occurrence.range)),
  );
  if (names.size === 0) return [];
  const document = TextDocument.create(check.document.path, "momoflow", 0, check.document.text);
  return givenValues(check.document.file, (name) => names.has(rangeKey(name))).map((given) => ({
    range: deletion(document, given),
    newText: "",
  }));
}

/** The entries and arguments of `file` whose name `names` says is the param's. */
function givenValues(file: SourceFile, names: (name: Range) => boolean): GivenValue[] {
  const found: GivenValue[] = [];
  for (const test of file.tests ?? []) {
    for (const property of test?.properties ?? []) {
      const map = property?.value;
      if (property?.name?.text !== "params" || map?.kind !== "map" || !map.range) continue;
      const entries = (map.entries ?? []).filter((e) => e?.range);
      const siblings = entries.map((e) => e.range);
      for (const entry of entries) {
        if (entry.key?.range && names(entry.key.range))
          found.push({ entry: entry.range, siblings, enclosing: map.range });
      }
    }
  }
  for (const workflow of file.workflows ?? []) {
    for (const step of workflow?.steps ?? []) {
      for (const property of step?.properties ?? []) {
        const call = property?.value;
        if (call?.kind !== "call" || !call.workflow || !call.argsRange) continue;
        const args = (call.args ?? []).filter((a) => a?.range);
        const siblings = args.map((a) => a.range);
        for (const arg of args) {
          if (arg.name?.range && names(arg.name.range))
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
  const at = siblings.findIndex((range) => rangeKey(range) === rangeKey(entry));
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

function rangeKey({ start, end }: Range): string {
  return `${start.line}:${start.character}-${end.line}:${end.character}`;
}
