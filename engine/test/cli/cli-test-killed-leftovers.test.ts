import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { said } from "../support/cli-said";
import { expectDead, isAlive, killProcessGroupOf } from "../support/process-liveness";
import { useTempDir } from "../support/temp-dir";

/** A test whose step writes its shell's pid to `pidFile`, then runs `then`. */
function flow(pidFile: string, then: string): string {
  return `workflow w {
  step serve {
    run: "echo $$ > '${pidFile}'; ${then}"
    rollback: none
  }
}

test "serves" {
  workflow: w
}
`;
}

/**
 * `momoflow test` killed (SIGKILL: a CI job, the editor's test run ended)
 * while a test's shell action ran left that action running, and the next run
 * of the test removed its folder, with the journal that named the action's
 * process group: a `sleep`, a server on a port, ran on for good. The next
 * run stops it first, as `momoflow rollback` stops what a killed run left.
 */
describe("momoflow test after a killed momoflow test (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-test-killed-leftovers-");

  it("stops what the killed test's shell action left running before it removes its folder", async () => {
    const pidFile = join(tmp(), "serve.pid");
    const file = join(tmp(), "serve.momoflow");
    writeFileSync(file, flow(pidFile, "sleep 300"));
    const { child, done } = startCli(["test", file], tmp());
    let pid = 0;
    try {
      await waitFor(
        () => existsSync(pidFile) && readFileSync(pidFile, "utf8").endsWith("\n"),
        "the step to start",
      );
      pid = Number(readFileSync(pidFile, "utf8"));
      child.kill("SIGKILL");
      await done;
      assert.equal(isAlive(pid), true, "the killed test's action runs on");
      // The same test again (its step quick now): it passes, and what the killed one left is stopped.
      writeFileSync(file, flow(join(tmp(), "again.pid"), "true"));
      const again = await runCli(["test", file], tmp());
      assert.equal(again.code, 0, said(again));
      await expectDead([pid]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      if (pid > 0 && isAlive(pid)) killProcessGroupOf(pid);
    }
  });
});
