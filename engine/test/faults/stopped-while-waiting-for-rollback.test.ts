import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { isAlive } from "../support/process-liveness";
import { useTempDir } from "../support/temp-dir";

/**
 * A second `momoflow rollback` of a run waits while another one holds the
 * run's lock. Ctrl+C there must stop the wait itself — it has no undo of its
 * own to give up — and not hold the terminal until the other rollback ends.
 */
describe("Ctrl+C on a rollback waiting for another rollback of the run (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-lock-wait-");
  const started: ChildProcess[] = [];
  // Whatever happened, the first rollback's undo is let go and nothing is left running.
  afterEach(() => {
    if (existsSync(tmp())) writeFileSync(join(tmp(), "go"), "");
    for (const child of started) if (child.exitCode === null) child.kill("SIGKILL");
    started.length = 0;
  });

  it("exits 130 at once, saying it undid nothing, while the other rollback goes on and undoes the step once", async () => {
    writeFileSync(
      join(tmp(), "wf.momoflow"),
      [
        "workflow w {",
        "  step a {",
        '    run: "echo a >> ops.log"',
        '    rollback: "echo undoing > undoing.txt; while [ ! -f go ]; do sleep 0.05; done; echo undo-a >> ops.log"',
        "  }",
        "  step b {",
        "    needs: a",
        '    run: fail(message: "stop")',
        "  }",
        "}",
      ].join("\n"),
    );
    const run = await runCli(["run", "wf.momoflow", "--no-rollback"], tmp());
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const first = startCli(["rollback", "wf.momoflow"], tmp());
    started.push(first.child);
    await waitFor(() => existsSync(join(tmp(), "undoing.txt")), "the first rollback's undo");
    const second = startCli(["rollback", "wf.momoflow"], tmp());
    started.push(second.child);
    let said = "";
    second.child.stdout!.on("data", (d) => (said += d));
    await waitFor(() => said.includes("waiting for the rollback"), "the second rollback to wait");
    second.child.kill("SIGINT");
    const stopped = await second.done;
    // The first rollback's undo is still held: the second did not wait for it.
    assert.ok(isAlive(first.child.pid!), "the first rollback still runs");
    assert.equal(stopped.code, 130, stopped.stdout + stopped.stderr);
    assert.match(
      stopped.stdout + stopped.stderr,
      /stopped while waiting for the rollback of this run by pid \d+: nothing was undone here/,
    );
    writeFileSync(join(tmp(), "go"), "");
    const done = await first.done;
    assert.equal(done.code, 0, done.stdout + done.stderr);
    assert.deepEqual(readFileSync(join(tmp(), "ops.log"), "utf8").split("\n").filter(Boolean), [
      "a",
      "undo-a",
    ]);
  });
});
