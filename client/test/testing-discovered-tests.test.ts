import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { uriOf } from "../../server/test/support/lsp-client";
import { useWorkspaceSession } from "../../server/test/support/workspace-session";
import { requestOutline, type TestOutline } from "../src/outline/document-outline";
import { cliRuntime } from "../src/cli-runtime";
import { runCliProcess } from "../src/testing/cli-process";
import { discoveredTests, type DiscoveredTest } from "../src/testing/discovered-tests";
import { planInvocations, testCommandArgs } from "../src/testing/test-invocations";
import { interpretInvocation, type TestRange } from "../src/testing/test-results";
import { withKeptTestFolders } from "../../engine/test/support/cli-process";

const CLI = resolve(__dirname, "../../dist/cli.js");
const FIXTURES = resolve(__dirname, "../../test-fixtures/tests");

const r = (line: number, start: number, endLine: number, end: number): TestRange => ({
  start: { line, character: start },
  end: { line: endLine, character: end },
});

describe("client: Testing panel tests from the server's outline", function () {
  this.timeout(30_000);

  it("gives a repeated name distinct ids, without taking an id a real test has", () => {
    const t = (name: string, line: number): TestOutline => ({
      name,
      nameRange: r(line, 5, line, 8),
      range: r(line, 0, line, 10),
      expectations: 0,
    });
    const ids = discoveredTests([t("a", 0), t("a", 1), t("a#2", 2), t("a", 3)]).map((test) => [
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
    const workspace = useWorkspaceSession({ prefix: "momoflow-client-tests-" });

    const testsOf = async (file: string): Promise<DiscoveredTest[]> =>
      discoveredTests((await requestOutline(workspace.client.connection, uriOf(file))).tests);

    it("finds the fixtures' tests, and the CLI reports each under the same name, at its name", async () => {
      for (const [fixture, expected] of [
        [
          "meant-to-fail",
          ["every expectation fails", "an injected failure makes success impossible"],
        ],
        ["every-expectation", ["all forms hold", "injected failure"]],
      ] as const) {
        const file = join(FIXTURES, `${fixture}.momoflow`);
        const tests = await testsOf(file);
        assert.deepEqual(
          tests.map((t) => t.name),
          expected,
        );
        const [invocation] = planInvocations([
          { file, tests: tests.map((t) => t.name), wholeFile: true },
        ]);
        const run = await runCliProcess({
          runtime: cliRuntime(process.execPath, undefined, withKeptTestFolders(process.env)),
          args: testCommandArgs(CLI, invocation!),
          cwd: workspace.dir,
        });
        const outcome = interpretInvocation(run, invocation!.tests);
        assert.equal(outcome.kind, "reported", run.stderr);
        if (outcome.kind !== "reported") return;
        assert.deepEqual(outcome.missing, []);
        for (const test of tests) {
          assert.deepEqual(outcome.results.get(test.name)?.range, test.nameRange, test.name);
          assert.equal(test.workflow, fixture === "meant-to-fail" ? "tiny" : "shapes");
        }
      }
    });

    it("agrees with the CLI on names with escapes, and runs each by its exact name", async () => {
      const file = workspace.path("escapes.momoflow");
      writeFileSync(
        file,
        [
          'workflow w { step s { run: "echo hi" } }',
          'test "say \\"hi\\" \\\\ done" { workflow: w  expect output s == "hi" }',
          'test "say" { workflow: w  expect status == failed }',
          "",
        ].join("\n"),
      );
      const tests = await testsOf(file);
      assert.deepEqual(
        tests.map((t) => t.name),
        ['say "hi" \\ done', "say"],
      );
      for (const invocation of planInvocations(
        tests.map((t) => ({ file, tests: [t.name], wholeFile: false })),
      )) {
        const run = await runCliProcess({
          runtime: cliRuntime(process.execPath, undefined, withKeptTestFolders(process.env)),
          args: testCommandArgs(CLI, invocation),
          cwd: workspace.dir,
        });
        const outcome = interpretInvocation(run, invocation.tests);
        assert.equal(outcome.kind, "reported", run.stderr);
        if (outcome.kind !== "reported") continue;
        assert.deepEqual([...outcome.results.keys()], invocation.tests);
        for (const name of invocation.names!)
          assert.equal(outcome.results.get(name)?.status, name === "say" ? "failed" : "passed");
      }
    });
  });
});
