import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli, type CliOutcome } from "../support/cli-process";
import { said } from "../support/cli-said";
import { runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";

const WORKFLOW = `workflow stage {
  step make {
    run: "touch \${basename(env.SOURCE)}.done \${stem(env.SOURCE)}.stem"
    rollback: "rm \${basename(env.SOURCE)}.done \${stem(env.SOURCE)}.stem"
  }
  step boom {
    needs: [make]
    run: "exit 3"
    rollback: none
  }
}
`;

/**
 * A path function of an environment value in a `rollback` (`${basename(env.X)}`):
 * the undo the record keeps holds the reference through the function and
 * `momoflow rollback` applies it. It was refused when the record's undo was
 * made, silently: the live run undid the step, a rollback from the record
 * alone (after a crash, or `--no-rollback`) found nothing to undo.
 */
describe("momoflow rollback of an undo that applies a function to an environment value", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-function-undo-");
  const cli = (args: string[], env: Record<string, string>): Promise<CliOutcome> =>
    startCli(args, tmp(), env).done;

  it("records the undo with the function and applies it to the value momoflow rollback reads", async () => {
    writeFileSync(join(tmp(), "stage.momoflow"), WORKFLOW);
    const env = { SOURCE: "data/in put.csv" };
    const run = await cli(["run", "stage.momoflow", "--no-rollback"], env);
    assert.equal(run.code, 1, said(run));
    assert.ok(existsSync(join(tmp(), "in put.csv.done")), said(run));
    assert.ok(existsSync(join(tmp(), "in put.stem")), said(run));

    const journal = readFileSync(join(runDirOf(tmp()), "journal.jsonl"), "utf8");
    assert.match(journal, /\{"\$fn":"basename","of":\{"\$ref":"env\.SOURCE"\}\}/, journal);
    assert.doesNotMatch(journal, /in put/, "the environment value is not in the record");

    const back = await cli(["rollback", "stage.momoflow"], env);
    assert.equal(back.code, 0, said(back));
    assert.match(back.stdout, /make\s+rolled_back/, said(back));
    assert.ok(!existsSync(join(tmp(), "in put.csv.done")), said(back));
    assert.ok(!existsSync(join(tmp(), "in put.stem")), said(back));
  });
});
