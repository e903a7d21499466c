import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

const MADE = `workflow made {
  step make {
    run: "echo made > made.txt"
    rollback: "rm -f made.txt"
  }
}
`;

/**
 * `.momoflow/runs/latest` is what a user sees beside the run folders and
 * types: `momoflow rollback` and `momoflow runs` take it as the run it names.
 */
describe("momoflow rollback and runs given .momoflow/runs/latest (the real CLI)", function () {
  this.timeout(60_000);
  const dir = useTempDir("momoflow-latest-file-");
  const latest = () => join(".momoflow", "runs", "latest");

  it("rolls back the run that latest names, and runs shows it", async () => {
    writeFileSync(join(dir(), "made.momoflow"), MADE);
    const run = await runCli(["run", "made.momoflow", "--quiet"], dir());
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const runId = readFileSync(join(dir(), latest()), "utf8").trim();
    assert.ok(existsSync(join(dir(), "made.txt")));

    const shown = await runCli(["runs", latest()], dir());
    assert.equal(shown.code, 0, shown.stdout + shown.stderr);
    assert.ok(shown.stdout.includes(runId), shown.stdout);

    const undone = await runCli(["rollback", latest()], dir());
    assert.equal(undone.code, 0, undone.stdout + undone.stderr);
    assert.equal(existsSync(join(dir(), "made.txt")), false, undone.stdout);
  });

  it("says which run latest names when that run folder is gone", async () => {
    mkdirSync(join(dir(), ".momoflow", "runs"), { recursive: true });
    writeFileSync(join(dir(), latest()), "20260101-000000-000-gone-abcdef\n");
    const out = await runCli(["rollback", latest()], dir());
    assert.equal(out.code, 2, out.stdout + out.stderr);
    assert.match(out.stderr, /names run 20260101-000000-000-gone-abcdef, which is not in /);
  });
});
