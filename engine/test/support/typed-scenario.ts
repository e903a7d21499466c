import type { Position, Range } from "../../src/language/ast";
import { LineIndex } from "../../src/language/line-index";
import { parseDocument, type ParseResult } from "../../src/language/parse";
import { checkedLines } from "./checked-file";

/*
 * One shape for the typing scenarios of the checker tier: a text, edited
 * as an editor edits it, and read back (its diagnostics, its steps, its
 * tree) as it is opened and after each edit.
 */

/** One edit of a scenario, named for the state it leaves (the text typed so far, for a key). */
export interface TypedEdit {
  readonly label: string;
  readonly range: Range;
  readonly text: string;
}

/** What the checker reads of the text in one state of a scenario. */
export interface CheckedState {
  /** `opened`, or the label of the edit that led here (used in assertion messages). */
  readonly label: string;
  readonly text: string;
  /** Its diagnostics as `line:col-line:col CODE message` (1-based), as {@link checkedLines} says them. */
  readonly said: string[];
  /** Each step of each workflow: `workflow/step[property,...]`. */
  readonly steps: string[];
  /** The text parsed as `/ws/main.momoflow`: its tree and its syntax errors with their data. */
  readonly parsed: ParseResult;
}

/** What a scenario asserts: of the text as opened, and after each edit. */
export interface TypedExpectations {
  opened?: (state: CheckedState) => void;
  edited?: (state: CheckedState) => void;
}

/** Checks `expected.opened` on `text`, then applies `edits` in turn, checking `expected.edited` after each. */
export function typedScenario(
  text: string,
  edits: readonly TypedEdit[],
  expected: TypedExpectations,
): void {
  mustExpectSomething(edits, expected);
  expected.opened?.(checkedState("opened", text));
  let current = text;
  for (const edit of edits) {
    current = applied(current, edit);
    expected.edited?.(checkedState(edit.label, current));
  }
}

/** `typed` typed key by key at `at` (on one line): one edit a key, labelled with what is typed so far. */
export function typing(at: Position, typed: string): TypedEdit[] {
  return [...typed].map((key, index) => {
    const position = { line: at.line, character: at.character + index };
    return {
      label: typed.slice(0, index + 1),
      range: { start: position, end: position },
      text: key,
    };
  });
}

/** `range` replaced by `text` (deleted when it is empty) in one edit. */
export function replacing(label: string, range: Range, text = ""): TypedEdit {
  return { label, range, text };
}

/** The line `line` (0-based) deleted whole. */
export function deletingLine(label: string, line: number): TypedEdit {
  return replacing(label, { start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
}

function checkedState(label: string, text: string): CheckedState {
  const parsed = parseDocument(text, "/ws/main.momoflow");
  return { label, text, said: checkedLines(text), steps: stepsOf(parsed), parsed };
}

function stepsOf(parsed: ParseResult): string[] {
  return parsed.file.workflows.flatMap((workflow) =>
    workflow.steps.map(
      (step) =>
        `${workflow.name.text}/${step.name.text}[${step.properties.map((p) => p.name.text).join(",")}]`,
    ),
  );
}

function applied(text: string, edit: TypedEdit): string {
  const lines = new LineIndex(text);
  return (
    text.slice(0, lines.offsetAt(edit.range.start)) +
    edit.text +
    text.slice(lines.offsetAt(edit.range.end))
  );
}

/** A scenario that asserts nothing of the states it reaches would pass whatever they are. */
function mustExpectSomething(edits: readonly TypedEdit[], expected: TypedExpectations): void {
  if (edits.length > 0 ? !expected.edited : !expected.opened)
    throw new Error("a typed scenario expects nothing of the states it reaches");
}
