import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENGINE_URL, runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";

/**
 * The library's run listing through its public entry point (the built
 * package, imported as a user imports it), on runs the real CLI made: it
 * takes the working directory, as `--workdir` and everything else does, and
 * still the runs folder itself.
 */
describe("listRuns / findLatestRun / readLatestRunId: given the working directory or its runs folder", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-list-runs-");

  /** What the three functions give for each folder, from a Node process importing the package. */
  const listed = (folders: string[]): { runs: string[]; latest?: string; latestId?: string }[] => {
    const script = `import { listRuns, findLatestRun, readLatestRunId } from ${JSON.stringify(ENGINE_URL)};
const out = ${JSON.stringify(folders)}.map((folder) => ({
  runs: listRuns(folder).map((r) => r.workflowId + " " + r.status),
  latest: findLatestRun(folder, { workflowId: "hello" })?.runId,
  latestId: readLatestRunId(folder),
}));
console.log(JSON.stringify(out));`;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: tmp(),
      encoding: "utf8",
    });
    assert.equal(child.status, 0, child.stderr);
    return JSON.parse(child.stdout);
  };

  it("lists the runs of a working directory, of its .momoflow/runs, and of a relative path alike; none where no run was", async () => {
    const project = join(tmp(), "project");
    mkdirSync(project);
    writeFileSync(
      join(project, "hello.momoflow"),
      'workflow hello {\n  step s { run: "true" }\n}\n',
    );
    const run = await runCli(["run", "hello.momoflow"], project);
    assert.equal(run.code, 0, said(run));
    const runId = /run (\S+-hello-\S+)/.exec(run.stdout)?.[1];
    assert.ok(runId, run.stdout);
    const empty = join(tmp(), "empty");
    mkdirSync(empty);
    const expected = { runs: ["hello success"], latest: runId, latestId: runId };
    assert.deepEqual(listed([project, join(project, ".momoflow", "runs"), "project", empty]), [
      expected,
      expected,
      expected,
      { runs: [] },
    ]);
  });
});
