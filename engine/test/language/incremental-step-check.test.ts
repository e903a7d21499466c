import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { generateWorkflows } from "../../src/bench/generated-workflows";
import { knownReferencesFile, unknownReferencesFile } from "../../src/bench/unknown-references";
import type { Range } from "../../src/language/ast";
import { shiftDiagnostic } from "../../src/language/check/line-shift";
import type { Diagnostic } from "../../src/language/diagnostic";
import { LineIndex } from "../../src/language/line-index";
import { parseDocument } from "../../src/language/parse";
import type { CheckResult } from "../../src/language/scope";
import { LanguageWorkspace, type WorkspaceHost } from "../../src/language/workspace";
import { seededRandom } from "../support/seeded-random";
import { momoflowFiles } from "../support/momoflow-files";

// An edit inside one step re-checks that step alone (workflow-check-memo.ts):
// after every edit of long random sessions, the diagnostics of the one
// workspace kept through the session must be those of a full check of the
// same text, and the sessions must actually have reused the other steps'.

const ROOT = resolve(__dirname, "../../..");

/** The result as plain data: what the editor reads (suggestions included). */
function plain(result: CheckResult): string {
  return JSON.stringify(result.diagnostics);
}

/** The check of `text` by a workspace that never saw another text. */
function fullCheck(path: string, text: string, host: WorkspaceHost): string {
  const workspace = new LanguageWorkspace({ host });
  workspace.setText(path, text);
  return plain(workspace.check(path));
}

/** Where a step's text may change: after its keyword, before its closing brace. */
interface StepSpan {
  start: number;
  end: number;
  /** The ids, params and vars of its workflow: what an edit may name. */
  names: WorkflowNames;
}

interface WorkflowNames {
  steps: string[];
  values: string[];
  /** Every workflow of the file. */
  workflows: string[];
}

function stepSpans(text: string, path: string): StepSpan[] {
  const { file } = parseDocument(text, path);
  const lines = new LineIndex(text);
  const spans: StepSpan[] = [];
  const workflows = file.workflows.flatMap((w) => (w?.name?.text ? [w.name.text] : []));
  for (const workflow of file.workflows) {
    if (!workflow) continue;
    const names: WorkflowNames = {
      steps: workflow.steps.flatMap((s) => (s?.name?.text ? [s.name.text] : [])),
      values: [...workflow.params, ...workflow.vars].flatMap((v) =>
        v?.name?.text ? [v.name.text] : [],
      ),
      workflows,
    };
    for (const step of workflow.steps) {
      if (!step) continue;
      const start = lines.offsetAt(step.range.start) + "step".length;
      const end = lines.offsetAt(step.range.end) - 1;
      if (end > start) spans.push({ start, end, names });
    }
  }
  return spans;
}

