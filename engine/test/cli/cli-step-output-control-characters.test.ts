import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENGINE_URL, runCli } from "../support/cli-process";
import { runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";

/**
 * What the failing step prints on stderr: a window-title OSC (ended by BEL),
 * a clear-screen and a cursor-up CSI, a red colour, a backspace, DEL, a lone
 * carriage return and an 8-bit CSI (U+009B), around the words that say why it failed.
 */
const PRINTED =
  "\x1b]0;pwned\x07Error: \x1b[2J\x1b[1Athe \x1b[31mtoken\x1b[0m has\x08 expired\x7f\r \u009b?1049h\n";
/** The same, as momoflow's own messages show it: colours dropped, every other control character escaped. */
const SHOWN =
  "\\x1b]0;pwned\\x07Error: \\x1b[2J\\x1b[1Athe token has\\x08 expired\\x7f\\x0d \\x9b?1049h";

/** A run whose only step prints {@link PRINTED} (from a file the test writes) and fails. */
function writeWorkflow(dir: string): string {
  writeFileSync(join(dir, "noise.txt"), PRINTED);
  const file = join(dir, "noisy.momoflow");
  writeFileSync(
    file,
    `workflow noisy {\n  step shout {\n    run: "cat noise.txt >&2; exit 3"\n  }\n}\n`,
  );
  return file;
}

/** Any terminal control character but tab and newline (C0, DEL, C1). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

/**
 * A step's output must not rewrite the user's terminal through momoflow's own
 * messages: the failure excerpt in "step … failed", the summary, result.json
 * and `--json` show its control characters escaped (`\x1b`), as git masks
 * those of a remote's messages; the step's log keeps them as printed.
 */
describe("control characters a failing step prints", () => {
  const tmp = useTempDir();

  it("are shown escaped in the failure message and summary, and kept in the step's log", async () => {
    const file = writeWorkflow(tmp());
    const run = await runCli(["run", file], tmp());
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const printed = (run.stdout + run.stderr).split("\n");
    // The step's live output (`shout | …`) is relayed as the step wrote it; momoflow's own lines are not.
    const own = printed.filter((line) => !/^\s*shout\s+\|/.test(line));
    const bad = own.filter((line) => CONTROL.test(line));
    assert.deepEqual(bad, [], run.stdout + run.stderr);
    const shown = own.filter((line) => line.includes(SHOWN));
    assert.ok(
      shown.length >= 2,
      `the message and summary show the escaped excerpt:\n${own.join("\n")}`,
    );

    const result = JSON.parse(readFileSync(join(runDirOf(tmp()), "result.json"), "utf8"));
    const error: string = result.steps[0].error;
    assert.ok(error.endsWith(SHOWN), error);
    assert.ok(!CONTROL.test(error), error);
    const log = readFileSync(join(runDirOf(tmp()), "logs", "shout.log"), "utf8");
    assert.ok(log.includes(PRINTED.trimEnd()), "the log keeps what the step printed");
  });

  it("are shown escaped in the error strings of --json", async () => {
    const file = writeWorkflow(tmp());
    const run = await runCli(["run", file, "--json"], tmp());
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const json = JSON.parse(run.stdout);
    const errors = [json.error, json.steps[0].error] as string[];
    for (const error of errors) {
      assert.ok(error.includes(SHOWN), error);
      assert.ok(!CONTROL.test(error), error);
    }
  });

  it("are shown escaped when a step's error itself holds them (a module step's, an undo's)", async () => {
    const module = join(tmp(), "noisy.mjs");
    writeFileSync(
      module,
      `import { WorkflowDefinition } from ${JSON.stringify(ENGINE_URL)};
const noise = ${JSON.stringify(PRINTED.trimEnd())};
export default new WorkflowDefinition({
  id: "noisy_module",
  steps: [
    {
      id: "first",
      reversible: true,
      async execute() { return { stepId: "first", status: "success", metrics: {}, attempts: 1 }; },
      async rollback() { throw new Error("undo: " + noise); },
    },
    {
      id: "second",
      reversible: false,
      needs: ["first"],
      async execute() { throw new Error(noise); },
    },
  ],
});
`,
    );
    const run = await runCli(["run", module], tmp());
    const printed = run.stdout + run.stderr;
    assert.equal(run.code, 1, printed);
    const bad = printed.split("\n").filter((line) => CONTROL.test(line));
    assert.deepEqual(bad, [], printed);
    assert.ok(printed.includes(`undo: ${SHOWN}`), printed);
    assert.ok(printed.includes(`step "second" failed: ${SHOWN}`), printed);

    const again = await runCli(["rollback", module], tmp());
    const said = again.stdout + again.stderr;
    assert.equal(again.code, 1, said);
    assert.deepEqual(
      said.split("\n").filter((line) => CONTROL.test(line)),
      [],
      said,
    );
    assert.ok(said.includes(`could not undo first: undo: ${SHOWN}`), said);
  });
});
