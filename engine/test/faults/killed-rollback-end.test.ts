import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { runRecorded } from "../support/recorded-run";
import { journalEvents } from "../support/run-record-files";
import { opsLogChain } from "../support/ops-log";
import { useTempDir } from "../support/temp-dir";

/** Three steps, each appending to ops.log and undoing that by appending too. */
const WORKFLOW = opsLogChain("three", ["one", "two", "three"]);

interface RecordedResult {
  status: string;
  steps: { id: string; status: string }[];
}

/**
 * `momoflow rollback` killed after it recorded its last undo, before it
 * recorded its end and rewrote result.json: every step is undone, and only
 * the record's last words are missing. The next `momoflow rollback` has
 * nothing to undo, but must finish the record the killed one left open —
 * result.json must not go on saying the run succeeded with every step
 * `success` while the journal holds their undos.
 */
describe("momoflow rollback killed after its last undo: the next one completes the record", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-killed-rollback-end-");

  it("records the run rolled back, undoing nothing twice", async () => {
    const { workdir, runDir } = await runRecorded(tmp(), "three", WORKFLOW, 0);

    const killed = await startCli(["rollback", runDir], workdir, {
      MOMOFLOW_TEST_KILL_AFTER_LINE_WITH: '"step":"one","status":"rolled_back"',
    }).done;
    assert.equal(killed.signal, "SIGKILL", said(killed));

    const again = await runCli(["rollback", runDir], workdir);
    assert.equal(again.code, 0, said(again));
    assert.match(again.stdout, /nothing to undo/);
    assert.match(again.stdout, /rolled_back/, said(again));

    const result = JSON.parse(readFileSync(join(runDir, "result.json"), "utf8")) as RecordedResult;
    assert.equal(result.status, "rolled_back");
    assert.deepEqual(
      result.steps.map((s) => `${s.id}:${s.status}`),
      ["one:rolled_back", "two:rolled_back", "three:rolled_back"],
    );
    const last = journalEvents(runDir).filter((e) => e.type === "rollback_finished");
    assert.deepEqual(
      last.map((e) => e.status),
      ["rolled_back"],
    );
    assert.deepEqual(readFileSync(join(workdir, "ops.log"), "utf8").trim().split("\n"), [
      "one",
      "two",
      "three",
      "undo-three",
      "undo-two",
      "undo-one",
    ]);

    // And a third one finds the record whole: nothing to undo, nothing added to it.
    const journalBefore = readFileSync(join(runDir, "journal.jsonl"), "utf8");
    const third = await runCli(["rollback", runDir], workdir);
    assert.equal(third.code, 0, said(third));
    assert.match(third.stdout, /nothing to undo/);
    assert.equal(
      journalEvents(runDir).filter((e) => e.type === "rollback_finished").length,
      1,
      journalBefore,
    );
  });
});
