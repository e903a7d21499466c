/**
 * The expectation comments of test-fixtures/invalid (see its README): a line
 * comment whose carets sit under a range of the nearest line above that is
 * not itself an expectation, then the code, the severity, and optionally a
 * piece of text the message must contain.
 *
 * ```momoflow
 *     needs: [biuld]
 * //          ^^^^^ MF002 error did you mean "build"
 * ```
 */
import type { Range } from "../../src/language/ast";
import type { Diagnostic } from "../../src/language/diagnostic";

/** One expected diagnostic. */
export interface Expectation {
  code: string;
  severity: string;
  range: Range;
  /** Text the message must contain, when given. */
  text: string | undefined;
  /** 0-based line of the expectation comment itself. */
  line: number;
}

const EXPECTATION = /^(\s*)\/\/(\s*)(\^+)\s+(MF\d{3})\s+(error|warning|information|hint)\b\s*(.*)$/;

/** The expectations written in a fixture's text. */
export function parseExpectations(text: string): Expectation[] {
  const expectations: Expectation[] = [];
  let target = -1;
  text.split(/\r?\n/).forEach((line, i) => {
    const match = EXPECTATION.exec(line);
    if (!match) {
      target = i;
      return;
    }
    const [, indent, gap, carets, code, severity, rest] = match;
    const start = indent!.length + 2 + gap!.length;
    expectations.push({
      code: code!,
      severity: severity!,
      range: {
        start: { line: target, character: start },
        end: { line: target, character: start + carets!.length },
      },
      text: rest!.trim() || undefined,
      line: i,
    });
  });
  return expectations;
}

/** `line:col-line:col`, 1-based as editors show them. */
export function showRange(range: Range): string {
  const { start, end } = range;
  return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
}

function key(code: string, severity: string, range: Range): string {
  return `${code} ${severity} ${showRange(range)}`;
}

/**
 * Compares what a check reported with what a fixture expects: the same set
 * of (code, severity, range), and each message containing its expected
 * text. Returns a readable report of every difference, or "" when none.
 */
export function compareWithExpectations(
  source: string,
  expected: readonly Expectation[],
  actual: readonly Diagnostic[],
): string {
  const lines = source.split(/\r?\n/);
  const remaining = new Map<string, Diagnostic[]>();
  for (const d of actual) {
    const k = key(d.code, d.severity, d.range);
    remaining.set(k, [...(remaining.get(k) ?? []), d]);
  }
  const problems: string[] = [];
  const show = (range: Range): string => {
    const text = lines[range.start.line] ?? "";
    const width =
      range.end.line === range.start.line
        ? Math.max(1, range.end.character - range.start.character)
        : 1;
    return `      | ${text}\n      | ${" ".repeat(range.start.character)}${"^".repeat(width)}`;
  };
  for (const e of expected) {
    const k = key(e.code, e.severity, e.range);
    const found = remaining.get(k);
    const match = found?.shift();
    if (!match) {
      problems.push(
        `  missing     ${k}${e.text ? ` (message containing ${JSON.stringify(e.text)})` : ""}\n${show(e.range)}`,
      );
      continue;
    }
    if (e.text && !match.message.includes(e.text)) {
      problems.push(
        `  wrong text  ${k}: ${JSON.stringify(match.message)} does not contain ${JSON.stringify(e.text)}`,
      );
    }
  }
  for (const list of remaining.values()) {
    for (const d of list) {
      problems.push(
        `  unexpected  ${key(d.code, d.severity, d.range)} ${JSON.stringify(d.message)}\n${show(d.range)}`,
      );
    }
  }
  return problems.join("\n");
}
