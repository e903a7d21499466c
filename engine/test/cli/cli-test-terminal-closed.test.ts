import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CLI } from "../support/cli-process";
import { expectDead, isAlive } from "../support/process-liveness";
import { slowStepPid, writeSlowTestFile } from "../support/slow-test-file";
import { useTempDir } from "../support/temp-dir";

/**
 * `momoflow test` in a real terminal (a pseudo-terminal made by util-linux's
 * `script`) that is closed while a test runs: the kernel sends SIGHUP, and
 * every later write to the terminal fails with EIO. The running test must
 * be cancelled and its shell action ended, without the CLI crashing on its
 * own output.
 */
describe("momoflow test: the terminal closed while a test runs (a real pseudo-terminal)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-test-hangup-");

  it("cancels the test, ends its shell action, and does not crash on the closed terminal (EIO)", async function () {
    if (spawnSync("script", ["--version"], { stdio: "ignore" }).status !== 0) {
      console.log("      (skipped: util-linux's `script` is not installed to make a terminal)");
      this.skip();
    }
    const stepPid = join(tmp(), "step.pid");
    const cliPid = join(tmp(), "cli.pid");
    const errors = join(tmp(), "stderr.txt");
    writeSlowTestFile(tmp(), stepPid);
    // `exec`: the CLI takes the shell's pid, written first; its stderr goes to a file, to be read after.
    const command = `echo $$ > ${cliPid}; exec "${process.execPath}" "${CLI}" test slow.momoflow 2> ${errors}`;
    const terminal = spawn("script", ["-qfec", command, "/dev/null"], {
      cwd: tmp(),
      stdio: ["pipe", "ignore", "ignore"],
      // The cancelled test's folder is kept in the temporary folder: here, in this test's.
      env: { ...process.env, NO_COLOR: "1", TMPDIR: tmp() },
    });
    let pid = 0;
    try {
      const stepProcess = await slowStepPid(stepPid);
      pid = Number(readFileSync(cliPid, "utf8").trim());
      // The terminal goes away: its master side closed, as when its window is closed.
      terminal.kill("SIGKILL");
      await expectDead([pid], 10_000);
      await expectDead([stepProcess]);
      const said = readFileSync(errors, "utf8");
      // Not the CLI's own: Node 20 then fails an assertion of its own as it exits
      // (ResetStdio cannot restore the closed terminal's settings), `momoflow run` alike.
      assert.doesNotMatch(said, /write EIO|Error:/, said.slice(0, 1500));
    } finally {
      for (const p of [pid, Number(readFileSync(stepPid, "utf8").trim() || 0)])
        if (p > 0 && isAlive(p)) process.kill(p, "SIGKILL");
    }
  });
});
