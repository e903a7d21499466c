import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { generateWorkflows } from "../../src/bench/generated-workflows";
import { unknownReferencesFile } from "../../src/bench/unknown-references";
import { reparseIncrementally } from "../../src/language/incremental-parse";
import { LineIndex } from "../../src/language/line-index";
import { parseDocument } from "../../src/language/parse";
import type { ParsedDocument } from "../../src/language/scope";
import { LanguageWorkspace } from "../../src/language/workspace";
import { seededRandom } from "../support/seeded-random";
import { momoflowFiles } from "../support/momoflow-files";

const FIXTURES = resolve(__dirname, "../../../test-fixtures");
const PATH = "/incremental/main.momoflow";

function fullParse(text: string, path = PATH): ParsedDocument {
  const { file, diagnostics } = parseDocument(text, path);
  return { path, text, file, syntaxDiagnostics: diagnostics };
}

/** What a full parse gives, as plain data. */
function plain(document: ParsedDocument): unknown {
  return JSON.parse(
    JSON.stringify({ file: document.file, diagnostics: document.syntaxDiagnostics }),
  );
}

/** Deep equality after a JSON round trip (compared as text first: deepEqual of big trees is slow). */
function assertSame(actual: ParsedDocument, expected: ParsedDocument, message: string): void {
  const json = (d: ParsedDocument): string =>
    JSON.stringify({ file: d.file, diagnostics: d.syntaxDiagnostics });
  if (json(actual) !== json(expected)) assert.deepEqual(plain(actual), plain(expected), message);
}

interface Edit {
  what: string;
  text: string;
}

