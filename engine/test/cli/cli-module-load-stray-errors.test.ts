import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENGINE_URL, runCli } from "../support/cli-process";
import { latestResult } from "../support/run-record-files";
import { runWithoutCrash } from "../support/stray-error-runs";
import { useTempDir } from "../support/temp-dir";

/**
 * A workflow module's own top-level code (`momoflow run flow.mjs`) runs as
 * the CLI loads it: a promise it never awaited that rejects, or a timer's
 * callback that throws while it loads, ended the CLI with Node's stack
 * trace. Such an error fails the load as any other load error does — a
 * message naming the file and line, exit 2, nothing run, no record — and
 * one that comes once the module has loaded is a warning, the run going on.
 */
describe("errors a workflow module's top-level code throws outside its evaluation (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-module-load-stray-");

  /** flow.mjs: `lines` (line 2 on) at its top level, then a workflow of one step that writes made.txt. */
  function writeModule(lines: string[], lastStep = ""): void {
    writeFileSync(
      join(tmp(), "flow.mjs"),
      [
        `import { CommandStep, WorkflowDefinition } from ${JSON.stringify(ENGINE_URL)};`,
        ...lines,
        'export default new WorkflowDefinition({ id: "w", name: "w", steps: [',
        '  new CommandStep("make", "create_file", { path: "made.txt", content: "made" }),',
        lastStep,
        "] });",
      ].join("\n"),
    );
  }

  for (const [kind, lines, message] of [
    [
      "a promise nothing awaited that rejects",
      ['Promise.reject(new Error("rejected as it loaded"));'],
      "rejected as it loaded \\(at flow\\.mjs:2:16\\)",
    ],
    [
      "a timer's callback that throws during a top-level await",
      [
        'setTimeout(() => { throw new Error("thrown in a timer"); }, 10);',
        "await new Promise((r) => setTimeout(r, 60_000));",
      ],
      "thrown in a timer \\(at flow\\.mjs:2:26\\)",
    ],
  ] as const) {
    it(`fails the load, naming the file and line, with nothing run: ${kind}`, async () => {
      writeModule([...lines]);
      for (const command of ["run", "rollback"]) {
        const out = await runCli([command, "flow.mjs"], tmp());
        const said = out.stdout + out.stderr;
        assert.equal(out.code, 2, said);
        assert.doesNotMatch(said, /\n\s+at /, "no stack trace");
        assert.match(
          out.stderr,
          new RegExp(
            `flow\\.mjs: cannot load the module: its code threw as it loaded, in work it did not await \\(.*\\): ${message}`,
          ),
        );
      }
      assert.equal(existsSync(join(tmp(), ".momoflow")), false, "no run record");
      assert.equal(existsSync(join(tmp(), "made.txt")), false, "nothing run");
    });
  }

  it("fails the load when its top-level code calls process.exit in a callback as it loads", async () => {
    writeModule([
      "setTimeout(() => process.exit(0), 10);",
      "await new Promise((r) => setTimeout(r, 60_000));",
    ]);
    const out = await runWithoutCrash("flow.mjs", tmp(), 2);
    assert.match(
      out.said,
      /flow\.mjs: cannot load the module: the workflow module flow\.mjs called process\.exit\(0\)/,
    );
    assert.equal(existsSync(join(tmp(), ".momoflow")), false, "no run record");
  });

  /** A step that waits (up to 20 s) for the marker the module's left-over work writes just before it acts. */
  const afterMarker = `new CommandStep("after", "sh", { script: "for i in $(seq 400); do [ -f thrown.marker ] && break; sleep 0.05; done; echo after" }, { needs: ["make"] }),`;

  for (const [kind, act, warning] of [
    [
      "throws",
      'throw new Error("thrown after loading");',
      /momoflow: warning: flow\.mjs: work its code left threw after it loaded \(.*\): thrown after loading \(at flow\.mjs:3:62\)/,
    ],
    [
      "calls process.exit",
      "process.exit(3);",
      /momoflow: warning: the workflow module flow\.mjs had returned when work it left called process\.exit\(3\): ignored, the run goes on/,
    ],
  ] as const) {
    it(`keeps the run going when work its top-level code left ${kind} once it loaded, and says so`, async () => {
      writeModule(
        [
          'import { writeFileSync } from "node:fs";',
          `setTimeout(() => { writeFileSync("thrown.marker", ""); ${act} }, 300);`,
        ],
        afterMarker,
      );
      const out = await runWithoutCrash("flow.mjs", tmp(), 0);
      assert.match(out.said, warning);
      const result = latestResult(tmp());
      assert.equal(result.status, "success");
      assert.deepEqual(
        result.steps.map((s) => `${s.id} ${s.status}`),
        ["make success", "after success"],
      );
    });
  }

  it("check, test, graph and fmt refuse a workflow module, naming it, and do not load it", async () => {
    writeModule([
      'import { writeFileSync } from "node:fs";',
      'writeFileSync("loaded.marker", "");',
      'Promise.reject(new Error("rejected as it loaded"));',
    ]);
    const before = readFileSync(join(tmp(), "flow.mjs"), "utf8");
    for (const command of ["check", "test", "graph", "fmt"]) {
      const out = await runCli([command, "flow.mjs"], tmp());
      const said = out.stdout + out.stderr;
      assert.equal(out.code, 2, `${command}: ${said}`);
      assert.doesNotMatch(said, /\n\s+at |MF\d+/, `${command}: no stack trace, no diagnostics`);
      assert.match(
        out.stderr,
        /^momoflow: flow\.mjs: a JavaScript module, not a \.momoflow file: only momoflow run and momoflow rollback take a workflow module\n$/,
        command,
      );
    }
    assert.equal(existsSync(join(tmp(), "loaded.marker")), false, "never loaded");
    assert.equal(readFileSync(join(tmp(), "flow.mjs"), "utf8"), before, "left as it was");
  });
});
