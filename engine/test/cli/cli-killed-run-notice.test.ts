import assert from "node:assert/strict";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { opsLogChain } from "../support/ops-log";
import { killedRecorded } from "../support/recorded-run";
import { useTempDir } from "../support/temp-dir";

const WORKFLOW = opsLogChain("ship", ["one", "two"]);

const NOTICE =
  /^momoflow: the last run of ship here \((\S+)\) was killed before it ended, and what it did is still there: momoflow rollback \S+ undoes it; momoflow run --resume \1 takes it over instead$/m;

/**
 * A run killed part-way left its work behind; the next `momoflow run` of the
 * same workflow says so, once, and how to undo or take it over — it started
 * on top of it unsaid.
 */
describe("momoflow run after a killed run of the same workflow (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-killed-notice-");

  it("says the last run was killed and how to undo it or take it over, once: the run after it says nothing", async () => {
    const killed = await killedRecorded(tmp(), "ship", WORKFLOW, '"step":"two"');
    const again = await runCli(["run", killed.file, "--workdir", killed.workdir], killed.workdir);
    assert.equal(again.code, 0, said(again));
    const named = NOTICE.exec(again.stderr);
    assert.ok(named, said(again));
    assert.ok(killed.runDir.endsWith(named[1]!), `${named[1]} names ${killed.runDir}`);

    // The run that followed ended: the next one has nothing to say.
    const third = await runCli(["run", killed.file, "--workdir", killed.workdir], killed.workdir);
    assert.doesNotMatch(third.stderr, /was killed/, said(third));
  });

  it("says nothing when the run resumes the killed one", async () => {
    const killed = await killedRecorded(tmp(), "ship2", WORKFLOW, '"step":"two"');
    const resumed = await runCli(
      ["run", killed.file, "--workdir", killed.workdir, "--resume"],
      killed.workdir,
    );
    assert.equal(resumed.code, 0, said(resumed));
    assert.doesNotMatch(resumed.stderr, /was killed/, said(resumed));
  });
});
