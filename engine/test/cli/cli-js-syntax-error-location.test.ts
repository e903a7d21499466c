import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * A JavaScript module with a syntax error, through the real CLI: the error
 * says where, as `node --check` does (file:line:col, the line, a caret), also
 * when the error is in a module the first one imports. Node's ESM loader's
 * SyntaxError says only "Unexpected number": no file, no line.
 */
describe("momoflow: a JavaScript module with a syntax error says where", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-js-syntax-");

  const BROKEN = "export const ok = 1;\nexport function f( { return 1 }\n";
  /** The location lines: `  FILE:LINE:COL`, `  SOURCE LINE`, `  CARETS` under the column. */
  const where = (path: string, line: number, col: number, source: string, width = 1): string =>
    `  ${path}:${line}:${col}\n  ${source}\n  ${" ".repeat(col - 1)}${"^".repeat(width)}`;
  const BROKEN_AT = (path: string): string => where(path, 2, 29, "export function f( { return 1 }");

  const stepError = async (module: string): Promise<string | undefined> => {
    writeFileSync(
      join(tmp(), "flow.momoflow"),
      `workflow load {\n  step s {\n    run: js("./${module}", "f")\n    rollback: none\n  }\n}\n`,
    );
    const out = await runCli(["run", "flow.momoflow", "--json"], tmp());
    const result = JSON.parse(out.stdout) as { steps: { id: string; error?: string }[] };
    return result.steps[0]?.error;
  };

  it("a workflow module (.mjs) with a syntax error: momoflow run names its file, line and column", async () => {
    writeFileSync(join(tmp(), "syn.mjs"), BROKEN);
    const out = await runCli(["run", "syn.mjs"], tmp());
    assert.equal(out.code, 2);
    assert.equal(
      out.stderr,
      `momoflow: syn.mjs: cannot load the module: SyntaxError: Unexpected number\n${BROKEN_AT(join(tmp(), "syn.mjs"))}\n`,
    );
  });

  it("a workflow module whose import has the syntax error names the imported file", async () => {
    mkdirSync(join(tmp(), "lib"));
    writeFileSync(join(tmp(), "lib", "broken.mjs"), BROKEN);
    writeFileSync(join(tmp(), "lib", "fine.mjs"), "export const fine = 1;\n");
    writeFileSync(
      join(tmp(), "flow.mjs"),
      'import "node:path";\nimport { fine } from "./lib/fine.mjs";\nimport { ok } from "./lib/broken.mjs";\nexport default { id: "w", steps: [] };\n',
    );
    const out = await runCli(["run", "flow.mjs"], tmp());
    assert.equal(out.code, 2);
    assert.match(out.stderr, /cannot load the module: SyntaxError: Unexpected number\n/);
    assert.ok(out.stderr.includes(BROKEN_AT(join(tmp(), "lib", "broken.mjs"))), out.stderr);
  });

  it("a .js module of a package of type module, and a .cjs module, say where", async () => {
    writeFileSync(join(tmp(), "package.json"), '{ "type": "module" }\n');
    writeFileSync(join(tmp(), "esm.js"), 'const x = 1;\nexport default { id: "x" steps: [] };\n');
    const esm = await runCli(["run", "esm.js"], tmp());
    assert.equal(esm.code, 2);
    assert.ok(
      esm.stderr.includes(
        where(join(tmp(), "esm.js"), 2, 26, 'export default { id: "x" steps: [] };', 5),
      ),
      esm.stderr,
    );

    writeFileSync(join(tmp(), "old.cjs"), "module.exports = {\n  id: 'x' steps: []\n};\n");
    const cjs = await runCli(["run", "old.cjs"], tmp());
    assert.equal(cjs.code, 2);
    assert.ok(
      cjs.stderr.includes(where(join(tmp(), "old.cjs"), 2, 11, "  id: 'x' steps: []", 5)),
      cjs.stderr,
    );
  });

  it("a js() step's module with a syntax error: the step's error says where", async () => {
    writeFileSync(join(tmp(), "bad.mjs"), BROKEN);
    assert.equal(
      await stepError("bad.mjs"),
      `js("./bad.mjs", "f"): cannot load ${join(tmp(), "bad.mjs")}: SyntaxError: Unexpected number\n${BROKEN_AT(join(tmp(), "bad.mjs"))}`,
    );
  });

  it("a js() step's module importing a module with a syntax error names the imported one", async () => {
    writeFileSync(join(tmp(), "dep.mjs"), BROKEN);
    writeFileSync(
      join(tmp(), "uses.mjs"),
      'import { ok } from "./dep.mjs";\nexport function f() { return ok; }\n',
    );
    assert.equal(
      await stepError("uses.mjs"),
      `js("./uses.mjs", "f"): cannot load ${join(tmp(), "uses.mjs")}: SyntaxError: Unexpected number\n${BROKEN_AT(join(tmp(), "dep.mjs"))}`,
    );
  });

  it("a js() function's dynamic import() of a module with a syntax error: the step's error says where", async () => {
    writeFileSync(join(tmp(), "dep.mjs"), BROKEN);
    writeFileSync(
      join(tmp(), "lazy.mjs"),
      'export async function f() {\n  const { ok } = await import("./dep.mjs");\n  return ok;\n}\n',
    );
    assert.equal(
      await stepError("lazy.mjs"),
      `js("./lazy.mjs", "f"): cannot load a module it imports: SyntaxError: Unexpected number\n${BROKEN_AT(join(tmp(), "dep.mjs"))}`,
    );
  });

  it("a js() module whose top level import()s a module with a syntax error names that module", async () => {
    mkdirSync(join(tmp(), "lib"));
    writeFileSync(join(tmp(), "lib", "dep.mjs"), BROKEN);
    writeFileSync(
      join(tmp(), "eager.mjs"),
      "const { ok } = await import('./lib/dep.mjs');\nexport function f() { return ok; }\n",
    );
    assert.equal(
      await stepError("eager.mjs"),
      `js("./eager.mjs", "f"): cannot load ${join(tmp(), "eager.mjs")}: SyntaxError: Unexpected number\n${BROKEN_AT(join(tmp(), "lib", "dep.mjs"))}`,
    );
  });

  it("a SyntaxError a js() function throws itself (JSON.parse) is its error as it was", async () => {
    writeFileSync(join(tmp(), "parse.mjs"), 'export function f() { return JSON.parse("{"); }\n');
    const error = await stepError("parse.mjs");
    assert.match(error ?? "", /JSON/);
    assert.doesNotMatch(error ?? "", /cannot load/);
  });
});
