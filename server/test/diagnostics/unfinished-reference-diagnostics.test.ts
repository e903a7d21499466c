import assert from "node:assert/strict";
import type {
  Diagnostic,
  SemanticTokens,
  SemanticTokensLegend,
} from "vscode-languageserver-protocol";
import { tokenStartingAt } from "../support/semantic-token-decoding";
import { at } from "../support/text-position";
import { useWorkspaceSession } from "../support/workspace-session";

/**
 * A workflow with param `target`, steps `login` and `deploy` (which needs
 * `login`), and a command `release`; `lines` are the members of a step
 * `report` that needs `deploy`.
 */
const workflow = (...lines: string[]): string =>
  [
    "command release(key: string) {",
    '  run: "echo ${key}"',
    "}",
    "workflow w {",
    '  param target: string = "x"',
    '  step login { run: "echo ${target}" }',
    "  step deploy {",
    "    needs: login",
    '    run: "echo"',
    "  }",
    "  step report {",
    ...lines.map((line) => `    ${line}`),
    "  }",
    "}",
    "",
  ].join("\n");

describe("language server: an unfinished reference outside a string says what it lacks, and completes there (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-unfinished-reference-" });

  /** The diagnostics of `text` as code, message and range. */
  async function diagnosticsOf(text: string) {
    return workspace.withScratch(
      text,
      async (uri) =>
        (await workspace.client.waitForDiagnostics(uri, 1)).map((d: Diagnostic) => ({
          code: d.code,
          message: d.message,
          range: d.range,
        })),
      { stem: "marked" },
    );
  }

  /** The range of `needle` in `text` (its `nth` occurrence). */
  const range = (text: string, needle: string, nth = 0) => ({
    start: at(text, needle, 0, nth),
    end: at(text, needle, needle.length, nth),
  });

  it("marks exactly the reference, with the message the CLI prints, and nothing after it", async () => {
    const text = workflow(
      "needs: deploy",
      "when: steps.deploy.",
      "for_each: file in steps.",
      "run: release(key: steps.login.)",
    );
    assert.deepEqual(await diagnosticsOf(text), [
      {
        code: "MF001",
        message:
          "`steps.deploy.` needs `output` (`outputs` for a fan-out step) or `status` after the dot",
        range: range(text, "steps.deploy."),
      },
      {
        code: "MF001",
        message: "`steps.` needs a step's id after the dot: `steps.build.output`",
        range: range(text, "steps.", 1),
      },
      {
        code: "MF001",
        message: "`steps.login.` needs `output` (`outputs` for a fan-out step) after the dot",
        range: range(text, "steps.login."),
      },
    ]);
  });

  it("marks `needs: [` on its `[`, saying a step's id is missing too", async () => {
    const text = workflow("needs: [", 'run: "echo"');
    assert.deepEqual(await diagnosticsOf(text), [
      {
        code: "MF001",
        message: "expected a step's id and `]` to close the list opened at 12:12",
        range: range(text, "["),
      },
    ]);
  });

  it("marks `needs: [` at the very end of the file once, saying all that is missing", async () => {
    const text = [
      "workflow w {",
      '  step a { run: "echo" }',
      "  step b {",
      '    run: "echo"',
      "    needs: [",
    ].join("\n");
    assert.deepEqual(await diagnosticsOf(text), [
      {
        code: "MF001",
        message:
          "expected a step's id and `]` to close the list opened at 5:12, then `}` to close step `b` opened at 3:3 and `}` to close workflow `w` opened at 1:1",
        range: range(text, "["),
      },
    ]);
  });

  it("counts a param as read where its only reference is being typed: no MF012 beside the MF001", async () => {
    const typed = (line: string) =>
      [
        "workflow w {",
        "  param only: map = {}",
        "  step s {",
        '    run: "echo"',
        `    ${line}`,
        "  }",
        "}",
        "",
      ].join("\n");
    for (const line of ["when: only.", "when: params.only.", 'rollback: "echo ${only.}"']) {
      const codes = (await diagnosticsOf(typed(line))).map((d) => d.code);
      assert.deepEqual(codes, ["MF001"], line);
    }
  });

  it("colours and hovers what is written of an unfinished reference, as of a complete one", async () => {
    const text = workflow(
      "needs: deploy",
      "when: steps.deploy.",
      'run: "echo ${steps.login.}"',
      "rollback: steps.",
      "description: params.target.",
    );
    const legend = workspace.init.capabilities.semanticTokensProvider!
      .legend as SemanticTokensLegend;
    await workspace.withScratch(
      text,
      async (uri) => {
        const tokens = await workspace.client.request<SemanticTokens>(
          "textDocument/semanticTokens/full",
          { textDocument: { uri } },
        );
        const tokenAt = tokenStartingAt(tokens, legend);
        const root = ["variable", ["readonly", "defaultLibrary"]];
        assert.deepEqual(tokenAt(at(text, "steps.deploy.")), root);
        assert.deepEqual(tokenAt(at(text, "deploy.")), ["method", []]);
        // `params.target.` reads the param, written by its name alone.
        assert.deepEqual(tokenAt(at(text, "target.")), ["parameter", []]);
        // The root alone, before its first dot is followed by anything.
        assert.deepEqual(tokenAt(at(text, "steps.\n")), root);
        // Inside a string's `${...}` too.
        assert.deepEqual(tokenAt(at(text, "steps.login.")), root);
        assert.deepEqual(tokenAt(at(text, "login.}")), ["method", []]);

        const hover = (needle: string) => workspace.hover(uri, at(text, needle, 1));
        assert.match(await hover("deploy."), /step deploy/);
        assert.match(await hover("login.}"), /step login/);
        assert.match(await hover("steps.deploy."), /steps/);
        assert.match(await hover("target."), /param target/);
      },
      { checked: true },
    );
  });

  /** The labels offered at the `|` of `marked`, typed as `trigger` asks when given. */
  const labels = async (marked: string, trigger?: string): Promise<string[]> =>
    (await workspace.completionAtMark("complete.momoflow", marked, trigger)).map((i) => i.label);

  it("completes at each unfinished reference, the next line's property still in place", async () => {
    assert.deepEqual(await labels(workflow("needs: deploy", "when: steps.|", 'run: "echo"'), "."), [
      "login",
      "deploy",
    ]);
    assert.deepEqual(
      await labels(workflow("needs: deploy", "when: steps.deploy.|", 'run: "echo"'), "."),
      ["output", "status"],
    );
    assert.deepEqual(
      await labels(workflow("needs: deploy", "for_each: file in steps.|", 'run: "echo"'), "."),
      ["login", "deploy"],
    );
    assert.deepEqual(
      await labels(workflow("needs: deploy", "run: release(key: steps.login.|)"), "."),
      ["output"],
    );
    assert.deepEqual(
      await labels(workflow('env: { REGION: "eu" }', "run: release(key: env.|)"), "."),
      ["REGION"],
    );
    assert.deepEqual(await labels(workflow("needs: [|", 'run: "echo"')), ["login", "deploy"]);
    assert.deepEqual(await labels(workflow("needs: [|")), ["login", "deploy"]);
  });
});