/** The text of one edit inside a random step of `text`; undefined when it has no step. */
function randomStepEdit(text: string, path: string, next: () => number): string | undefined {
  const spans = stepSpans(text, path);
  if (spans.length === 0) return undefined;
  const pick = <T>(items: readonly T[], otherwise: T): T =>
    items.length === 0 ? otherwise : items[Math.floor(next() * items.length)]!;
  const span = pick(spans, spans[0]!);
  const at = span.start + Math.floor(next() * (span.end - span.start));
  const step = pick(span.names.steps, "nowhere");
  const value = pick(span.names.values, "nothing");
  // Where a property may start: the beginning of a line inside the step.
  const lineStart = text.lastIndexOf("\n", at) + 1;
  const property = lineStart > span.start && lineStart < span.end ? lineStart : at;
  const insert = (offset: number, snippet: string): string =>
    text.slice(0, offset) + snippet + text.slice(offset);
  const kinds: (() => string)[] = [
    // Keystrokes that change no line: most of what an editor sends.
    () => text.slice(0, at) + pick(["x", "q", "_", "7", " ", '"'], "x") + text.slice(at + 1),
    () => insert(at, pick(["e", "s", "0", "-", "."], "e")),
    () => text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 3)),
    () => insert(at, step),
    // The id moves (a space before it): the same id, elsewhere on its line.
    () => insert(span.start, " "),
    () => insert(at, `\${steps.${step}.output}`),
    () => insert(at, `\${params.${value}}`),
    () => insert(at, `\${vars.${value}}`),
    () => insert(at, `\${steps.${step}.output.field}`),
    // Properties that change what other steps read of this one, or what it uses.
    () => insert(property, `needs: ${step} `),
    () => insert(property, `needs: [${step}, ${pick(span.names.steps, step)}] `),
    () => insert(property, "output: json "),
    () => insert(property, 'for_each: f in ["a", "b"] '),
    () => insert(at, `\${steps.${step}.outputs}`),
    () => insert(property, "rollback: none "),
    () => insert(property, 'run: shell(command: "rm -rf build") '),
    () => insert(property, `when: \${params.${value}} == "a" `),
    () => insert(property, `run: workflow ${pick(span.names.workflows, step)}() `),
    // Another workflow called: what the step's output is changes with it.
    () => {
      const call = /run: *workflow +([A-Za-z_][A-Za-z0-9_]*)\(/.exec(
        text.slice(span.start, span.end),
      );
      if (!call) return insert(at, " ");
      const name = span.start + call.index + call[0].length - 1 - call[1]!.length;
      const callee = pick(span.names.workflows, call[1]!);
      return text.slice(0, name) + callee + text.slice(name + call[1]!.length);
    },
    // Lines moved: the steps after it move by whole lines.
    () => insert(at, "\n"),
    () => insert(property, `output: json\n    `),
    () => insert(property, "\n"),
    () => insert(property, "// a note\n    "),
    () => insert(property, `rollback: none\n    when: \${params.${value}} == "a"\n    `),
    // A line break deleted: the line after it joins the one it ends.
    () => {
      const end = text.indexOf("\n", at);
      if (end < 0 || end >= span.end) return insert(at, "\n\n");
      return text.slice(0, end) + " " + text.slice(end + 1);
    },
    // A whole line deleted.
    () => {
      const end = text.indexOf("\n", property);
      if (property === at || end < 0 || end >= span.end) return insert(property, "\n");
      return text.slice(0, property) + text.slice(end + 1);
    },
  ];
  return pick(kinds, kinds[0]!)();
}

/** The diagnostic objects of `result` that `previous` had too: the ones the check reused. */
function sharedDiagnostics(previous: CheckResult, result: CheckResult): number {
  const before = new Set<Diagnostic>(previous.diagnostics);
  return result.diagnostics.filter((d) => before.has(d)).length;
}

/** How many checks of a session reused diagnostics of the check before. */
interface Reuse {
  checks: number;
  /** Of them, the checks of an edit that added or removed lines. */
  linesMoved: number;
}

function lineCount(text: string): number {
  let lines = 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lines++;
  return lines;
}

/**
 * A session of `edits` random edits inside steps, each checked by one
 * workspace and compared with a full check; returns how many checks reused
 * diagnostics of the check before.
 */
function session(
  host: WorkspaceHost,
  path: string,
  start: string,
  seed: number,
  edits: number,
): Reuse {
  const workspace = new LanguageWorkspace({ host, incrementalCheck: true });
  const next = seededRandom(seed);
  let text = start;
  workspace.setText(path, text);
  let previous = workspace.check(path);
  let previousPlain = plain(previous);
  const reuse: Reuse = { checks: 0, linesMoved: 0 };
  let clean = start;
  const check = (what: string, linesMoved: boolean): void => {
    workspace.setText(path, text);
    const result = workspace.check(path);
    const expected = fullCheck(path, text, host);
    if (plain(result) !== expected)
      assert.equal(plain(result), expected, `${path}, seed ${seed}, ${what}`);
    // An editor may still hold the diagnostics of the check before: they stay as they were.
    if (plain(previous) !== previousPlain)
      assert.equal(
        plain(previous),
        previousPlain,
        `${path}, seed ${seed}, the check before ${what}`,
      );
    previousPlain = expected;
    if (result !== previous && sharedDiagnostics(previous, result) > 0) {
      reuse.checks++;
      if (linesMoved) reuse.linesMoved++;
    }
    previous = result;
  };
  for (let n = 0; n < edits; n++) {
    const edited = randomStepEdit(text, path, next);
    if (edited === undefined) break;
    const linesMoved = lineCount(edited) !== lineCount(text);
    text = edited;
    check(`after edit ${n + 1}`, linesMoved);
    // A syntax error: undone, as an editor's user does (only a file that
    // parses is re-parsed incrementally).
    if (parseDocument(text, path).diagnostics.length === 0) clean = text;
    else {
      const linesMoved = lineCount(clean) !== lineCount(text);
      text = clean;
      check(`after undoing edit ${n + 1}`, linesMoved);
    }
  }
  return reuse;
}

