import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { killedRecorded } from "../support/recorded-run";
import { useTempDir } from "../support/temp-dir";

/** A step and its undo, in JavaScript: each appends what it did to ops.log. */
const MODULE = `import { appendFileSync } from "node:fs";
import { join } from "node:path";
export async function save(args, context) {
  appendFileSync(join(context.workingDirectory, "ops.log"), "save\\n");
  return { id: "id-1" };
}
export async function unsave(args, context) {
  appendFileSync(join(context.workingDirectory, "ops.log"), "undo-save-" + args.id + "\\n");
}
`;

/** A shell step, a js() step whose js() rollback reads its output, and a shell step. */
const WORKFLOW = `workflow js_undo {
  step first {
    run: "echo first >> ops.log"
    rollback: "echo undo-first >> ops.log"
  }
  step save {
    needs: first
    run: js("./steps.mjs", "save")
    output: json
    rollback: js("./steps.mjs", "unsave", id: steps.save.output.id)
  }
  step last {
    needs: save
    run: "echo last >> ops.log"
    rollback: "echo undo-last >> ops.log"
  }
}
`;

/**
 * A `js()` rollback is code: the record names it, the workflow's file holds
 * it. `momoflow rollback <run-dir>` of a killed run must still undo it, in its
 * place in the reverse order — not fail it and go on undoing the steps before
 * it, leaving it to a later `momoflow rollback <file>` out of order.
 */
describe("a killed run with a js() rollback: momoflow rollback <run-dir> undoes it in order", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-killed-js-undo-");

  it("undoes the js() step between the steps around it, from the workflow the record names", async () => {
    writeFileSync(join(tmp(), "steps.mjs"), MODULE);
    const { workdir, runDir } = await killedRecorded(
      tmp(),
      "js-undo",
      WORKFLOW,
      '"step":"last","status":"success"',
    );

    const undo = await runCli(["rollback", runDir], workdir);
    assert.equal(undo.code, 0, said(undo));
    assert.deepEqual(readFileSync(join(workdir, "ops.log"), "utf8").trim().split("\n"), [
      "first",
      "save",
      "last",
      "undo-last",
      "undo-save-id-1",
      "undo-first",
    ]);
  });
});
