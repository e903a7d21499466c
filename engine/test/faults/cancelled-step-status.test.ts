import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startCli, waitFor } from "../support/cli-process";
import { runRecorded } from "../support/recorded-run";
import { journalEvents, runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import { writeWorkflow } from "../support/workflow-files";

/**
 * A step stopped part-way by the user's cancellation did not fail on its
 * own: its record says `cancelled`, while a step that failed on its own, or
 * one the workflow's timeout stopped, stays `failed`.
 */
describe("a step stopped by the run's cancellation is recorded cancelled", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-cancelled-step-");

  /** Each step's status as `result.json` records it. */
  function recordedSteps(runDir: string): Record<string, string> {
    const result = JSON.parse(readFileSync(join(runDir, "result.json"), "utf8")) as {
      steps: { id: string; status: string }[];
    };
    return Object.fromEntries(result.steps.map((s) => [s.id, s.status]));
  }

  /** The status the journal's `step_finished` of `step` holds. */
  function finishedStatus(runDir: string, step: string): unknown {
    return journalEvents(runDir).find((e) => e.type === "step_finished" && e.step === step)?.status;
  }

  it("Ctrl+C: the running step is cancelled, the one that failed before stays failed (exit 130)", async () => {
    const { file, workdir } = writeWorkflow(
      tmp(),
      "cancel",
      `workflow cancel {
  concurrency: 2

  step broken {
    run: "exit 3"
    rollback: none
    continue_on_error: true
  }

  step slow {
    run: "touch slow-started; sleep 30"
    rollback: none
  }
}
`,
    );
    const { child, done } = startCli(["run", file, "--workdir", workdir], workdir);
    // The journal may hold a step's end back (it is no intent): its progress line says it.
    let progress = "";
    child.stdout!.on("data", (chunk) => (progress += chunk));
    try {
      await waitFor(
        () => existsSync(join(workdir, "slow-started")) && /broken failed/.test(progress),
        "step slow to start and step broken to fail",
      );
      child.kill("SIGINT");
      const out = await done;
      assert.equal(out.code, 130, out.stdout + out.stderr);
      const runDir = runDirOf(workdir);
      assert.deepEqual(recordedSteps(runDir), { broken: "failed", slow: "cancelled" });
      assert.equal(finishedStatus(runDir, "slow"), "cancelled");
      assert.match(out.stdout, /slow\s.*cancelled/);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });

  it("the workflow's timeout: the step it stopped failed (exit 1)", async () => {
    const { runDir } = await runRecorded(
      tmp(),
      "timeout",
      `workflow times_out {
  timeout: 1s

  step slow {
    run: "sleep 30"
    rollback: none
  }
}
`,
      1,
    );
    assert.deepEqual(recordedSteps(runDir), { slow: "failed" });
  });
});
