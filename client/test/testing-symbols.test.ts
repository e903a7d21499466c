import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { DocumentSymbol } from "vscode-languageserver-protocol";
import { LspTestClient, uriOf } from "../../server/test/support/lsp-client";
import { cliRuntime, runCliProcess } from "../src/testing/cli-process";
import { planInvocations, testCommandArgs } from "../src/testing/test-invocations";
import { interpretInvocation, type TestRange } from "../src/testing/test-results";
import { testsFromSymbols, type SymbolShape } from "../src/testing/test-symbols";

const CLI = resolve(__dirname, "../../dist/cli.js");
const FIXTURES = resolve(__dirname, "../../test-fixtures/tests");
/** `Event` in LSP numbering (what the server sends); VS Code's enum is one less (23). */
const LSP_EVENT = 24;

const r = (line: number, start: number, endLine: number, end: number): TestRange => ({
  start: { line, character: start },
  end: { line: endLine, character: end },
});

describe("client: Testing panel tests from document symbols", function () {
  this.timeout(30_000);

  it("lists Event symbols, nested or not, in source order, from either symbol shape", () => {
    const symbols: SymbolShape[] = [
      {
        name: "deploy",
        kind: 5,
        range: r(0, 0, 9, 1),
        selectionRange: r(0, 9, 0, 15),
        children: [
          { name: "build", kind: 6, range: r(1, 2, 1, 20) },
          // A test nested in another symbol is found too.
          { name: "inner", kind: 23, range: r(3, 2, 5, 3), selectionRange: r(3, 7, 3, 14) },
        ],
      },
      { name: "later", kind: 23, range: r(20, 0, 22, 1), selectionRange: r(20, 5, 20, 12) },
      {
        name: "earlier",
        kind: 23,
        detail: "deploy",
        range: r(11, 0, 14, 1),
        selectionRange: r(11, 5, 11, 14),
      },
      // A SymbolInformation: no range of its own, a location.
      { name: "flat", kind: 23, location: { range: r(30, 0, 31, 1) } },
      // Being typed: no name yet.
      { name: "", kind: 23, range: r(40, 0, 40, 6) },
    ];
    assert.deepEqual(testsFromSymbols(symbols, 23), [
      { id: "inner", name: "inner", range: r(3, 2, 5, 3), selectionRange: r(3, 7, 3, 14) },
      {
        id: "earlier",
        name: "earlier",
        range: r(11, 0, 14, 1),
        selectionRange: r(11, 5, 11, 14),
        detail: "deploy",
      },
      { id: "later", name: "later", range: r(20, 0, 22, 1), selectionRange: r(20, 5, 20, 12) },
      { id: "flat", name: "flat", range: r(30, 0, 31, 1), selectionRange: r(30, 0, 31, 1) },
    ]);
    assert.deepEqual(testsFromSymbols(undefined, 23), []);
    assert.deepEqual(testsFromSymbols(null, 23), []);
  });

  it("gives a repeated name distinct ids, without taking an id a real test has", () => {
    const t = (name: string, line: number): SymbolShape => ({
      name,
      kind: 23,
      range: r(line, 0, line, 10),
    });
    const ids = testsFromSymbols([t("a", 0), t("a", 1), t("a#2", 2), t("a", 3)], 23).map((test) => [
      test.id,
      test.name,
    ]);
    assert.deepEqual(ids, [
      ["a", "a"],
      ["a#3", "a"],
      ["a#2", "a#2"],
      ["a#4", "a"],
    ]);
  });

  describe("against the real language server and CLI", () => {
    let client: LspTestClient;
    let dir = "";

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), "momoflow-client-symbols-"));
      client = new LspTestClient();
      await client.initialize(dir);
    });
    after(async () => {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const symbolsOf = async (file: string): Promise<SymbolShape[]> => {
      const uri = uriOf(file);
      await client.open(uri, readFileSync(file, "utf8"));
      return client.request<DocumentSymbol[]>("textDocument/documentSymbol", {
        textDocument: { uri },
      });
    };

    it("finds the fixtures' tests, and the CLI reports each under the same name, at its name", async () => {
      for (const [fixture, expected] of [
        [
          "meant-to-fail",
          ["every expectation fails", "an injected failure makes success impossible"],
        ],
        ["every-expectation", ["all forms hold", "injected failure"]],
      ] as const) {
        const file = join(FIXTURES, `${fixture}.momoflow`);
        const tests = testsFromSymbols(await symbolsOf(file), LSP_EVENT);
        assert.deepEqual(
          tests.map((t) => t.name),
          expected,
        );
        const [invocation] = planInvocations([
          { file, tests: tests.map((t) => t.name), wholeFile: true },
        ]);
        const run = await runCliProcess({
          runtime: cliRuntime(process.execPath, undefined, process.env),
          args: testCommandArgs(CLI, invocation!),
          cwd: dir,
        });
        const outcome = interpretInvocation(run, invocation!.tests);
        assert.equal(outcome.kind, "reported", run.stderr);
        if (outcome.kind !== "reported") return;
        assert.deepEqual(outcome.missing, []);
        for (const test of tests) {
          assert.deepEqual(outcome.results.get(test.name)?.range, test.selectionRange, test.name);
          assert.equal(test.detail, fixture === "meant-to-fail" ? "tiny" : "shapes");
        }
      }
    });

    it("agrees with the CLI on names with escapes, and runs each alone by its exact name", async () => {
      const file = join(dir, "escapes.momoflow");
      writeFileSync(
        file,
        [
          'workflow w { step s { run: "echo hi" } }',
          'test "say \\"hi\\" \\\\ done" { workflow: w  expect output s == "hi" }',
          'test "say" { workflow: w  expect status == failed }',
          "",
        ].join("\n"),
      );
      const tests = testsFromSymbols(await symbolsOf(file), LSP_EVENT);
      assert.deepEqual(
        tests.map((t) => t.name),
        ['say "hi" \\ done', "say"],
      );
      for (const invocation of planInvocations(
        tests.map((t) => ({ file, tests: [t.name], wholeFile: false })),
      )) {
        const run = await runCliProcess({
          runtime: cliRuntime(process.execPath, undefined, process.env),
          args: testCommandArgs(CLI, invocation),
          cwd: dir,
        });
        const outcome = interpretInvocation(run, invocation.tests);
        assert.equal(outcome.kind, "reported", run.stderr);
        if (outcome.kind !== "reported") continue;
        assert.deepEqual([...outcome.results.keys()], invocation.tests);
        const status = outcome.results.get(invocation.filter!)?.status;
        assert.equal(status, invocation.filter === "say" ? "failed" : "passed");
      }
    });
  });
});
