import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { expectDead } from "../support/process-liveness";
import { slowStepPid, writeSlowTestFile } from "../support/slow-test-file";
import { useTempDir } from "../support/temp-dir";

/**
 * Ctrl+C during a test whose run does not roll back (`rollback_on_failure: false`)
 * said "cancelling the running test and rolling it back…": nothing is
 * rolled back. The line says so, as `momoflow run --no-rollback`'s does.
 */
describe("momoflow test stopped: what its first stop says of the rollback (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-test-stop-rollback-off-");

  async function stopped(rollback: string): Promise<string> {
    const pidFile = join(tmp(), "pid");
    const file = writeSlowTestFile(tmp(), pidFile);
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace("  workflow: slow\n", `  workflow: slow\n${rollback}`),
    );
    const { child, done } = startCli(["test", file], tmp());
    try {
      const pid = await slowStepPid(pidFile);
      child.kill("SIGINT");
      const out = await done;
      assert.equal(out.code, 130, out.stdout + out.stderr);
      await expectDead([pid]);
      return out.stderr;
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  }

  it("says nothing is undone when the test's rollback is off", async () => {
    const stderr = await stopped("  rollback_on_failure: false\n");
    assert.match(
      stderr,
      /Ctrl\+C: cancelling the running test \(its rollback is off: nothing is undone\)… \(again to stop at once\)/,
    );
    assert.doesNotMatch(stderr, /rolling it back/);
  });

  it("says it rolls the test back when its rollback is on", async () => {
    const stderr = await stopped("");
    assert.match(stderr, /Ctrl\+C: cancelling the running test and rolling it back…/);
  });
});
