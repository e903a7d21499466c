import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunResultFile } from "../../src/record/result-file";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { expectDead, isAlive } from "../support/process-liveness";
import { journalEvents, latestResult, latestRunDir } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";
import type { WorkerProcess } from "../support/worker-process";

// The undo hangs: its sleep's pid goes to a file of the worker's folder.
const HANGING_UNDO = `"sleep 60 & echo $! > undo-sleep.pid; wait"`;

const FLOWS = `
workflow deadline {
  step a { run: "echo x > a.txt" rollback: ${HANGING_UNDO} rollback_timeout: 2s }
  step b { needs: [a] run: "exit 3" }
}

workflow lost_undo {
  step a { run: "echo x > a.txt" rollback: ${HANGING_UNDO} }
  step b { needs: [a] run: "exit 3" }
}

workflow stopped {
  step a { run: "echo x > a.txt" rollback: ${HANGING_UNDO} }
  step b { needs: [a] run: "touch b-started; sleep 60" rollback: none }
}
`;

/** The step `id` of the scheduler's latest run record. */
function recordedStep(workdir: string, id: string): RunResultFile["steps"][number] {
  return latestResult(workdir).steps.find((s) => s.id === id)!;
}

/** The pid the worker's hanging undo wrote, once it has. */
function undoSleepPid(worker: WorkerProcess): number | undefined {
  try {
    const pid = Number(readFileSync(join(worker.workdir, "undo-sleep.pid"), "utf8").trim());
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An undo that never settles on a worker is given up as a local one is: at
 * the step's `rollback_timeout` or by a second Ctrl+C on the scheduler, the
 * step ends `rollback_failed` saying why, the run ends with its record, and
 * the worker stops the undo's process group.
 */
describe("momoflow run --on: an undo that never settles on its worker is given up", function () {
  this.timeout(120_000);
  const cluster = useWorkerCluster("momoflow-dist-undo-deadline-", FLOWS);

  it("past its rollback_timeout: rollback_failed saying so, the run ends, the worker stops the undo's processes", async () => {
    const w = await cluster.worker(`w-${cluster.tag}`, join(cluster.tmp(), "w"));
    let sleep: number | undefined;
    try {
      const run = await runCli(
        ["run", "flow.momoflow", "--workflow", "deadline", "--on", cluster.redis.url],
        cluster.scheduler,
      );
      sleep = undoSleepPid(w);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      const a = recordedStep(cluster.scheduler, "a");
      assert.equal(a.status, "rollback_failed", run.stdout);
      assert.match(a.error ?? "", /given up after 2s \(its rollback_timeout\)/);
      assert.ok(sleep !== undefined, "the undo never started its sleep on the worker");
      await expectDead([sleep]);
      assert.ok(existsSync(join(w.workdir, "a.txt")), "a.txt should still be there");
    } finally {
      if (sleep !== undefined && isAlive(sleep)) process.kill(sleep, "SIGKILL");
    }
  });

  it("a second Ctrl+C gives up the undo on the worker: the run ends cancelled (exit 130), its record written, the undo's processes stopped", async () => {
    const w = await cluster.worker(`w-${cluster.tag}`, join(cluster.tmp(), "w"));
    const { child, done } = startCli(
      ["run", "flow.momoflow", "--workflow", "stopped", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    let sleep: number | undefined;
    try {
      await waitFor(() => existsSync(join(w.workdir, "b-started")), "step b to start", 30_000);
      child.kill("SIGINT");
      await waitFor(() => (sleep = undoSleepPid(w)) !== undefined, "the undo of a to hang", 30_000);
      child.kill("SIGINT");
      const run = await done;
      assert.equal(run.code, 130, run.stdout + run.stderr);
      const a = recordedStep(cluster.scheduler, "a");
      assert.equal(a.status, "rollback_failed", run.stdout);
      assert.match(a.error ?? "", /given up: the rollback was stopped \(a second SIGINT\)/);
      assert.doesNotMatch(a.error ?? "", /may still be running/);
      assert.ok(
        journalEvents(latestRunDir(cluster.scheduler)!).some((e) => e.type === "run_finished"),
        "the journal does not record the run's end",
      );
      await expectDead([sleep!]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      if (sleep !== undefined && isAlive(sleep)) process.kill(sleep, "SIGKILL");
    }
  });

  it("a worker killed during an undo: the step is rollback_failed saying its worker was lost during the undo, to roll back again", async () => {
    const w = await cluster.worker(`w-${cluster.tag}`, join(cluster.tmp(), "w"), [
      "--lock-duration",
      "2000",
    ]);
    const { done } = startCli(
      ["run", "flow.momoflow", "--workflow", "lost_undo", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    let sleep: number | undefined;
    try {
      await waitFor(() => (sleep = undoSleepPid(w)) !== undefined, "the undo of a to hang", 30_000);
      await w.kill();
      const run = await done;
      assert.equal(run.code, 1, run.stdout + run.stderr);
      const a = recordedStep(cluster.scheduler, "a");
      assert.equal(a.status, "rollback_failed", run.stdout);
      assert.match(
        a.error ?? "",
        new RegExp(
          `worker ${w.name} was lost during the undo of a: roll back again once it is back`,
        ),
      );
      assert.doesNotMatch(a.error ?? "", /while it ran the step/);
    } finally {
      if (sleep !== undefined && isAlive(sleep)) process.kill(sleep, "SIGKILL");
    }
  });
});