function replace(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** Offsets of the characters matching `test`, optionally within [from, to). */
function offsets(
  text: string,
  test: (char: string) => boolean,
  from = 0,
  to = text.length,
): number[] {
  const found: number[] = [];
  for (let i = from; i < to; i++) if (test(text[i]!)) found.push(i);
  return found;
}

/** Random single edits of every kind on `text` (a document that parses without errors). */
function randomEdits(text: string, seed: number, count: number): Edit[] {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T | undefined =>
    items.length === 0 ? undefined : items[Math.floor(next() * items.length)];
  const document = fullParse(text);
  const lines = new LineIndex(text);
  const declarations = document.file.declarations.map((d) => ({
    start: lines.offsetAt(d.range.start),
    end: lines.offsetAt(d.range.end),
  }));
  const quotes = offsets(text, (c) => c === '"');
  const letters = offsets(text, (c) => /[a-z_]/.test(c));
  const digits = offsets(text, (c) => /[0-9]/.test(c));
  const newlines = offsets(text, (c) => c === "\n");
  const colons = offsets(text, (c) => c === ":");
  const first = declarations[0];
  const last = declarations[declarations.length - 1];
  const inside = (d: { start: number; end: number } | undefined): number | undefined =>
    d && d.end - d.start > 12
      ? d.start + 10 + Math.floor(next() * (d.end - d.start - 11))
      : undefined;

  const kinds: ((n: number) => Edit | undefined)[] = [
    () => {
      const at = pick(quotes);
      return at === undefined
        ? undefined
        : { what: "inside a string", text: replace(text, at + 1, at + 1, "x") };
    },
    () => {
      const at = pick(letters);
      return at === undefined
        ? undefined
        : { what: "a name's letter", text: replace(text, at, at + 1, "q") };
    },
    () => {
      const at = pick(letters);
      return at === undefined
        ? undefined
        : { what: "delete a letter", text: replace(text, at, at + 1, "") };
    },
    () => {
      const at = pick(digits);
      return at === undefined
        ? undefined
        : { what: "a number", text: replace(text, at, at + 1, "7") };
    },
    () => {
      const at = pick(colons);
      return at === undefined
        ? undefined
        : { what: "a property value", text: replace(text, at + 1, at + 1, ' "v" //') };
    },
    () => {
      const at = pick(newlines);
      return at === undefined
        ? undefined
        : { what: "insert a line", text: replace(text, at, at, "\n") };
    },
    () => {
      const at = pick(newlines);
      return at === undefined
        ? undefined
        : { what: "insert a comment line", text: replace(text, at + 1, at + 1, "  // note\n") };
    },
    () => {
      const at = pick(newlines);
      if (at === undefined) return undefined;
      const end = text.indexOf("\n", at + 1);
      return end < 0 ? undefined : { what: "remove a line", text: replace(text, at, end, "") };
    },
    () => {
      const at = inside(first);
      return at === undefined
        ? undefined
        : { what: "first declaration", text: replace(text, at, at, " ") };
    },
    () => {
      const at = inside(last);
      return at === undefined
        ? undefined
        : { what: "last declaration", text: replace(text, at, at, "\n") };
    },
    () => {
      const at = pick(letters);
      return at === undefined
        ? undefined
        : { what: "syntax error", text: replace(text, at, at, "{ @") };
    },
    () => {
      if (declarations.length < 2) return undefined;
      const i = Math.floor(next() * (declarations.length - 1));
      const from = inside(declarations[i]);
      const to = inside(declarations[i + 1]);
      return from === undefined || to === undefined
        ? undefined
        : { what: "across two declarations", text: replace(text, from, to, "") };
    },
  ];
  const edits: Edit[] = [];
  for (let n = 0; n < count; n++) {
    const edit = kinds[n % kinds.length]!(n);
    if (edit && edit.text !== text) edits.push(edit);
  }
  return edits;
}

/** Checks every edit; returns how many were re-parsed incrementally. */
function checkEdits(text: string, edits: readonly Edit[], path = PATH): number {
  let incremental = 0;
  for (const edit of edits) {
    const result = reparseIncrementally(fullParse(text, path), edit.text);
    const full = fullParse(edit.text, path);
    if (edit.what === "across two declarations" || full.syntaxDiagnostics.length > 0)
      assert.equal(result, undefined, `${edit.what}: must fall back to a full parse`);
    if (result === undefined) continue;
    incremental++;
    assert.equal(result.text, edit.text);
    assertSame(result, full, `${edit.what}: differs from a full parse`);
  }
  return incremental;
}

describe("incremental re-parse of one declaration", function () {
  // Full parses of 10,000-line documents compared node by node: minutes on a busy 2-core machine.
  this.timeout(240_000);
  const generated = generateWorkflows({ workflows: 3, stepsPerWorkflow: 14, tests: 4 });

  it("equals a full parse after random single edits of a generated document", () => {
    const edits = randomEdits(generated.main, 1, 240);
    const incremental = checkEdits(generated.main, edits);
    assert.ok(incremental > edits.length / 3, `only ${incremental} of ${edits.length} incremental`);
  });

  it("equals a full parse after random edits of the benchmark's 10,000-line document", () => {
    const { main } = generateWorkflows({ workflows: 5, stepsPerWorkflow: 200, tests: 20 });
    const edits = randomEdits(main, 11, 24);
    assert.ok(checkEdits(main, edits) > 0);
  });

  it("re-parses the benchmark's one-character edit incrementally", () => {
    const { main, editOffset } = generated;
    const text = replace(main, editOffset, editOffset + 1, "Z");
    const result = reparseIncrementally(fullParse(main), text);
    assert.ok(result, "fell back to a full parse");
    assert.deepEqual(plain(result), plain(fullParse(text)));
  });

  it("equals a full parse over a session of successive edits (trees reused)", () => {
    let text = generated.main;
    let document = fullParse(text);
    const next = seededRandom(7);
    let incremental = 0;
    for (let n = 0; n < 150; n++) {
      const edits = randomEdits(text, Math.floor(next() * 1e9), 12);
      const edit = edits[Math.floor(next() * edits.length)]!;
      const result = reparseIncrementally(document, edit.text);
      const full = fullParse(edit.text);
      if (result) {
        incremental++;
        assertSame(result, full, `edit ${n} (${edit.what})`);
      }
      document = result ?? full;
      text = edit.text;
      // Keep the document mostly valid: undo errors with a fresh start.
      if (document.syntaxDiagnostics.length > 0) {
        text = generated.main;
        document = fullParse(text);
      }
    }
    assert.ok(incremental > 30, `only ${incremental} incremental`);
  });

  describe("fixtures", () => {
    for (const path of momoflowFiles(FIXTURES)) {
      const name = relative(FIXTURES, path);
      it(name, () => {
        const text = readFileSync(path, "utf8");
        if (fullParse(text, path).syntaxDiagnostics.length > 0) {
          // A document with syntax errors is always parsed in full.
          const edits = randomEdits(text, 3, 12);
          for (const edit of edits)
            assert.equal(reparseIncrementally(fullParse(text, path), edit.text), undefined);
          return;
        }
        checkEdits(text, randomEdits(text, name.length, 120), path);
      });
    }
  });

  it("re-parses only the edited step of a workflow of many steps, and equals a full parse", () => {
    const text = unknownReferencesFile(300);
    const old = fullParse(text);
    const steps = [...old.file.workflows[0]!.steps];
    // Inside the log message of step 150, and a line added inside the same step.
    const at = text.indexOf('log(message: "step 150') + 'log(message: "'.length;
    const open = text.indexOf("step step_00150 {") + "step step_00150 {".length;
    for (const [offset, insert] of [
      [at, "x"],
      [open, "\n"],
    ] as const) {
      const edited = replace(text, offset, offset, insert);
      const result = reparseIncrementally(fullParse(text), edited);
      assert.ok(result, `${JSON.stringify(insert)}: fell back to a full parse`);
      assertSame(result, fullParse(edited), `${JSON.stringify(insert)}: differs from a full parse`);
    }
    const result = reparseIncrementally(old, replace(text, at, at, "x"))!;
    const kept = result.file.workflows[0]!.steps.filter((step, i) => step === steps[i]);
    assert.equal(kept.length, steps.length - 1, "every other step is the same node");
  });

  it("is what LanguageWorkspace.parse returns after an edit", () => {
    const texts = new Map([[PATH, generated.main]]);
    const workspace = new LanguageWorkspace({ readFile: (path) => texts.get(path) });
    workspace.setText(PATH, generated.main);
    workspace.parse(PATH);
    const { main, editOffset } = generated;
    const text = replace(main, editOffset, editOffset + 1, "Z");
    workspace.setText(PATH, text);
    const document = workspace.parse(PATH)!;
    assert.equal(document.text, text);
    assert.deepEqual(plain(document), plain(fullParse(text)));
  });
});
