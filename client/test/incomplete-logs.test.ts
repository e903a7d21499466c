import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readResultFile, runRecordPaths } from "@momoflow/record";
import { runCli } from "../../engine/test/support/cli-process";
import { latestRunDir } from "../../engine/test/support/run-record-files";
import { useSmallDisk } from "../../engine/test/support/tmpfs-mount";
import { incompleteLogsNote } from "../src/metrics/step-log-links";
import { gatherMetrics } from "../src/webview/metrics-data";
import { incompleteLogsOf, renderStatusBar } from "../src/status-bar-view";

/**
 * `quiet` prints a line; `loud` prints 2 MB, more than the 1 MB disk holds
 * (its log stops being written); `after` prints once the logs have stopped;
 * `each` prints once per item, after them too.
 */
const WORKFLOW = `workflow chatty {
  step quiet {
    run: "echo one line"
  }
  step loud {
    needs: quiet
    run: "head -c 2000000 /dev/zero | tr '\\\\0' x; echo"
  }
  step after {
    needs: loud
    run: "echo said after the logs stopped"
  }
  step each {
    needs: after
    for_each: region in ["eu", "us"]
    run: "echo \${region}"
  }
}
`;

/**
 * A run whose logs a full disk cut short said so in the CLI only (its
 * summary, `momoflow runs <run>`, result.json's `incompleteLogs`): the
 * editor's figures and the metrics panel said nothing of it.
 */
describe("the editor says which steps' logs a full disk cut short", function () {
  this.timeout(60_000);
  const small = useSmallDisk("momoflow-client-incomplete-logs-", 1024 * 1024);
  let workdir = "";
  let source = "";
  let runDir = "";
  /** The line `momoflow runs <run>` prints about the logs. */
  let cliLine = "";

  before(async () => {
    workdir = join(small.disk, "work");
    mkdirSync(workdir);
    source = join(workdir, "chatty.momoflow");
    writeFileSync(source, WORKFLOW);
    const run = await runCli(["run", source, "--workdir", workdir], workdir);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    runDir = latestRunDir(workdir)!;
    const shown = await runCli(["runs", runDir, "--workdir", workdir], workdir);
    assert.equal(shown.code, 0, shown.stdout + shown.stderr);
    cliLine = shown.stdout
      .split("\n")
      .map((line) => line.trim())
      .find((line) => line.includes("are incomplete"))!;
    assert.match(cliLine, /^the logs of steps "loud", "after", "each\[0\]", "each\[1\]" are /);
  });

  it("in the hover of each step's figures whose log (or an instance's) is incomplete", () => {
    const result = readResultFile(runRecordPaths(runDir).result)!;
    assert.equal(incompleteLogsNote(result, "quiet"), "", "its log is whole");
    assert.match(
      incompleteLogsNote(result, "loud"),
      /^The log of step "loud" is incomplete: a write to the run's logs failed \\\(a full disk\?\\\)/,
    );
    assert.match(incompleteLogsNote(result, "after"), /^The log of step "after" is incomplete/);
    assert.match(
      incompleteLogsNote(result, "each"),
      /^The logs of steps "each\\\[0\\\]", "each\\\[1\\\]" are incomplete/,
    );
  });

  it("in the status bar's tooltip of the last run, as the run's summary says it", () => {
    const result = readResultFile(runRecordPaths(runDir).result)!;
    const view = renderStatusBar({
      server: "running",
      trusted: true,
      lastRun: {
        status: result.status,
        detail: { workflow: "chatty", action: "run", ...incompleteLogsOf(result) },
      },
    });
    const sentence = cliLine.charAt(0).toUpperCase() + cliLine.slice(1);
    assert.ok(view.tooltip.split("\n").includes(sentence), view.tooltip);
    const whole = renderStatusBar({
      server: "running",
      trusted: true,
      lastRun: { status: result.status, detail: { workflow: "chatty", action: "run" } },
    });
    assert.doesNotMatch(whole.tooltip, /incomplete/);
  });

  it("in the metrics panel's Run tab and History, in the words of momoflow runs <run>", async () => {
    const data = await gatherMetrics({ root: workdir, source });
    assert.deepEqual(data.problems, []);
    const run = data.run!;
    assert.equal(run.incompleteLogs, cliLine);
    const cut = run.steps.filter((s) => s.logIncomplete).map((s) => s.id);
    assert.deepEqual(cut.sort(), ["after", "each[0]", "each[1]", "loud"]);
    assert.equal(data.history.length, 1);
    assert.equal(data.history[0]!.incompleteLogs, cliLine);
  });
});
