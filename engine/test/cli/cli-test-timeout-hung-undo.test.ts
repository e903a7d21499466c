import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCliWithin } from "../support/cli-process";
import { expectDead } from "../support/process-liveness";
import { useTempDir } from "../support/temp-dir";

/**
 * A test's `timeout:` bounds the test: the rollback its timeout starts is
 * given up when it still runs 5 s later (its processes ended), as a second
 * Ctrl+C gives it up. An undo that hung held `momoflow test` — and a CI job
 * — for as long as it hung, whatever the timeout said.
 */
describe("momoflow test: an undo that hangs after the test timed out (the real CLI)", function () {
  this.timeout(120_000);
  const dir = useTempDir("momoflow-test-hung-undo-");

  it("gives the rollback up 5 s after the timeout, saying so, its process ended", async () => {
    writeFileSync(
      join(dir(), "hung.momoflow"),
      `workflow hung {
  step a {
    run: "echo a"
    rollback: "echo $$ > undo.pid; exec sleep 120"
  }
  step b {
    needs: a
    run: "sleep 120"
    rollback: none
  }
}

test "hung undo" {
  workflow: hung
  timeout: 300ms
}
`,
    );
    // 120 s of undo, given up after about 5: killed at 60 s, the CLI fails the test of this.
    const out = await runCliWithin(["test", "hung.momoflow", "--json"], dir(), 60_000);
    assert.equal(out.signal, null, `momoflow test was still running after 60 s\n${out.stderr}`);
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const report = JSON.parse(out.stdout) as {
      tests: { failures: { message: string }[]; workingDirectory: string }[];
    };
    const [test] = report.tests;
    assert.deepEqual(
      test!.failures.map((f) => f.message),
      ["the test timed out after 300ms; its rollback still ran 5s later and was given up"],
    );
    const pid = Number(readFileSync(join(test!.workingDirectory, "undo.pid"), "utf8"));
    await expectDead([pid]);
  });
});
