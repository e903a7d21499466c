import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { resumeAvailability } from "../src/run-records/resume-availability";
import { RunHistory, runsDirFor, type RunSummary } from "../src/run-records/run-history";
import { runCli, startCli, waitFor } from "../../engine/test/support/cli-process";
import { useTempDir } from "../../engine/test/support/temp-dir";

/** `check` fails until `needed.txt` exists; `slow` waits long enough to be stopped. */
const WORKFLOWS = [
  "workflow build {",
  '  step first { run: create_file(path: "first.txt", content: "1") }',
  '  step check { needs: first  run: "test -f needed.txt" }',
  "}",
  "",
  "workflow slow {",
  '  step write { run: create_file(path: "slow.txt", content: "new") }',
  "  step wait { needs: write  run: sleep(duration: 30s) }",
  "}",
  "",
].join("\n");

describe("resume availability (real runs of the CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-client-resume-");

  function setup(): {
    file: string;
    workdir: string;
    latest: (w: string) => RunSummary;
    find: (w: string) => RunSummary | undefined;
  } {
    const workdir = join(tmp(), "workspace");
    mkdirSync(workdir);
    const file = join(workdir, "build.momoflow");
    writeFileSync(file, WORKFLOWS);
    const history = new RunHistory();
    const find = (workflow: string): RunSummary | undefined => {
      history.invalidate();
      return history.latest(runsDirFor(workdir), { workflowId: workflow, source: file });
    };
    const latest = (workflow: string): RunSummary => {
      const run = find(workflow);
      assert.ok(run, `a run of ${workflow}`);
      return run;
    };
    return { file, workdir, latest, find };
  }

  async function cli(workdir: string, code: number, ...args: string[]): Promise<string> {
    const out = await runCli(args, workdir);
    assert.equal(out.code, code, out.stdout + out.stderr);
    return out.stdout;
  }

  it("offers to resume a failed run left as it is, until it is resumed, as the CLI decides", async () => {
    const { file, workdir, latest } = setup();
    assert.deepEqual(resumeAvailability(undefined), { state: "no-run" });

    await cli(workdir, 1, "run", file, "--workflow", "build");
    const rolledBack = latest("build");
    assert.equal(rolledBack.status, "rolled_back");
    assert.equal(resumeAvailability(rolledBack).state, "not-resumable");
    await cli(workdir, 2, "run", file, "--workflow", "build", "--resume", rolledBack.runId);

    await cli(workdir, 1, "run", file, "--workflow", "build", "--no-rollback");
    const failed = latest("build");
    assert.deepEqual(resumeAvailability(failed), {
      state: "available",
      run: failed,
      why: "failed",
    });

    writeFileSync(join(workdir, "needed.txt"), "");
    const out = await cli(workdir, 0, "run", file, "--workflow", "build", "--resume", failed.runId);
    assert.match(out, new RegExp(`reused from run ${failed.runId}`));
    const resumed = resumeAvailability(failed);
    assert.equal(resumed.state, "not-resumable");
    assert.match(resumed.state === "not-resumable" ? resumed.why : "", /resumed already/);
    const succeeded = latest("build");
    assert.notEqual(succeeded.runId, failed.runId);
    assert.deepEqual(resumeAvailability(succeeded), {
      state: "not-resumable",
      run: succeeded,
      why: "it succeeded",
    });
  });

  it("offers to resume a run whose resume ended before it recorded its start (killed, its disk full), as the CLI does", async () => {
    const { file, workdir, latest } = setup();
    await cli(workdir, 1, "run", file, "--workflow", "build", "--no-rollback");
    const failed = latest("build");
    const { done } = startCli(["run", file, "--workflow", "build", "--resume"], workdir, {
      MOMOFLOW_TEST_KILL_AFTER_LINE_WITH: '"type":"run_resumed"',
    });
    assert.equal((await done).signal, "SIGKILL");
    // The resuming run's journal, whose first line never came (as a full disk leaves it).
    const by = /"by":"([^"]+)"/.exec(readFileSync(join(failed.dir, "journal.jsonl"), "utf8"))![1]!;
    mkdirSync(join(failed.dir, "..", by), { recursive: true });
    writeFileSync(join(failed.dir, "..", by, "journal.jsonl"), "");
    assert.equal(resumeAvailability(failed).state, "available");
    writeFileSync(join(workdir, "needed.txt"), "");
    await cli(workdir, 0, "run", file, "--workflow", "build", "--resume", failed.runId);
  });

  it("offers none once the failed run is rolled back", async () => {
    const { file, workdir, latest } = setup();
    await cli(workdir, 1, "run", file, "--workflow", "build", "--no-rollback");
    assert.equal(resumeAvailability(latest("build")).state, "available");
    await cli(workdir, 0, "rollback", file, "--workflow", "build");
    const after = latest("build");
    assert.equal(resumeAvailability(after).state, "not-resumable");
    await cli(workdir, 2, "run", file, "--workflow", "build", "--resume", after.runId);
  });

  it("tells a running run (refused) from a killed one and a cancelled one (offered)", async () => {
    const { file, workdir, latest, find } = setup();
    const started = (): boolean => {
      const run = find("slow");
      return (
        !!run && readFileSync(join(run.dir, "journal.jsonl"), "utf8").includes('"step":"wait"')
      );
    };

    const killed = startCli(["run", file, "--workflow", "slow"], workdir);
    await waitFor(started, "the second step to start");
    const running = latest("slow");
    assert.deepEqual(resumeAvailability(running), { state: "running", run: running });
    killed.child.kill("SIGKILL");
    await killed.done;
    assert.deepEqual(resumeAvailability(running), {
      state: "available",
      run: running,
      why: "killed",
    });
    // The liveness probe decides between the two.
    assert.equal(resumeAvailability(running, () => true).state, "running");

    const cancelled = startCli(["run", file, "--workflow", "slow", "--no-rollback"], workdir);
    await waitFor(() => latest("slow").runId !== running.runId && started(), "a second run");
    cancelled.child.kill("SIGTERM");
    await cancelled.done;
    const stopped = latest("slow");
    assert.equal(stopped.status, "cancelled");
    assert.deepEqual(resumeAvailability(stopped), {
      state: "available",
      run: stopped,
      why: "cancelled",
    });
  });
});
