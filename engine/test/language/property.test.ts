import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import fc from "fast-check";
import type { Range } from "../../src/language/ast";
import { parseDocument } from "../../src/language/parse";
import { LanguageWorkspace } from "../../src/language/workspace";

/** Per-input time bound: generous, since this machine is shared; a hang or a blow-up is what it catches. */
const BOUND_MS = 2_000;

const fixtureDir = resolve(__dirname, "../../../test-fixtures");
const fixtures = ["valid", "invalid", "tests"].flatMap((dir) =>
  readdirSync(join(fixtureDir, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".momoflow"))
    .map((f) => readFileSync(join(fixtureDir, dir, f), "utf8")),
);

/** Pieces of the language, so mutations make near-valid text, not only noise. */
const fragments = [
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  ",",
  ":",
  "=",
  "==",
  "!=",
  "<",
  "<=",
  ".",
  '"',
  '"""',
  "${",
  "}",
  "\\",
  "//",
  "/*",
  "*/",
  "///",
  "step",
  "workflow",
  "command",
  "test",
  "expect",
  "param",
  "var",
  "import",
  "run",
  "needs",
  "steps.a.output",
  "5m",
  "10MB",
  "-3",
  "2.5",
  "true",
  "\n",
  " ",
  "\t",
  "é",
  "😀",
  "\r\n",
  "\u0000",
];

/** Applies random edits (delete, insert a fragment, duplicate a slice) to a text. */
const mutated = fc
  .tuple(
    fc.constantFrom(...fixtures),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.nat({ max: 40 }),
        fc.constantFrom(...fragments),
        fc.constantFrom("delete", "insert", "duplicate"),
      ),
      { minLength: 1, maxLength: 8 },
    ),
  )
  .map(([text, edits]) => {
    let out = text;
    for (const [at, length, fragment, kind] of edits) {
      const i = out.length ? at % out.length : 0;
      if (kind === "delete") out = out.slice(0, i) + out.slice(i + length);
      else if (kind === "insert") out = out.slice(0, i) + fragment + out.slice(i);
      else out = out.slice(0, i) + out.slice(i, i + length) + out.slice(i);
    }
    return out;
  });

const randomText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 400 }),
  fc.array(fc.constantFrom(...fragments), { maxLength: 120 }).map((parts) => parts.join(" ")),
);

/** Whether a range lies inside `text` (LSP positions, UTF-16 characters). */
function inside(range: Range, lines: string[]): boolean {
  const { start, end } = range;
  const fits = (p: Range["start"]): boolean =>
    Number.isInteger(p.line) &&
    Number.isInteger(p.character) &&
    p.line >= 0 &&
    p.line < lines.length &&
    p.character >= 0 &&
    p.character <= lines[p.line]!.length;
  const ordered =
    start.line < end.line || (start.line === end.line && start.character <= end.character);
  return fits(start) && fits(end) && ordered;
}

/** Diagnostics seen, so a run that never exercised error paths is noticed. */
let diagnosticsSeen = 0;

function checkNeverFails(text: string): void {
  const lines = text.split(/\r\n|\r|\n/);
  const path = "/virtual/doc.momoflow";
  const started = performance.now();
  const parsed = parseDocument(text, path);
  const workspace = new LanguageWorkspace({ readFile: (p) => (p === path ? text : undefined) });
  const checked = workspace.check(path);
  const elapsed = performance.now() - started;
  assert.ok(elapsed < BOUND_MS, `took ${elapsed.toFixed(0)} ms for ${text.length} characters`);
  diagnosticsSeen += parsed.diagnostics.length + checked.diagnostics.length;
  for (const d of [...parsed.diagnostics, ...checked.diagnostics]) {
    assert.ok(
      inside(d.range, lines),
      `${d.code} range ${JSON.stringify(d.range)} is outside the document`,
    );
    for (const related of d.related ?? []) {
      if (related.path === path)
        assert.ok(inside(related.range, lines), `related range of ${d.code} is outside`);
    }
  }
}

describe("the parser and checker on any input (property-based)", function () {
  this.timeout(120_000);

  it("never throw, stay within a time bound, and keep every range inside the document: random text", () => {
    diagnosticsSeen = 0;
    fc.assert(
      fc.property(randomText, (text) => checkNeverFails(text)),
      { numRuns: 1500, seed: 20261125 },
    );
    assert.ok(
      diagnosticsSeen > 1000,
      `only ${diagnosticsSeen} diagnostics: the inputs missed the error paths`,
    );
  });

  it("never throw, stay within a time bound, and keep every range inside the document: mutated fixtures", () => {
    diagnosticsSeen = 0;
    fc.assert(
      fc.property(mutated, (text) => checkNeverFails(text)),
      { numRuns: 1500, seed: 47 },
    );
    assert.ok(
      diagnosticsSeen > 1000,
      `only ${diagnosticsSeen} diagnostics: the inputs missed the error paths`,
    );
  });
});
