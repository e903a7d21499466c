import assert from "node:assert/strict";
import Ajv from "ajv";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { expectDead } from "../support/process-liveness";
import { slowStepPid, writeSlowTestFile } from "../support/slow-test-file";
import { useTempDir } from "../support/temp-dir";
import reportSchema from "../../../schemas/test-report.schema.json";

interface ReportedTest {
  name: string;
  file: string;
  status: string;
  reason?: string;
  failures: { message: string }[];
  range: { start: { line: number } };
}

/** `momoflow test --json` cancelled part-way still reports every test it was given (the real CLI). */
describe("momoflow test --json cancelled part-way", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-test-cancel-json-");

  /** A slow test, a test after it in its file and one in the next file: the paths of both files. */
  function writeFiles(): { slow: string; next: string; pidFile: string } {
    const pidFile = join(tmp(), "pid");
    rmSync(pidFile, { force: true });
    const slow = writeSlowTestFile(tmp(), pidFile);
    writeFileSync(
      slow,
      readFileSync(slow, "utf8") + 'test "never reached" {\n  workflow: slow\n}\n',
    );
    const next = join(tmp(), "next.momoflow");
    writeFileSync(
      next,
      'workflow quick {\n  step s { run: "true" }\n}\ntest "in the next file" {\n  workflow: quick\n}\n',
    );
    return { slow, next, pidFile };
  }

  it("lists the tests it did not run as not_run, why, in this file and the next, and counts them", async () => {
    const { slow, next, pidFile } = writeFiles();
    const { child, done } = startCli(["test", slow, next, "--json"], tmp());
    const pid = await slowStepPid(pidFile);
    child.kill("SIGINT");
    const out = await done;
    assert.equal(out.code, 130, out.stdout + out.stderr);
    const report: unknown = JSON.parse(out.stdout);
    const ajv = new Ajv({ allErrors: true, strict: false });
    assert.ok(ajv.validate(reportSchema, report), `${ajv.errorsText()}\n${out.stdout}`);
    const { tests, passed, failed, notRun } = report as {
      tests: ReportedTest[];
      passed: number;
      failed: number;
      notRun: number;
    };
    assert.deepEqual(
      tests.map((t) => [t.name, t.file, t.status]),
      [
        ["waits", slow, "failed"],
        ["never reached", slow, "not_run"],
        ["in the next file", next, "not_run"],
      ],
    );
    assert.deepEqual(
      tests.map((t) => t.reason),
      [
        undefined,
        "the tests were cancelled (Ctrl+C) before its turn",
        "the tests were cancelled (Ctrl+C) before its turn",
      ],
    );
    assert.equal(tests[0]?.failures[0]?.message, "the tests were cancelled (Ctrl+C)");
    assert.deepEqual({ passed, failed, notRun }, { passed: 0, failed: 1, notRun: 2 });
    assert.equal(tests[1]?.range.start.line, 7, "where the test not run is named");
    await expectDead([pid]);
  });

  it("without --json, its last line counts what --json lists, and says why the rest did not run", async () => {
    const { slow, next, pidFile } = writeFiles();
    const { child, done } = startCli(["test", slow, next], tmp());
    const pid = await slowStepPid(pidFile);
    child.kill("SIGTERM");
    const out = await done;
    assert.equal(out.code, 130, out.stdout + out.stderr);
    assert.match(out.stdout, /✗ waits .*\n {6}the tests were cancelled \(SIGTERM\)\n/);
    assert.ok(
      out.stdout.endsWith(
        "\n0 passed, 1 failed; 2 not run: the tests were cancelled (SIGTERM) before their turn\n",
      ),
      out.stdout,
    );
    await expectDead([pid]);
  });
});
