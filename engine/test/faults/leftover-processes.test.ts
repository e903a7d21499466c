import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { runRecorded } from "../support/recorded-run";
import { journalEvents, recordedStatus, runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import { writeWorkflow } from "../support/workflow-files";

/** The lines of a ledger file the workflow's shell actions append to ("" when none). */
function ledgerLines(path: string): string[] {
  return existsSync(path) ? readFileSync(path, "utf8").split("\n").filter(Boolean) : [];
}

/** How many times the journal records a successful undo of `step`. */
function undoneCount(runDir: string, step: string): number {
  return journalEvents(runDir).filter(
    (e) => e.type === "step_rolled_back" && e.step === step && e.status === "rolled_back",
  ).length;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The process groups the journal records as started by `step`'s undos. */
function undoGroups(runDir: string, step: string): number[] {
  return journalEvents(runDir)
    .filter((e) => e.type === "step_process" && e.step === step && e.undo === true)
    .map((e) => e.pid as number);
}

/** A step that leaves a process writing late.txt `seconds` after it ends, then a failing step. */
function backgroundWriter(name: string, seconds: number): string {
  return `workflow ${name} {
  step starter {
    run: "(sleep ${seconds}; echo late > late.txt) > /dev/null 2>&1 & echo started > late.txt"
    rollback: "rm -f late.txt"
  }
  step boom {
    needs: starter
    run: fail(message: "boom")
  }
}
`;
}

/** A step whose undo writes begin and end to the param `ledger`, two seconds apart; then a failing step. */
function slowUndo(name: string): string {
  return `workflow ${name} {
  param ledger: path
  step write {
    run: "echo data > data.txt"
    rollback: "echo begin >> \${ledger}; sleep 2; rm -f data.txt; echo end >> \${ledger}"
  }
  step boom {
    needs: write
    run: fail(message: "boom")
  }
}
`;
}

/** SIGKILLs `cli` once its undo has written begin to `ledger` (and in any case before returning). */
async function killOnceUndoBegins(cli: ReturnType<typeof startCli>, ledger: string): Promise<void> {
  try {
    await waitFor(() => ledgerLines(ledger).includes("begin"), "the undo to begin");
    cli.child.kill("SIGKILL");
    assert.equal((await cli.done).signal, "SIGKILL");
  } finally {
    if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill("SIGKILL");
  }
}

/**
 * What a step's processes left running must not act after its undo: a
 * background process of the step's run would redo the effect the undo just
 * removed, and the undo of a rollback that was killed would run again beside
 * the next rollback's. Each is stopped (its whole process group) before the
 * step is undone.
 */
describe("processes a step left running are stopped before it is undone", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-leftover-");

  it("a background process of a completed step cannot rewrite its file after the run's rollback", async () => {
    const { workdir, runDir } = await runRecorded(
      tmp(),
      "background",
      backgroundWriter("background", 1.5),
      1,
    );
    assert.equal(recordedStatus(runDir), "rolled_back");
    // Past the moment the background process would have written, had it lived.
    await sleep(2_000);
    assert.equal(existsSync(join(workdir, "late.txt")), false, "late.txt came back after the undo");
  });

  it("the same after a run kept with --no-rollback, undone later by momoflow rollback", async () => {
    const { workdir, runDir } = await runRecorded(
      tmp(),
      "background-kept",
      backgroundWriter("background_kept", 2),
      1,
      ["--no-rollback"],
    );
    const undo = await runCli(["rollback", runDir], workdir);
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    await sleep(2_500);
    assert.equal(existsSync(join(workdir, "late.txt")), false, "late.txt came back after the undo");
  });

  it("a rollback killed mid-undo: the next one stops that undo before running it again, so it never completes twice", async () => {
    const { workdir, runDir, ledger, left } = await rollbackKilledMidUndo(tmp());

    const second = await runCli(["rollback", runDir], workdir);
    assert.equal(second.code, 0, second.stdout + second.stderr);
    // It says what it stopped: the step, the group, and that a killed rollback left it.
    assert.match(
      second.stdout,
      new RegExp(
        `stopped the undo of step "write" that a killed rollback left running \\(process group ${left}\\), before undoing it again\n`,
      ),
    );
    // Past the moment the killed rollback's undo would have ended, had it lived.
    await sleep(2_500);
    assert.deepEqual(
      ledgerLines(ledger),
      ["begin", "begin", "end"],
      "the killed rollback's undo ran on beside the second one",
    );
    assert.equal(existsSync(join(workdir, "data.txt")), false);
    assert.equal(undoneCount(runDir, "write"), 1);
    assert.equal(recordedStatus(runDir), "rolled_back");

    const third = await runCli(["rollback", runDir], workdir);
    assert.equal(third.code, 0, third.stdout + third.stderr);
    assert.match(third.stdout, /nothing to undo/);
  });

  it("a rollback killed mid-undo: the next one's --json names the undo it stopped (step, process group, left by a rollback)", async () => {
    const { workdir, runDir, ledger, left } = await rollbackKilledMidUndo(tmp());

    const second = await runCli(["rollback", runDir, "--json"], workdir);
    assert.equal(second.code, 0, second.stdout + second.stderr);
    const report = JSON.parse(second.stdout) as {
      leftoverProcesses: unknown[];
      rolledBack: string[];
    };
    assert.deepEqual(report.leftoverProcesses, [{ step: "write", pid: left, leftBy: "rollback" }]);
    assert.deepEqual(report.rolledBack, ["write"]);
    await sleep(2_500);
    assert.deepEqual(ledgerLines(ledger), ["begin", "begin", "end"]);
  });

  it("a run killed during its own rollback: momoflow rollback stops the undo it left running", async () => {
    const dir = tmp();
    const ledger = join(dir, "undo-ledger.txt");
    writeFileSync(ledger, "");
    const { file, workdir } = writeWorkflow(dir, "killed-in-undo", slowUndo("killed_in_undo"));
    await killOnceUndoBegins(
      startCli(["run", file, "--workdir", workdir, "--param", `ledger=${ledger}`], workdir),
      ledger,
    );
    const runDir = runDirOf(workdir);
    const [left] = undoGroups(runDir, "write");
    const undo = await runCli(["rollback", runDir], workdir);
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    // The run's rollback left it, not the run's step: said as such.
    assert.match(
      undo.stdout,
      new RegExp(
        `stopped the undo of step "write" that a killed rollback left running \\(process group ${left}\\)`,
      ),
    );
    assert.doesNotMatch(undo.stdout, /left running by the killed run/);
    await sleep(2_500);
    assert.deepEqual(ledgerLines(ledger), ["begin", "begin", "end"]);
    assert.equal(existsSync(join(workdir, "data.txt")), false);
    assert.equal(undoneCount(runDir, "write"), 1);
  });
});

/**
 * A run left to undo (`--no-rollback`) whose `momoflow rollback` was killed
 * once its slow undo of step `write` began: the undo's process group still runs.
 */
async function rollbackKilledMidUndo(
  dir: string,
): Promise<{ workdir: string; runDir: string; ledger: string; left: number }> {
  const ledger = join(dir, "undo-ledger.txt");
  const { workdir, runDir } = await runRecorded(dir, "slow-undo", slowUndo("slow_undo"), 1, [
    "--no-rollback",
    "--param",
    `ledger=${ledger}`,
  ]);
  await killOnceUndoBegins(startCli(["rollback", runDir], workdir), ledger);
  const [left] = undoGroups(runDir, "write");
  assert.ok(left !== undefined, "the killed rollback recorded its undo's process group");
  return { workdir, runDir, ledger, left };
}