/** The repository's files, as they are on disk (imports included). */
const DISK: WorkspaceHost = {
  readFile: (path) => {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
};

describe("incremental check of an edit inside one step", function () {
  this.timeout(300_000);

  it("gives what a full check gives after random edits of every .momoflow file of the repository", () => {
    const files = [
      ...momoflowFiles(join(ROOT, "test-fixtures")),
      ...momoflowFiles(join(ROOT, "examples")),
    ];
    assert.ok(files.length > 20, `only ${files.length} files found`);
    let reused = 0;
    let linesMoved = 0;
    let checks = 0;
    files.forEach((path, i) => {
      for (let seed = 1; seed <= 4; seed++) {
        const reuse = session(DISK, path, readFileSync(path, "utf8"), i * 100 + seed, 40);
        reused += reuse.checks;
        linesMoved += reuse.linesMoved;
        checks += 40;
      }
    });
    // Most edits are keystrokes that move no line: many checks must have reused.
    assert.ok(reused > checks / 8, `only ${reused} of ${checks} checks reused the one before`);
    // An edit that adds or removes lines inside a step reuses the others' too.
    assert.ok(linesMoved > checks / 40, `only ${linesMoved} checks that moved lines reused`);
  });

  it("gives what a full check gives after random edits of generated workflows", () => {
    const generated = generateWorkflows({ workflows: 3, stepsPerWorkflow: 14, tests: 2 });
    const texts: [string, string][] = [
      ["/incremental-step-check/unknown.momoflow", unknownReferencesFile(60)],
      ["/incremental-step-check/known.momoflow", knownReferencesFile(60)],
      [generated.mainPath, generated.main],
    ];
    let reused = 0;
    let linesMoved = 0;
    for (const [path, text] of texts) {
      const host: WorkspaceHost = { readFile: (p) => generated.files.get(p) };
      for (let seed = 1; seed <= 6; seed++) {
        const reuse = session(host, path, text, seed * 7919, 60);
        reused += reuse.checks;
        linesMoved += reuse.linesMoved;
      }
    }
    assert.ok(reused > 60, `only ${reused} checks reused the one before`);
    assert.ok(linesMoved > 40, `only ${linesMoved} checks that moved lines reused`);
  });
});

describe("incremental check of an edit inside one step: what other steps read of it", () => {
  const PATH = "/incremental-step-check/calls.momoflow";
  const file = (callee: string, message: string): string =>
    [
      "workflow a {",
      '  step first { run: log(message: "a") }',
      "}",
      "workflow b {",
      '  step last { run: log(message: "b") }',
      "}",
      "workflow main {",
      "  step s {",
      `    run: workflow ${callee}()`,
      "  }",
      "  step r {",
      "    needs: s",
      `    run: log(message: "${message} \${steps.s.output.field}")`,
      "  }",
      "}",
      "",
    ].join("\n");

  /** Checks `before`, then `after` in the same workspace: the result must be a full check's. */
  function checkEdit(before: string, after: string): CheckResult {
    const host: WorkspaceHost = { readFile: () => undefined };
    const workspace = new LanguageWorkspace({ host, incrementalCheck: true });
    workspace.setText(PATH, before);
    workspace.check(PATH);
    workspace.setText(PATH, after);
    const result = workspace.check(PATH);
    assert.equal(plain(result), fullCheck(PATH, after, host));
    return result;
  }

  it("re-checks the steps that read a step whose call now names another workflow", () => {
    const result = checkEdit(file("a", "x"), file("b", "x"));
    assert.match(plain(result), /workflow \\"b\\"/);
  });

  it("reuses the other steps' check when the edit changes nothing they read", () => {
    const host: WorkspaceHost = { readFile: () => undefined };
    const workspace = new LanguageWorkspace({ host, incrementalCheck: true });
    workspace.setText(PATH, file("a", "x"));
    const before = workspace.check(PATH);
    workspace.setText(PATH, file("a", "x").replace("workflow a()", "workflow a( )"));
    const after = workspace.check(PATH);
    assert.equal(plain(after), fullCheck(PATH, workspace.getText(PATH)!, host));
    assert.ok(sharedDiagnostics(before, after) > 0, "the reading step's diagnostic is reused");
  });
});

describe("incremental check of an edit that moves the escapes of a later step's MF024", () => {
  const PATH = "/incremental-step-check/escapes.momoflow";
  const text = (gap: string): string =>
    [
      "workflow w {",
      "  step a {",
      `    run: log(message: "a")${gap}`,
      "  }",
      "  step b {",
      '    run: """',
      '      echo "x\\"y" "\\$HOME"',
      '    """',
      "    rollback: none",
      "  }",
      "}",
      "",
    ].join("\n");

  it("moves every escape its quick fixes change, as a full check places them", () => {
    const host: WorkspaceHost = { readFile: () => undefined };
    const workspace = new LanguageWorkspace({ host, incrementalCheck: true });
    workspace.setText(PATH, text(""));
    workspace.check(PATH);
    const after = text("\n\n");
    workspace.setText(PATH, after);
    assert.equal(plain(workspace.check(PATH)), fullCheck(PATH, after, host));
  });

  it("moves the escapes of a kept MF024 with its range", () => {
    const at = (line: number, character: number): Range => ({
      start: { line, character },
      end: { line, character: character + 2 },
    });
    const kept: Diagnostic = {
      code: "MF024",
      severity: "warning",
      path: "/w.momoflow",
      range: at(6, 13),
      message: "2 escapes",
      data: {
        cookedEscapes: [
          { escaped: '"', range: at(6, 13) },
          { escaped: "$", range: at(7, 4) },
        ],
      },
    };
    const moved = shiftDiagnostic(kept, { after: 3, by: 2 });
    assert.deepEqual(moved.data?.cookedEscapes, [
      { escaped: '"', range: at(8, 13) },
      { escaped: "$", range: at(9, 4) },
    ]);
    assert.deepEqual(kept.data?.cookedEscapes?.[0]?.range, at(6, 13), "the kept one unchanged");
  });
});

describe("incremental check of an edit inside one step that moves lines", () => {
  const PATH = "/incremental-step-check/lines.momoflow";
  const text = [
    "workflow w {",
    "  // Its diagnostic is kept as it was by each check that reuses the one before.",
    "  step z {",
    "    needs: nowhere",
    '    run: log(message: "z")',
    "  }",
    "  step a {",
    '    run: log(message: "a")',
    "  }",
    "  step b {",
    "",
    "    needs: c",
    '    run: log(message: "b")',
    "  }",
    "  step c {",
    "    needs: b",
    '    run: log(message: "c")',
    "  }",
    "}",
    "",
  ].join("\n");

  it("finds the cycle where a full check does after edits that moved the lines of its needs", () => {
    const host: WorkspaceHost = { readFile: () => undefined };
    const workspace = new LanguageWorkspace({ host, incrementalCheck: true });
    const edits = [
      // Inside b, no line moved: b's check is made again, the cycle's kept.
      text.replace('"b"', '"bb"'),
      // A line added in a: b and its needs move down one line.
      text.replace('"b"', '"bb"').replace('"a")', '"a")\n'),
      // b's blank line removed: its needs move back up, where they were at first.
      text.replace('"b"', '"bb"').replace('"a")', '"a")\n').replace("b {\n\n", "b {\n"),
    ];
    workspace.setText(PATH, text);
    let previous = workspace.check(PATH);
    const reused: boolean[] = [];
    for (const edited of edits) {
      workspace.setText(PATH, edited);
      const result = workspace.check(PATH);
      assert.equal(plain(result), fullCheck(PATH, edited, host));
      reused.push(sharedDiagnostics(previous, result) > 0);
      previous = result;
    }
    assert.match(plain(previous), /MF003/);
    // What makes the last edit a test: the two before it reused the check before.
    assert.deepEqual(reused.slice(0, 2), [true, true]);
  });
});

describe("incremental check of an edit inside one step: the file it imports changes too", () => {
  const MAIN = "/incremental-step-check/imports/main.momoflow";
  const LIB = "/incremental-step-check/imports/lib.momoflow";
  const main = [
    'import "./lib.momoflow"',
    "",
    "workflow release {",
    '  param target: string = "staging"',
    "  step stamp_it {",
    '    run: stamp(file: "stamp.txt")',
    "  }",
    "  step show {",
    "    needs: stamp_it",
    '    run: log(message: "${params.target} ${steps.stamp_it.output}")',
    "  }",
    "  step again {",
    '    run: stamp(file: "${params.target}.txt")',
    "  }",
    "  // Problems that stay: their diagnostics are what a reused check keeps.",
    "  step stale {",
    '    run: log(message: "${steps.nowhere.output}")',
    "  }",
    "  step stale_too {",
    "    needs: nowhere_either",
    '    run: stamp(file: "x")',
    "  }",
    "}",
    "",
    "// A step that calls a workflow is checked in full with its workflow (it reads the callee's).",
    "workflow caller {",
    "  step called {",
    "    run: workflow helper()",
    "  }",
    "  step show {",
    "    needs: called",
    '    run: log(message: "${steps.called.output}")',
    "  }",
    "}",
    "",
  ].join("\n");
  const lib = [
    "command stamp(file: path) {",
    '  description: "Write the run id into a file"',
    '  run: "echo ${run.id} > ${file}"',
    '  rollback: "rm -f ${file}"',
    "}",
    "",
    "workflow helper {",
    '  step h { run: log(message: "h") }',
    "}",
    "",
  ].join("\n");
  /** Edits of the imported file: what the main file's steps find there changes with each. */
  const libEdits: ((text: string) => string)[] = [
    (text) => text.replace("command stamp(", "command stamp_file("),
    (text) => text.replace("command stamp_file(", "command stamp("),
    (text) => text.replace("stamp(file: path)", "stamp(path: path)"),
    (text) => text.replace("stamp(path: path)", "stamp(file: path)"),
    (text) => text.replace("stamp(file: path)", "stamp(file: int)"),
    (text) => text.replace("stamp(file: int)", "stamp(file: path)"),
    (text) => text.replace("workflow helper {", "workflow helpers {"),
    (text) => text.replace("workflow helpers {", "workflow helper {"),
    (text) => text.replace("  step h {", "  step h {\n    output: json"),
    (text) => text.replace("  step h {\n    output: json", "  step h {"),
    // A syntax error in the imported file, then the same file again.
    (text) => text + "workflow {\n",
    (text) => text.replace(/workflow \{\n$/, ""),
  ];

  it("gives what a full check gives when edits of the main file's steps and of its import alternate", () => {
    let reused = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const next = seededRandom(seed * 104729);
      const texts = new Map([
        [MAIN, main],
        [LIB, lib],
      ]);
      const host: WorkspaceHost = { readFile: (path) => texts.get(path) };
      const workspace = new LanguageWorkspace({ host, incrementalCheck: true });
      workspace.setText(LIB, lib);
      workspace.setText(MAIN, main);
      let previous = workspace.check(MAIN);
      let clean = main;
      for (let n = 0; n < 60; n++) {
        let what: string;
        if (next() < 0.3) {
          const edit = libEdits[Math.floor(next() * libEdits.length)]!;
          texts.set(LIB, edit(texts.get(LIB)!));
          workspace.setText(LIB, texts.get(LIB)!);
          what = "an edit of the imported file";
          // Not always checked before the next edit of the main file (a server may wait).
          if (next() < 0.5) continue;
        } else {
          const edited = randomStepEdit(texts.get(MAIN)!, MAIN, next)!;
          // Only a main file that parses is kept (an editor's user undoes the rest).
          texts.set(MAIN, parseDocument(edited, MAIN).diagnostics.length === 0 ? edited : clean);
          clean = texts.get(MAIN)!;
          workspace.setText(MAIN, clean);
          what = "an edit of a step";
        }
        const result = workspace.check(MAIN);
        assert.equal(
          plain(result),
          fullCheck(MAIN, texts.get(MAIN)!, host),
          `seed ${seed}, after ${what} (${n + 1})`,
        );
        if (result !== previous && sharedDiagnostics(previous, result) > 0) reused++;
        previous = result;
      }
    }
    // Edits of a step of a file whose import did not change since its last check reuse.
    assert.ok(reused > 20, `only ${reused} checks reused the one before`);
  });
});
