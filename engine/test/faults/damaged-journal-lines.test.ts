import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { runRecorded } from "../support/recorded-run";
import { useTempDir } from "../support/temp-dir";

/**
 * A prepared step, then a fan-out of two instances: each step logs what it
 * does in ops.log, and what its undo does there too.
 */
const FAN_OUT = `workflow fan {
  step prep {
    run: "echo prep >> ops.log"
    rollback: "echo undo-prep >> ops.log"
  }
  step work {
    needs: prep
    for_each: n in ["a", "b"]
    run: "echo do-\${n} >> ops.log"
    rollback: "echo undo-\${n} >> ops.log"
  }
  step last {
    needs: work
    run: "echo last >> ops.log"
    rollback: "echo undo-last >> ops.log"
  }
}
`;

/**
 * A damaged journal line (a bad sector, a copy cut short) loses what it held,
 * not what the lines around it record. `momoflow rollback` must still undo
 * every step whose undo the intact lines hold, and must not say "rolled back"
 * (exit 0) of a run one of whose completed steps it could not undo.
 */
describe("a journal with a damaged line: momoflow rollback undoes what the intact lines record, and tells the truth", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-damaged-journal-");

  /** Runs the fan-out to success; returns its working directory and run folder. */
  async function finishedRun(): Promise<{ workdir: string; runDir: string }> {
    return runRecorded(tmp(), "fan", FAN_OUT, 0);
  }

  /** Replaces the first journal line that contains every one of `parts` with garbage. */
  function damageLine(runDir: string, ...parts: string[]): void {
    const path = join(runDir, "journal.jsonl");
    const lines = readFileSync(path, "utf8").split("\n");
    const i = lines.findIndex((l) => parts.every((p) => l.includes(p)));
    assert.ok(i >= 0, `no journal line with ${parts.join(" and ")}`);
    lines[i] = lines[i]!.slice(0, 40);
    writeFileSync(path, lines.join("\n"));
  }

  /** What the run did, in order, before any undo. */
  const RAN = ["prep", "do-a", "do-b", "last"];
  const ops = (workdir: string): string[] =>
    existsSync(join(workdir, "ops.log"))
      ? readFileSync(join(workdir, "ops.log"), "utf8").trim().split("\n")
      : [];

  it("the fan-out's line is damaged: each instance is undone from the undo its own start recorded", async () => {
    const { workdir, runDir } = await finishedRun();
    damageLine(runDir, '"step_fanned_out"');
    const undo = await runCli(["rollback", runDir], workdir);
    assert.equal(undo.code, 0, said(undo));
    assert.doesNotMatch(undo.stdout, /irreversible/, said(undo));
    assert.deepEqual(ops(workdir), [...RAN, "undo-last", "undo-b", "undo-a", "undo-prep"]);
  });

  it("a step's start line is damaged: the step that ran is undone from the workflow file the record names", async () => {
    const { workdir, runDir } = await finishedRun();
    damageLine(runDir, '"step_started"', '"step":"work[1]"');
    const undo = await runCli(["rollback", runDir], workdir);
    assert.equal(undo.code, 0, said(undo));
    assert.deepEqual(ops(workdir), [...RAN, "undo-last", "undo-b", "undo-a", "undo-prep"]);
  });

  it("a step's start line is damaged and the workflow file is gone: the step that ran is not taken for one that never did", async () => {
    const { workdir, runDir } = await finishedRun();
    damageLine(runDir, '"step_started"', '"step":"work[1]"');
    rmSync(join(tmp(), "fan.momoflow"));
    const undo = await runCli(["rollback", runDir], workdir);
    // Its undo was in the damaged line: it cannot be undone from the record, and the rollback says so.
    assert.equal(undo.code, 1, said(undo));
    assert.match(undo.stdout, /could not undo work\[1\]: .*damaged/, said(undo));
    assert.match(undo.stdout, /partially_rolled_back/, said(undo));
    assert.deepEqual(ops(workdir), [...RAN, "undo-last", "undo-a", "undo-prep"]);
  });
});
