import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileStepDefinitions } from "@momoflow/language";
import { RunHistory, runsDirFor } from "../src/run-records/run-history";
import { runCli } from "../../engine/test/support/cli-process";
import { useTempDir } from "../../engine/test/support/temp-dir";

const FLOW = `workflow site {
  step build {
    run: create_file(path: "out.txt", content: "built")
  }
}
`;

/**
 * The editor's run lookup (CodeLens Rollback and Resume, inline figures) for
 * a `.momoflow` file renamed since its run: given the workflow's steps as the
 * outline has them (their digests), it takes the run as `momoflow rollback
 * <file>` does — the recorded file gone, the same steps — and never a copy's
 * or another workflow's.
 */
describe("run history: the run of a file renamed since (real runs of the CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-client-renamed-");

  async function ranThenRenamed(): Promise<{ workdir: string; renamed: string; old: string }> {
    const workdir = join(tmp(), "workspace");
    mkdirSync(workdir);
    const old = join(workdir, "a.momoflow");
    writeFileSync(old, FLOW);
    const run = await runCli(["run", old], workdir);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const renamed = join(workdir, "b.momoflow");
    renameSync(old, renamed);
    return { workdir, renamed, old };
  }

  it("finds it with the steps as written now; without them, or with other steps, it does not", async () => {
    const { workdir, renamed } = await ranThenRenamed();
    const runsDir = runsDirFor(workdir);
    const steps = fileStepDefinitions(renamed)("site")!;
    const history = new RunHistory();
    const found = history.latest(runsDir, { workflowId: "site", source: renamed, steps });
    assert.ok(found, "the run of a.momoflow, now b.momoflow");
    assert.equal(found.source, join(workdir, "a.momoflow"));
    assert.equal(history.latest(runsDir, { workflowId: "site", source: renamed }), undefined);
    const other = { build: "0000000000000000" };
    assert.equal(
      history.latest(runsDir, { workflowId: "site", source: renamed, steps: other }),
      undefined,
    );
    // The CLI takes the same run.
    const undo = await runCli(["rollback", renamed], workdir);
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    assert.match(undo.stdout + undo.stderr, new RegExp(`${found.runId}|a\\.momoflow`));
  });

  it("a copy (the recorded file still there) does not take the original's run", async () => {
    const { workdir, renamed, old } = await ranThenRenamed();
    copyFileSync(renamed, old);
    const steps = fileStepDefinitions(renamed)("site")!;
    const history = new RunHistory();
    assert.equal(
      history.latest(runsDirFor(workdir), { workflowId: "site", source: renamed, steps }),
      undefined,
    );
  });
});
