import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";

/**
 * A step, a fan-out step of two instances, and a step that fails until
 * needed.txt exists: resumed, the first two are reused, the last one runs.
 */
const WORKFLOW = `workflow resumed {
  rollback_on_failure: false
  step a {
    run: "echo a >> runs.log"
    rollback: "echo undo-a >> undo.log"
  }
  step b {
    needs: a
    for_each: name in ["x", "y"]
    run: "echo b-\${name} >> runs.log"
    rollback: none
  }
  step c {
    needs: b
    run: "test -f needed.txt && echo c >> runs.log"
    rollback: none
  }
}
`;

/**
 * A reused step did nothing now: its record keeps its intents (a rollback of
 * the resumed run undoes it), but the progress shows only that it was reused —
 * no "… a" as if it started, before "✓ a success  reused".
 */
describe("momoflow run --resume: a reused step's line says only that it was reused", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-resume-lines-");

  it("prints no started line for reused steps and instances, and one for the step that runs", async () => {
    const file = join(tmp(), "resumed.momoflow");
    writeFileSync(file, WORKFLOW);
    const first = await runCli(["run", file], tmp());
    assert.equal(first.code, 1, said(first));
    writeFileSync(join(tmp(), "needed.txt"), "");
    const resumed = await runCli(["run", file, "--resume"], tmp());
    assert.equal(resumed.code, 0, said(resumed));
    const lines = resumed.stdout.split("\n").filter((l) => /^ {2}[…✓✗○] /.test(l));
    assert.deepEqual(
      lines.slice(0, -1),
      [
        "  ✓ a success  reused",
        "  ✓ b[0] success  reused",
        "  ✓ b[1] success  reused",
        "  ✓ b success  2 instances: 2 reused",
        "  … c",
      ],
      said(resumed),
    );
    assert.match(lines.at(-1)!, /^ {2}✓ c success {2}\d/, said(resumed));
    // The record still holds the reused step's intent: a rollback of the resumed run undoes it.
    const rollback = await runCli(["rollback", file], tmp());
    assert.equal(rollback.code, 0, said(rollback));
    assert.equal(readFileSync(join(tmp(), "undo.log"), "utf8"), "undo-a\n");
  });
});
