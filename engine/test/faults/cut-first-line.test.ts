import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { runCli, startCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";
import { writeWorkflow } from "../support/workflow-files";

const WORKFLOW = `workflow one_step {
  step write {
    run: "echo written > out.txt"
    rollback: "rm -f out.txt"
  }
}
`;

const WHY =
  "its run journal holds only the beginning of its first line, cut off as it was written (a run stopped as it started, before any step): it names no run";

/**
 * A run killed while it wrote its journal's first line (a large workflow's
 * `run_started` is megabytes, and a SIGKILL ends a write part-way) leaves
 * that line cut, with nothing after it: no step had started. `momoflow
 * rollback` of it finds nothing to undo (exit 0, saying why) as of an empty
 * journal, and `runs` names it for what it is — not "no run journal", not a
 * journal to repair.
 */
describe("a run killed as it wrote its journal's first line", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-cut-first-line-");

  /** A run killed right after its first line, that line then cut as a kill mid-write leaves it. */
  async function cutRun(): Promise<{ file: string; workdir: string; runDir: string }> {
    const { file, workdir } = writeWorkflow(tmp(), "one-step", WORKFLOW);
    const killed = await startCli(["run", file, "--workdir", workdir], workdir, {
      MOMOFLOW_TEST_KILL_AFTER_LINE_WITH: '"type":"run_started"',
    }).done;
    assert.equal(killed.signal, "SIGKILL", said(killed));
    const runs = join(workdir, ".momoflow", "runs");
    const [name] = readdirSync(runs).filter((n) => n !== "latest");
    const runDir = join(runs, name!);
    const journal = join(runDir, "journal.jsonl");
    const whole = readFileSync(journal);
    assert.equal(whole.indexOf(0x0a), whole.length - 1, "one line");
    truncateSync(journal, Math.floor(whole.length / 2));
    return { file, workdir, runDir };
  }

  it("rollback of its folder, or of the file with --run: nothing to undo, exit 0, saying why", async () => {
    const { file, workdir, runDir } = await cutRun();
    for (const args of [
      ["rollback", runDir],
      ["rollback", file, "--workdir", workdir, "--run", basename(runDir)],
    ]) {
      const out = await runCli(args, workdir);
      assert.equal(out.code, 0, said(out));
      assert.ok(out.stdout.startsWith(`${runDir}: ${WHY}\nnothing to undo\n`), said(out));
    }
    assert.equal(existsSync(join(workdir, "out.txt")), false);
  });

  it("runs of its folder says what it is; resume of it says the same", async () => {
    const { file, workdir, runDir } = await cutRun();
    const shown = await runCli(["runs", runDir], workdir);
    assert.equal(shown.code, 2, said(shown));
    assert.equal(shown.stderr, `momoflow: ${runDir}: not a run record: ${WHY}\n`);
    const resumed = await runCli(["run", file, "--resume", runDir], workdir);
    assert.equal(resumed.code, 2, said(resumed));
    assert.equal(resumed.stderr, `momoflow: cannot resume ${runDir}: ${WHY}\n`);
  });

  it("a first line damaged otherwise (not the start of a run's) is still refused as unreadable", async () => {
    const { workdir, runDir } = await cutRun();
    writeFileSync(join(runDir, "journal.jsonl"), '{"type":"step_started","step":"wr');
    const out = await runCli(["rollback", runDir], workdir);
    assert.equal(out.code, 2, said(out));
    assert.match(out.stderr, /has no run_started event/);
  });
});
