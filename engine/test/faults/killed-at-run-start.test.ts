import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, type CliOutcome } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";
import { writeWorkflow } from "../support/workflow-files";

const WORKFLOW = `workflow one_step {
  step write {
    run: "echo written > out.txt"
    rollback: "rm -f out.txt"
  }
}
`;

/** The folder of the one run under `workdir` (`latest` may not name it yet: it was killed first). */
function onlyRunDir(workdir: string): string {
  const runs = join(workdir, ".momoflow", "runs");
  const dirs = readdirSync(runs).filter((name) => name !== "latest");
  assert.equal(dirs.length, 1, `one run folder in ${runs}: ${dirs.join(", ")}`);
  return join(runs, dirs[0]!);
}

/** The points of a run's start, before its first step, where a test can kill it. */
const KILL_POINTS: { name: string; env: Record<string, string> }[] = [
  {
    name: "right after its journal's first line",
    env: { MOMOFLOW_TEST_KILL_AFTER_LINE_WITH: '"type":"run_started"' },
  },
  { name: "right after it wrote journal.reserve", env: { MOMOFLOW_TEST_KILL_AFTER_RESERVE: "1" } },
];

/**
 * A run killed (SIGKILL) while it starts, before any step: `momoflow rollback`
 * finds nothing to undo and leaves nothing of the run's behind — above all
 * not its reserve, 16 KB kept for a rollback that will never come. A run
 * whose journal had no first line yet when it made its reserve left it for
 * ever: a rollback of an empty journal removes nothing (a run just starting
 * holds no lock, so it could not tell a dead one from one about to write).
 */
describe("a run killed at its start: momoflow rollback leaves no reserve behind", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-killed-at-start-");
  const said = (out: CliOutcome): string =>
    `exit ${out.code ?? out.signal}\n${out.stdout}${out.stderr}`;

  for (const point of KILL_POINTS) {
    it(`killed ${point.name}`, async () => {
      const { file, workdir } = writeWorkflow(tmp(), "one-step", WORKFLOW);
      const killed = await startCli(["run", file, "--workdir", workdir], workdir, point.env).done;
      assert.equal(killed.signal, "SIGKILL", said(killed));
      const runDir = onlyRunDir(workdir);
      assert.ok(!existsSync(join(workdir, "out.txt")), "no step ran");

      const undo = await runCli(["rollback", runDir], workdir);
      assert.equal(undo.code, 0, said(undo));
      assert.match(undo.stdout, /nothing to undo/, said(undo));
      assert.equal(
        existsSync(join(runDir, "journal.reserve")),
        false,
        `momoflow rollback left the killed run's reserve behind\n${said(undo)}`,
      );
    });
  }
});
