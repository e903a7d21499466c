import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isProcessAlive, listRuns, processStamp, runsDirOf } from "@momoflow/record";
import { canStopOutsideRun, stopOutsideRun } from "../src/run-records/stop-outside-run";
import { startCli, waitFor } from "../../engine/test/support/cli-process";
import { useTempDir } from "../../engine/test/support/temp-dir";

const SLOW = [
  "workflow slow {",
  '  step write { run: create_file(path: "slow.txt", content: "new") }',
  '  step wait { needs: write  run: "sleep 30" }',
  "}",
  "",
].join("\n");

describe("stopping a run started outside the editor (through the process its record names)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-client-stop-outside-");

  it("sends the run's own CLI a Ctrl+C: it is cancelled and rolls back, exit 130", async () => {
    const workdir = tmp();
    const file = join(workdir, "slow.momoflow");
    writeFileSync(file, SLOW);
    const { child, done } = startCli(["run", file], workdir);
    await waitFor(() => existsSync(join(workdir, "slow.txt")), "the first step's file");
    const [run] = listRuns(workdir);
    assert.ok(run);
    assert.equal(canStopOutsideRun(run.dir), process.platform === "linux");
    if (process.platform !== "linux") {
      child.kill("SIGINT");
      await done;
      return;
    }
    assert.deepEqual(stopOutsideRun(run.dir), { state: "stopping", pid: child.pid });
    const outcome = await done;
    assert.equal(outcome.code, 130, outcome.stdout + outcome.stderr);
    assert.ok(!existsSync(join(workdir, "slow.txt")), "its first step is undone");
    const result = JSON.parse(readFileSync(join(run.dir, "result.json"), "utf8")) as {
      status: string;
    };
    assert.equal(result.status, "cancelled");
    assert.deepEqual(stopOutsideRun(run.dir), { state: "ended" }, "an ended run is not signalled");
  });

  it("never signals a process that only has the record's pid (another process now), nor one the record cannot tell", async () => {
    const other = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      const stamp = processStamp(other.pid!)!;
      const runDir = join(runsDirOf(tmp()), "r1");
      mkdirSync(runDir, { recursive: true });
      const journal = (start: object) =>
        writeFileSync(
          join(runDir, "journal.jsonl"),
          JSON.stringify({
            type: "run_started",
            v: 1,
            time: 1,
            runId: "r1",
            workflow: { id: "w", name: "w", version: "1" },
            workdir: "/ws",
            concurrency: 1,
            rollbackOnFailure: true,
            steps: [],
            ...start,
          }) + "\n",
        );
      const signalled: number[] = [];
      const send = (pid: number) => void signalled.push(pid);
      // The pid is the live `sleep`, but it started at another time than the run's process did.
      journal({ pid: other.pid, pidStartTicks: (stamp.startTicks ?? 0) + 1 });
      assert.deepEqual(stopOutsideRun(runDir, send), { state: "ended" });
      // No start time recorded: the pid alone may be another process's by now.
      journal({ pid: other.pid });
      assert.equal(canStopOutsideRun(runDir), false);
      assert.deepEqual(stopOutsideRun(runDir, send), { state: "unsure", pid: other.pid });
      assert.deepEqual(signalled, []);
      assert.ok(isProcessAlive(other.pid!), "the other process runs on");
    } finally {
      other.kill();
    }
  });
});
