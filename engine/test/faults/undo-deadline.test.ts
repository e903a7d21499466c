import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { expectDead, isAlive } from "../support/process-liveness";
import { runRecorded } from "../support/recorded-run";
import { journalEvents, recordedStatus, runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import { writeWorkflow } from "../support/workflow-files";

/**
 * An undo that never settles must not hold its run forever: it is given up
 * at its deadline (`rollback_timeout`) or by a second Ctrl+C, its process
 * tree is stopped, the step ends `rollback_failed` saying why, the run ends
 * with its record written, and `momoflow rollback` tries the undo again.
 */
describe("an undo that never settles is given up", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-undo-deadline-");

  // The undo hangs (its sleep's pid in a file) until the test writes `go`.
  const hangingUndo = `"if [ ! -f go ]; then sleep 60 & echo $! > undo-sleep.pid; wait; fi; rm -f a.txt"`;

  /** The pid the hanging undo's sleep wrote, once it has. */
  function undoSleepPid(workdir: string): number | undefined {
    try {
      const pid = Number(readFileSync(join(workdir, "undo-sleep.pid"), "utf8").trim());
      return pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  /** The error `result.json` records for `step`. */
  function recordedStepError(runDir: string, step: string): { status?: string; error?: string } {
    const result = JSON.parse(readFileSync(join(runDir, "result.json"), "utf8")) as {
      steps: { id: string; status: string; error?: string }[];
    };
    return result.steps.find((s) => s.id === step) ?? {};
  }

  it("past its rollback_timeout: rollback_failed saying so, its processes stopped, and momoflow rollback retries it", async () => {
    const { workdir, out, runDir } = await runRecorded(
      tmp(),
      "deadline",
      `workflow deadline {
  step a {
    run: "echo x > a.txt"
    rollback: ${hangingUndo}
    rollback_timeout: 1s
  }

  step b {
    needs: a
    run: fail(message: "boom")
  }
}
`,
      1,
    );
    assert.equal(recordedStatus(runDir), "partially_rolled_back");
    const a = recordedStepError(runDir, "a");
    assert.equal(a.status, "rollback_failed");
    assert.match(a.error ?? "", /given up after 1s \(its rollback_timeout\)/);
    assert.match(out.stdout, /given up after 1s/);
    const sleep = undoSleepPid(workdir);
    assert.ok(sleep !== undefined, "the undo never started its sleep");
    await expectDead([sleep]);
    assert.ok(existsSync(join(workdir, "a.txt")), "a.txt should still be there");

    writeFileSync(join(workdir, "go"), "");
    const retry = await runCli(["rollback", runDir], workdir);
    assert.equal(retry.code, 0, retry.stdout + retry.stderr);
    assert.equal(existsSync(join(workdir, "a.txt")), false, "the retried undo did not run");
    assert.equal(recordedStatus(runDir), "rolled_back");
  });

  /** A workflow whose step `a` calls a command with the hanging undo and a deadline of `deadline`. */
  const commandWithDeadline = (deadline: string, stepSetting = "") => `command place() {
  run: "echo x > a.txt"
  rollback: ${hangingUndo}
  rollback_timeout: ${deadline}
}

workflow deadline {
  step a {
    run: place()
    ${stepSetting}
  }

  step b {
    needs: a
    run: fail(message: "boom")
  }
}
`;

  it("a command's rollback_timeout bounds the undo of a step calling it: rollback_failed, its processes stopped", async () => {
    const { workdir, runDir } = await runRecorded(tmp(), "deadline", commandWithDeadline("1s"), 1);
    assert.equal(recordedStatus(runDir), "partially_rolled_back");
    const a = recordedStepError(runDir, "a");
    assert.equal(a.status, "rollback_failed");
    assert.match(a.error ?? "", /given up after 1s \(its rollback_timeout\)/);
    const sleep = undoSleepPid(workdir);
    assert.ok(sleep !== undefined, "the undo never started its sleep");
    await expectDead([sleep]);
    assert.ok(existsSync(join(workdir, "a.txt")), "a.txt should still be there");
  });

  it("a step's own rollback_timeout wins over its command's", async () => {
    const { runDir } = await runRecorded(
      tmp(),
      "deadline",
      commandWithDeadline("3s", "rollback_timeout: 1s"),
      1,
    );
    const a = recordedStepError(runDir, "a");
    assert.equal(a.status, "rollback_failed");
    assert.match(a.error ?? "", /given up after 1s \(its rollback_timeout\)/);
  });

  it("a second Ctrl+C during the rollback gives up the running undo: the run ends cancelled (exit 130), its record written", async () => {
    const { file, workdir } = writeWorkflow(
      tmp(),
      "second-ctrl-c",
      `workflow second_ctrl_c {
  step a {
    run: "echo x > a.txt"
    rollback: ${hangingUndo}
  }

  step b {
    needs: a
    run: "touch b-started; sleep 30"
    rollback: none
  }
}
`,
    );
    const { child, done } = startCli(["run", file, "--workdir", workdir], workdir);
    let sleep: number | undefined;
    try {
      await waitFor(() => existsSync(join(workdir, "b-started")), "step b to start");
      child.kill("SIGINT");
      await waitFor(() => (sleep = undoSleepPid(workdir)) !== undefined, "the undo of a to hang");
      child.kill("SIGINT");
      const out = await done;
      assert.equal(out.code, 130, out.stdout + out.stderr);
      const runDir = runDirOf(workdir);
      assert.equal(recordedStatus(runDir), "cancelled");
      const a = recordedStepError(runDir, "a");
      assert.equal(a.status, "rollback_failed");
      assert.match(a.error ?? "", /given up: the rollback was stopped \(a second SIGINT\)/);
      assert.ok(
        journalEvents(runDir).some((e) => e.type === "run_finished"),
        "the journal does not record the run's end",
      );
      await expectDead([sleep!]);

      rmSync(join(workdir, "undo-sleep.pid"));
      writeFileSync(join(workdir, "go"), "");
      const retry = await runCli(["rollback", runDir], workdir);
      assert.equal(retry.code, 0, retry.stdout + retry.stderr);
      assert.equal(existsSync(join(workdir, "a.txt")), false, "the retried undo did not run");
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      if (sleep !== undefined && isAlive(sleep)) process.kill(sleep, "SIGKILL");
    }
  });

  it("Ctrl+C during momoflow rollback gives up its running undo: exit 130, the step left to a later rollback", async () => {
    const { workdir, runDir } = await runRecorded(
      tmp(),
      "rollback-ctrl-c",
      `workflow rollback_ctrl_c {
  step a {
    run: "echo x > a.txt"
    rollback: ${hangingUndo}
  }
}
`,
      0,
    );
    const { child, done } = startCli(["rollback", runDir], workdir);
    let sleep: number | undefined;
    try {
      await waitFor(() => (sleep = undoSleepPid(workdir)) !== undefined, "the undo of a to hang");
      child.kill("SIGINT");
      const out = await done;
      assert.equal(out.code, 130, out.stdout + out.stderr);
      assert.match(out.stdout, /could not undo a: given up: the rollback was stopped \(SIGINT\)/);
      await expectDead([sleep!]);
      assert.equal(recordedStatus(runDir), "partially_rolled_back");

      writeFileSync(join(workdir, "go"), "");
      const retry = await runCli(["rollback", runDir], workdir);
      assert.equal(retry.code, 0, retry.stdout + retry.stderr);
      assert.equal(existsSync(join(workdir, "a.txt")), false, "the retried undo did not run");
      assert.equal(recordedStatus(runDir), "rolled_back");
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      if (sleep !== undefined && isAlive(sleep)) process.kill(sleep, "SIGKILL");
    }
  });
  it("a js() undo that ignores its signal and never settles: momoflow rollback records it given up and exits 1", async () => {
    // Its interval holds the event loop open for good, its promise never settles.
    writeFileSync(
      join(tmp(), "hang.mjs"),
      "export default async () => new Promise(() => setInterval(() => {}, 1000));\n",
    );
    const { workdir, runDir } = await runRecorded(
      tmp(),
      "js-undo",
      `workflow js_undo {
  step a {
    run: "echo x > a.txt"
    rollback: js("./hang.mjs", "default")
    rollback_timeout: 1s
  }

  step b {
    needs: a
    run: fail(message: "boom")
  }
}
`,
      1,
      ["--no-rollback"],
    );
    const { child, done } = startCli(["rollback", runDir, "--json"], workdir);
    // Not a timing goal: a generous bound so that a process that never exits fails the test.
    const hung = setTimeout(() => child.kill("SIGKILL"), 30_000);
    try {
      const out = await done;
      assert.equal(out.signal, null, `momoflow rollback never exited\n${out.stdout}${out.stderr}`);
      assert.equal(out.code, 1, out.stdout + out.stderr);
      const report = JSON.parse(out.stdout) as { failed: { stepId: string; error: string }[] };
      assert.equal(report.failed[0]?.stepId, "a");
      assert.match(report.failed[0]?.error ?? "", /given up after 1s \(its rollback_timeout\)/);
      assert.equal(recordedStatus(runDir), "partially_rolled_back");
      assert.ok(existsSync(join(workdir, "a.txt")), "a.txt should still be there");
    } finally {
      clearTimeout(hung);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });
});
