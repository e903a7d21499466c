import assert from "node:assert/strict";
import Ajv from "ajv";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENGINE_URL, journalText, runCli, startCli, waitFor } from "../support/cli-process";
import { expectDead, isAlive } from "../support/process-liveness";
import { runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import { withoutRecordedUndoFunction, writeJsUndoWorkflow } from "../support/js-undo-workflow";
import journalSchema from "../../../schemas/run-journal-event.schema.json";
import resultSchema from "../../../schemas/run-result.schema.json";

/**
 * A workflow module as a user writes one: two built-in file steps (undone
 * automatically), then a step that waits until cancelled, or fails.
 */
function writeModule(dir: string, third: "wait" | "fail" | "ok"): string {
  const path = join(dir, "workflow.mjs");
  writeFileSync(
    path,
    `import { CommandStep, WorkflowDefinition } from ${JSON.stringify(ENGINE_URL)};
const third = ${JSON.stringify(third)};
export default new WorkflowDefinition({
  id: "report",
  name: "Write the report",
  steps: [
    new CommandStep("notes", "create_file", { path: "notes.txt", content: "new notes" }),
    new CommandStep("data", "create_file", { path: "data.txt", content: "new data" }, { needs: ["notes"] }),
    {
      id: "finish",
      description: "the last step",
      reversible: false,
      needs: ["data"],
      async execute(context, execution) {
        if (third === "fail") throw new Error("disk full");
        if (third === "wait") {
          await new Promise((resolve, reject) =>
            execution.signal.addEventListener("abort", () => reject(new Error("stopped")), { once: true }),
          );
        }
        return { stepId: "finish", status: "success", metrics: {}, attempts: 1 };
      },
    },
  ],
});
`,
  );
  return path;
}

/**
 * A file step, then a shell step whose script writes its own pid and that of a
 * background `sleep`, and waits for it.
 */
function writeShellModule(dir: string): string {
  const path = join(dir, "shell-workflow.mjs");
  writeFileSync(
    path,
    `import { CommandStep, WorkflowDefinition } from ${JSON.stringify(ENGINE_URL)};
export default new WorkflowDefinition({
  id: "shell",
  steps: [
    new CommandStep("notes", "create_file", { path: "notes.txt", content: "new notes" }),
    new CommandStep(
      "wait",
      "sh",
      { script: "echo $$ > leader.pid; sleep 30 & echo $! > child.pid; wait" },
      { needs: ["notes"] },
    ),
  ],
});
`,
  );
  return path;
}

/** The pid a script wrote to `file`, once the whole line is there. */
function readPid(file: string): number | undefined {
  try {
    const text = readFileSync(file, "utf8");
    return text.endsWith("\n") ? Number(text.trim()) : undefined;
  } catch {
    return undefined;
  }
}

describe("momoflow run and rollback (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-cli-");

  it("runs a workflow module, prints each step and a summary, and exits 0", async () => {
    const module = writeModule(tmp(), "ok");
    const out = await runCli(["run", module], tmp());
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /✓ notes success/);
    assert.match(out.stdout, /step\s+status\s+tries\s+time\s+memory/);
    assert.match(out.stdout, /success .*100% of steps succeeded/);
    assert.equal(readFileSync(join(tmp(), "data.txt"), "utf8"), "new data");
  });

  it("prints the result as JSON with --json, with result.json's names, both valid against its schema", async () => {
    const module = writeModule(tmp(), "ok");
    const out = await runCli(["run", module, "--json"], tmp());
    assert.equal(out.code, 0, out.stderr);
    const result = JSON.parse(out.stdout);
    assert.equal(result.status, "success");
    assert.deepEqual(
      result.steps.map((s: { id: string }) => s.id),
      ["notes", "data", "finish"],
    );
    const file = JSON.parse(readFileSync(join(result.runDir, "result.json"), "utf8"));
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(journalSchema);
    const validate = ajv.compile(resultSchema);
    for (const [what, value] of [
      ["--json", result],
      ["result.json", file],
    ]) {
      assert.ok(validate(value), `${what}: ${ajv.errorsText(validate.errors)}`);
    }
    // The same names, field for field; only --json says where the record is.
    assert.deepEqual(Object.keys(result).sort(), [...Object.keys(file), "runDir"].sort());
    result.steps.forEach((step: Record<string, unknown>, i: number) => {
      assert.deepEqual(Object.keys(step).sort(), Object.keys(file.steps[i]).sort());
      for (const key of ["id", "status", "attempts", "needs", "reversible", "output"]) {
        assert.deepEqual(step[key], file.steps[i][key], `steps[${i}].${key}`);
      }
    });
    assert.deepEqual(
      [result.runId, result.workflow, result.workdir, result.successRate],
      [file.runId, file.workflow, file.workdir, file.successRate],
    );
  });

  it("rolls back on failure and exits 1", async () => {
    writeFileSync(join(tmp(), "notes.txt"), "old notes");
    const module = writeModule(tmp(), "fail");
    const out = await runCli(["run", module], tmp());
    assert.equal(out.code, 1);
    assert.match(out.stdout, /disk full/);
    assert.match(out.stdout, /rolled_back/);
    assert.equal(readFileSync(join(tmp(), "notes.txt"), "utf8"), "old notes");
    assert.equal(existsSync(join(tmp(), "data.txt")), false);
  });

  it("a failure with the rollback off says what undoes the work it left and what continues it", async () => {
    writeFileSync(join(tmp(), "notes.txt"), "old notes");
    const module = writeModule(tmp(), "fail");
    const out = await runCli(["run", module, "--no-rollback"], tmp());
    assert.equal(out.code, 1, out.stderr);
    const runDir = readFileSync(join(tmp(), ".momoflow", "runs", "latest"), "utf8").trim();
    const hint = `  left as it is (the rollback is off): momoflow rollback ${join(tmp(), ".momoflow", "runs", runDir)} undoes it; run it again with --resume to continue it\n`;
    assert.ok(out.stdout.endsWith(hint), out.stdout);
    assert.equal(readFileSync(join(tmp(), "notes.txt"), "utf8"), "new notes");

    // Nothing done that a rollback would undo (\`rollback: none\`): no such line.
    const nothing = join(tmp(), "nothing.momoflow");
    writeFileSync(
      nothing,
      `workflow nothing {\n  step a {\n    run: "echo hi"\n    rollback: none\n  }\n  step b {\n    needs: a\n    run: "exit 1"\n    rollback: none\n  }\n}\n`,
    );
    const none = await runCli(["run", nothing, "--no-rollback"], tmp());
    assert.equal(none.code, 1, none.stderr);
    assert.doesNotMatch(none.stdout, /left as it is/);

    // Only a step that failed part-way, whose undo momoflow rollback runs: said too.
    const half = join(tmp(), "half.momoflow");
    writeFileSync(
      half,
      `workflow half {\n  step a {\n    run: "echo part > part.txt; exit 1"\n    rollback: "rm part.txt"\n  }\n}\n`,
    );
    const halfDone = await runCli(["run", half, "--no-rollback"], tmp());
    assert.equal(halfDone.code, 1, halfDone.stderr);
    assert.match(halfDone.stdout, /left as it is \(the rollback is off\): momoflow rollback /);
  });

  it("survives SIGKILL: a later rollback restores the files from the record, and a second one does nothing", async () => {
    writeFileSync(join(tmp(), "notes.txt"), "old notes");
    const module = writeModule(tmp(), "wait");
    const { child, done } = startCli(["run", module], tmp());
    await waitFor(() => journalText(tmp()).includes('"step":"finish"'), "the third step to start");
    child.kill("SIGKILL");
    const killed = await done;
    assert.equal(killed.signal, "SIGKILL");
    assert.equal(readFileSync(join(tmp(), "notes.txt"), "utf8"), "new notes");
    assert.equal(existsSync(join(tmp(), "data.txt")), true);

    const first = await runCli(["rollback", module], tmp());
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /interrupted/);
    assert.equal(readFileSync(join(tmp(), "notes.txt"), "utf8"), "old notes");
    assert.equal(existsSync(join(tmp(), "data.txt")), false);
    assert.match(first.stdout, /rolled_back/);

    // Something the user wrote after the rollback must survive a second one.
    writeFileSync(join(tmp(), "data.txt"), "mine");
    const second = await runCli(["rollback", module], tmp());
    assert.equal(second.code, 0);
    assert.match(second.stdout, /nothing to undo: .*already undone/);
    assert.equal(readFileSync(join(tmp(), "data.txt"), "utf8"), "mine");
    assert.equal(readFileSync(join(tmp(), "notes.txt"), "utf8"), "old notes");
  });

  it("after SIGKILL, rollback first stops the process group a shell step left running", async function () {
    if (process.platform !== "linux") this.skip(); // matching a group safely needs /proc
    writeFileSync(join(tmp(), "notes.txt"), "old notes");
    const module = writeShellModule(tmp());
    const { child, done } = startCli(["run", module], tmp());
    const leaderFile = join(tmp(), "leader.pid");
    const childFile = join(tmp(), "child.pid");
    await waitFor(
      () => readPid(leaderFile) !== undefined && readPid(childFile) !== undefined,
      "the shell step to write both pid files",
    );
    const pids = [readPid(leaderFile)!, readPid(childFile)!];
    try {
      child.kill("SIGKILL");
      assert.equal((await done).signal, "SIGKILL");
      assert.match(
        journalText(tmp()),
        /"type":"step_process","time":\d+,"step":"wait","pid":\d+,"startTicks":\d+/,
      );
      // Orphaned, the script goes on: its sleep is still there after the run died.
      assert.equal(isAlive(pids[1]!), true, "the sleep should outlive the killed run");
      assert.equal(readFileSync(join(tmp(), "notes.txt"), "utf8"), "new notes");

      const out = await runCli(["rollback", module], tmp());
      assert.equal(out.code, 0, out.stdout + out.stderr);
      assert.match(out.stdout, /stopped 1 process group left running by the killed run/);
      await expectDead(pids);
      assert.equal(readFileSync(join(tmp(), "notes.txt"), "utf8"), "old notes");

      const again = await runCli(["rollback", module, "--json"], tmp());
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.deepEqual(JSON.parse(again.stdout).stoppedProcesses, []);
    } finally {
      for (const pid of pids) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // Already gone, as it should be.
        }
      }
    }
  });

  it("cancels on SIGHUP (the terminal closed) like SIGTERM: rolls back and exits 130", async () => {
    const module = writeModule(tmp(), "wait");
    const { child, done } = startCli(["run", module], tmp());
    await waitFor(() => journalText(tmp()).includes('"step":"finish"'), "the third step to start");
    child.kill("SIGHUP");
    // A hangup often comes twice; the second must not cut the rollback short.
    child.kill("SIGHUP");
    const out = await done;
    assert.equal(out.code, 130, out.stdout + out.stderr);
    assert.match(out.stdout, /SIGHUP: cancelling the run and rolling back/);
    assert.match(journalText(tmp()), /"type":"run_finished"[^\n]*"status":"cancelled"/);
    assert.equal(existsSync(join(tmp(), "notes.txt")), false);
    assert.equal(existsSync(join(tmp(), "data.txt")), false);
  });

  it("cancels on Ctrl+C (SIGINT): rolls back and exits 130", async () => {
    const module = writeModule(tmp(), "wait");
    const { child, done } = startCli(["run", module], tmp());
    await waitFor(() => journalText(tmp()).includes('"step":"finish"'), "the third step to start");
    child.kill("SIGINT");
    const out = await done;
    assert.equal(out.code, 130, out.stdout + out.stderr);
    assert.match(out.stdout, /cancelling the run and rolling back/);
    assert.match(out.stdout, /cancelled/);
    assert.equal(existsSync(join(tmp(), "notes.txt")), false);
    assert.equal(existsSync(join(tmp(), "data.txt")), false);
  });

  it("cancels on Ctrl+C with --no-rollback saying nothing is undone, undoes nothing and says what would", async () => {
    const module = writeModule(tmp(), "wait");
    const { child, done } = startCli(["run", module, "--no-rollback"], tmp());
    await waitFor(() => journalText(tmp()).includes('"step":"finish"'), "the third step to start");
    child.kill("SIGINT");
    const out = await done;
    assert.equal(out.code, 130, out.stdout + out.stderr);
    assert.match(
      out.stdout,
      /Ctrl\+C: cancelling the run \(the rollback is off: nothing is undone\)…/,
    );
    assert.doesNotMatch(out.stdout, /rolling back/, out.stdout);
    assert.equal(existsSync(join(tmp(), "notes.txt")), true);
    // What it left, as after a failure with the rollback off: what undoes it, what continues it.
    assert.match(
      out.stdout,
      /left as it is \(the rollback is off\): momoflow rollback .* undoes it/,
    );
  });

  it("rollback of a run still in progress is refused (exit 2), naming --force, and undoes nothing", async () => {
    const module = writeModule(tmp(), "wait");
    const { child, done } = startCli(["run", module], tmp());
    await waitFor(() => journalText(tmp()).includes('"step":"finish"'), "the third step to start");
    try {
      const out = await runCli(["rollback", module], tmp());
      assert.equal(out.code, 2, out.stdout + out.stderr);
      assert.match(
        out.stderr,
        /^momoflow: run \S+ is still in progress \(pid \d+\): stop it first, or roll it back anyway with --force\n$/,
      );
      assert.equal(readFileSync(join(tmp(), "notes.txt"), "utf8"), "new notes", "nothing undone");
    } finally {
      child.kill("SIGINT");
      await done;
    }
  });

  it("rollback --force of a run still in progress stops the run first: each step is undone once, and no killed run is claimed", async () => {
    // Undos that append: one run twice would show (not idempotent, as users write them).
    const file = join(tmp(), "live.momoflow");
    writeFileSync(
      file,
      `workflow live {
  step a {
    run: "echo a >> did.log"
    rollback: "echo undo-a >> undo.log"
  }
  step b {
    needs: a
    run: "echo b >> did.log"
    rollback: "echo undo-b >> undo.log"
  }
  step wait {
    needs: b
    run: "echo $$ > wait.pid; sleep 30"
    rollback: "echo undo-wait >> undo.log"
  }
}
`,
    );
    const { done } = startCli(["run", file], tmp());
    await waitFor(() => readPid(join(tmp(), "wait.pid")) !== undefined, "step wait to start");
    const forced = await runCli(["rollback", file, "--force"], tmp());
    const run = await done;
    assert.equal(forced.code, 0, forced.stdout + forced.stderr);
    assert.equal(run.code, 130, run.stdout + run.stderr);
    assert.deepEqual(
      readFileSync(join(tmp(), "undo.log"), "utf8").trim().split("\n"),
      ["undo-wait", "undo-b", "undo-a"],
      `each undone once, in reverse:\n${forced.stdout}\n${run.stdout}`,
    );
    assert.match(
      forced.stdout,
      /stopped run \S+ first \(pid \d+, still running\): it rolled back what it had done/,
    );
    assert.doesNotMatch(forced.stdout, /killed run|interrupted before it finished/);
    // Said before the wait, which may take seconds: not silent meanwhile.
    assert.match(
      forced.stdout,
      /^the run is still running \(pid \d+\): stopping it first, as Ctrl\+C would \(it rolls back what it did itself; SIGKILL after 15 s\)…$/m,
    );
    expectDead([readPid(join(tmp(), "wait.pid"))!]);
  });

  it("rolls back a run folder given directly", async () => {
    const module = writeModule(tmp(), "ok");
    const run = JSON.parse((await runCli(["run", module, "--json"], tmp())).stdout);
    const out = await runCli(["rollback", run.runDir, "--json"], tmp());
    assert.equal(out.code, 0, out.stderr);
    const report = JSON.parse(out.stdout);
    assert.deepEqual(report.rolledBack, ["data", "notes"]);
    assert.deepEqual(report.irreversible, ["finish"]);
    assert.equal(report.status, "partially_rolled_back");
  });

  it("exits 2 with a message that says what and where for bad usage", async () => {
    const missing = await runCli(["run", "nowhere.mjs"], tmp());
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nowhere\.mjs: no such file/);

    writeFileSync(join(tmp(), "empty.mjs"), "export default 42;\n");
    const notWorkflow = await runCli(["run", "empty.mjs"], tmp());
    assert.equal(notWorkflow.code, 2);
    assert.match(notWorkflow.stderr, /empty\.mjs: the default export must be a WorkflowDefinition/);

    // A workflow file with a mistyped extension: both kinds of file run is told of.
    writeFileSync(
      join(tmp(), "site.momoflw"),
      'workflow w {\n  step a {\n    run: log(message: "a")\n  }\n}\n',
    );
    const wrongExtension = await runCli(["run", "site.momoflw"], tmp());
    assert.equal(wrongExtension.code, 2);
    assert.equal(
      wrongExtension.stderr,
      "momoflow: site.momoflw: expected a .momoflow file or a JavaScript workflow module (.mjs, .cjs or .js)\n",
    );

    const module = writeModule(tmp(), "ok");
    const badConcurrency = await runCli(["run", module, "--concurrency", "0"], tmp());
    assert.equal(badConcurrency.code, 2);
    assert.match(badConcurrency.stderr, /--concurrency 0: expected a whole number/);

    const unknown = await runCli(["launch"], tmp());
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "launch"/);

    const noRuns = await runCli(["rollback", module], tmp());
    assert.equal(noRuns.code, 2);
    assert.match(noRuns.stderr, /no run of .*workflow\.mjs/);
    assert.deepEqual(readdirSync(tmp()).sort(), ["empty.mjs", "site.momoflw", "workflow.mjs"]);
  });

  it("rollback --workflow of a file that has runs of other workflows only names the workflow it found no run of", async () => {
    const file = join(tmp(), "two.momoflow");
    writeFileSync(
      file,
      `workflow first {\n  step a {\n    run: log(message: "a")\n  }\n}\nworkflow second {\n  step b {\n    run: log(message: "b")\n  }\n}\n`,
    );
    const run = await runCli(["run", file, "--workflow", "first"], tmp());
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const undo = await runCli(["rollback", file, "--workflow", "second"], tmp());
    assert.equal(undo.code, 2);
    assert.match(undo.stderr, /no run of workflow `second` of .*two\.momoflow in /);
  });

  it("Ctrl+C during momoflow rollback stops it with exit 130 and says how to finish; a second rollback does", async () => {
    const file = join(tmp(), "slow-undo.momoflow");
    writeFileSync(
      file,
      `workflow w {
  rollback_on_failure: false
  step make {
    run: "echo made > made.txt"
    rollback: """
      echo undoing > undo-started.txt
      if [ -f slow ]; then sleep 30; fi
      rm -f made.txt
    """
  }
  step boom {
    needs: make
    run: fail(message: "stop")
  }
}
`,
    );
    const run = await runCli(["run", file], tmp());
    assert.equal(run.code, 1, run.stdout + run.stderr);
    writeFileSync(join(tmp(), "slow"), "");
    const { child, done } = startCli(["rollback", file], tmp());
    await waitFor(() => existsSync(join(tmp(), "undo-started.txt")), "the undo to start");
    child.kill("SIGINT");
    const out = await done;
    assert.equal(out.code, 130, out.stdout + out.stderr);
    assert.match(
      out.stderr,
      /rollback stopped; undo what is left with: momoflow rollback .*\.momoflow\/runs\//,
    );
    assert.equal(existsSync(join(tmp(), "made.txt")), true, "the undo did not finish");
    // The next rollback stops the interrupted undo's sleep and undoes the step.
    rmSync(join(tmp(), "slow"));
    const again = await runCli(["rollback", file], tmp());
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.equal(existsSync(join(tmp(), "made.txt")), false);
  });

  /** The js() undo workflow run with its secret param and failed, nothing undone (`--no-rollback`): its folder. */
  async function jsUndoRunLeftUndone(): Promise<string> {
    const dir = tmp();
    writeJsUndoWorkflow(dir);
    const run = await startCli(["run", "js-undo.momoflow", "--no-rollback"], dir, {
      MOMOFLOW_PARAM_API_KEY: "k3y-value",
    }).done;
    assert.equal(run.code, 1, run.stdout + run.stderr);
    return dir;
  }

  it("a js() undo whose workflow a missing secret param keeps from loading: the function the record names undoes it", async () => {
    const dir = await jsUndoRunLeftUndone();
    const back = await startCli(["rollback", "js-undo.momoflow"], dir, {
      MOMOFLOW_PARAM_API_KEY: undefined,
    }).done;
    assert.equal(back.code, 0, back.stdout + back.stderr);
    assert.match(back.stdout, /s +rolled_back/);
  });

  it("a js() undo of a record that names no function (made before it did), whose workflow a missing secret param keeps from loading: the failure says which param, not to give the file already given", async () => {
    const dir = await jsUndoRunLeftUndone();
    withoutRecordedUndoFunction(runDirOf(dir));
    const back = await startCli(["rollback", "js-undo.momoflow"], dir, {
      MOMOFLOW_PARAM_API_KEY: undefined,
    }).done;
    assert.equal(back.code, 1, back.stdout + back.stderr);
    assert.match(
      back.stdout,
      /the undo of step "s" is code, and the workflow js-undo\.momoflow could not be loaded to run it: .*api_key.*MOMOFLOW_PARAM_API_KEY/,
    );
    assert.doesNotMatch(back.stdout, /roll back with the workflow: momoflow rollback <file>/);
    const again = await startCli(["rollback", "js-undo.momoflow"], dir, {
      MOMOFLOW_PARAM_API_KEY: "k3y-value",
    }).done;
    assert.equal(again.code, 0, again.stdout + again.stderr);
  });

  it("has --help for every command", async () => {
    for (const command of ["run", "rollback", "bench"]) {
      const out = await runCli([command, "--help"], tmp());
      assert.equal(out.code, 0);
      assert.match(out.stdout, new RegExp(`Usage: momoflow ${command}`));
    }
  });
});
