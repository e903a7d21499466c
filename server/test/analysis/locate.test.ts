import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { LanguageWorkspace } from "@momoflow/language";
import {
  fileOccurrences,
  locateSymbol,
  type SymbolRef,
  findOccurrences,
} from "../../src/analysis/locate";

const fixtures = resolve(__dirname, "../../../test-fixtures");

/** A workspace over in-memory files under /ws. */
function workspace(files: Record<string, string>): LanguageWorkspace {
  return new LanguageWorkspace({ readFile: (path) => files[path] });
}

/** The position of the `n`th (0-based) occurrence of `needle` in `text`, plus `offset` characters. */
function positionOf(text: string, needle: string, n = 0, offset = 0) {
  let index = -1;
  for (let i = 0; i <= n; i++) {
    index = text.indexOf(needle, index + 1);
    assert.ok(index >= 0, `"${needle}" #${n} is in the text`);
  }
  const before = text.slice(0, index + offset);
  const line = before.split("\n").length - 1;
  return { line, character: before.length - before.lastIndexOf("\n") - 1 };
}

describe("analysis: locateSymbol and findOccurrences (in process)", () => {
  const common = [
    "workflow shared {",
    '  param run: string = "x"',
    "  step first {",
    '    run: "echo ${run} ${run.id} ${env.HOME}"',
    "  }",
    '  step second { needs: [first, nowhere] run: js("./m.mjs", "f", value: run) }',
    "}",
    "command tidy(dir: path, force: bool = false) {",
    '  run: sh(script: "rm -r ${dir}")',
    "  rollback: tidy(dir: dir)",
    "}",
    "",
  ].join("\n");
  const main = [
    'import "./common.momoflow"',
    'test "shared works" {',
    "  workflow: shared",
    '  params: { run: "y", unknown: 1 }',
    "  fail: [first]",
    "  expect step second == not_run",
    '  expect output first contains "x"',
    "  expect status == failed",
    "}",
    "",
  ].join("\n");
  const ws = workspace({ "/ws/common.momoflow": common, "/ws/main.momoflow": main });
  const commonCheck = ws.check("/ws/common.momoflow");
  const mainCheck = ws.check("/ws/main.momoflow");
  const locate = (check: typeof mainCheck, text: string, needle: string, n = 0, offset = 1) =>
    locateSymbol(check, positionOf(text, needle, n, offset))?.symbol;

  it("tells a param named run from the built-in run.id", () => {
    const param: SymbolRef = {
      kind: "param",
      name: "run",
      workflow: "shared",
      path: "/ws/common.momoflow",
    };
    assert.deepEqual(locate(commonCheck, common, "${run}", 0, 3), param);
    assert.equal(locate(commonCheck, common, "${run.id}", 0, 3), undefined);
    assert.deepEqual(locate(commonCheck, common, "env.HOME", 0, 5), { kind: "env", name: "HOME" });
    // The value of a js call's named argument is a reference; js itself is no command.
    assert.deepEqual(locate(commonCheck, common, "value: run", 0, 8), param);
    assert.equal(locate(commonCheck, common, "js(", 0, 1), undefined);
    // A step id that names no step resolves to nothing.
    assert.equal(locate(commonCheck, common, "nowhere"), undefined);
  });

  it("resolves a test's names through the workflow it tests, in the imported file", () => {
    const home = "/ws/common.momoflow";
    assert.deepEqual(locate(mainCheck, main, "shared", 1), {
      kind: "workflow",
      name: "shared",
      path: home,
    });
    const first: SymbolRef = { kind: "step", name: "first", workflow: "shared", path: home };
    assert.deepEqual(locate(mainCheck, main, "[first]"), first);
    assert.deepEqual(locate(mainCheck, main, "output first", 0, 8), first);
    assert.deepEqual(locate(mainCheck, main, "step second", 0, 6), {
      kind: "step",
      name: "second",
      workflow: "shared",
      path: home,
    });
    assert.deepEqual(locate(mainCheck, main, 'run: "y"'), {
      kind: "param",
      name: "run",
      workflow: "shared",
      path: home,
    });
    assert.equal(locate(mainCheck, main, "unknown"), undefined);
    assert.deepEqual(locate(mainCheck, main, "not_run"), {
      kind: "status",
      of: "step",
      name: "not_run",
    });
    assert.deepEqual(locate(mainCheck, main, "failed"), {
      kind: "status",
      of: "workflow",
      name: "failed",
    });
    assert.deepEqual(locate(mainCheck, main, "./common"), { kind: "import", path: home });
  });

  it("finds a step's occurrences in the tests of other files", () => {
    const first: SymbolRef = {
      kind: "step",
      name: "first",
      workflow: "shared",
      path: "/ws/common.momoflow",
    };
    assert.deepEqual(
      findOccurrences(first, [commonCheck, mainCheck, commonCheck]).map((o) => [
        o.path,
        o.range.start.line,
        o.range.start.character,
        o.isDeclaration,
      ]),
      [
        ["/ws/common.momoflow", 2, 7, true],
        ["/ws/common.momoflow", 5, 24, false],
        ["/ws/main.momoflow", 4, 9, false],
        ["/ws/main.momoflow", 6, 16, false],
      ],
    );
  });

  it("knows command parameters in the body and as argument names of (recursive) calls", () => {
    const dir: SymbolRef = {
      kind: "command-param",
      name: "dir",
      command: "tidy",
      path: "/ws/common.momoflow",
    };
    const uses = findOccurrences(dir, [commonCheck]).map((o) => [
      o.range.start.line,
      o.range.start.character,
    ]);
    assert.deepEqual(uses, [
      [7, 13],
      [8, 27],
      [9, 17],
      [9, 22],
    ]);
    assert.deepEqual(locate(commonCheck, common, "script"), {
      kind: "command-param",
      name: "script",
      command: "sh",
      path: undefined,
    });
  });

  it("counts a cursor touching the end of a name as on it", () => {
    const end = positionOf(common, "first,", 0, 5);
    assert.equal(locateSymbol(commonCheck, end)?.symbol.kind, "step");
  });

  it("never throws on broken text: every prefix of every fixture, every position", () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith(".momoflow")) files.push(path);
      }
    };
    walk(fixtures);
    assert.ok(files.length > 10);
    for (const path of files) {
      const text = readFileSync(path, "utf8");
      const step = Math.max(1, Math.floor(text.length / 40));
      for (let cut = 0; cut <= text.length; cut += step) {
        const partial = text.slice(0, cut);
        const check = workspace({ "/ws/f.momoflow": partial }).check("/ws/f.momoflow");
        const lines = partial.split("\n");
        for (let line = 0; line < lines.length; line++) {
          for (let character = 0; character <= lines[line]!.length; character += 3) {
            const hit = locateSymbol(check, { line, character });
            if (hit) assert.ok(fileOccurrences(check).includes(hit));
          }
        }
      }
    }
  });
});
