import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENGINE_URL, runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { latestResult, latestRunDir } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";

/**
 * `momoflow run flow.mjs` takes any object with an id and an `execute` as a
 * step (the protocol, as momo-workflow's was). One that leaves `reversible`
 * out is not reversible — as a `BaseWorkflowStep` without the option — and
 * its run's record must still be readable: the record wrote its steps
 * without the field, and `momoflow rollback` refused the record as damaged.
 */
describe("workflow modules whose steps are plain objects (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-module-step-objects-");

  /** flow.mjs: step `a` writes a.txt (with `reversibleField`, e.g. `reversible: true,`), step `b` fails. */
  function writeModule(reversibleField: string): void {
    writeFileSync(
      join(tmp(), "flow.mjs"),
      `import { WorkflowDefinition } from ${JSON.stringify(ENGINE_URL)};
import { rmSync, writeFileSync } from "node:fs";
const a = {
  id: "a", description: "writes a.txt", ${reversibleField}
  async execute() { writeFileSync("a.txt", "a"); return { stepId: "a", status: "success" }; },
  async rollback() { rmSync("a.txt"); },
};
const b = { id: "b", description: "fails", needs: ["a"], async execute() { throw new Error("b fails"); } };
export default new WorkflowDefinition({ id: "w", name: "w", steps: [a, b] });
`,
    );
  }

  it("a step that leaves reversible out: its run's record is read by momoflow rollback, the step not reversible", async () => {
    writeModule("");
    const ran = await runCli(["run", "flow.mjs", "--no-rollback"], tmp());
    assert.equal(ran.code, 1, said(ran));
    const journal = readFileSync(join(latestRunDir(tmp())!, "journal.jsonl"), "utf8");
    assert.match(journal.split("\n")[0]!, /"steps":\[\{"id":"a","needs":\[\],"reversible":false/);
    const undo = await runCli(["rollback", "flow.mjs"], tmp());
    assert.doesNotMatch(said(undo), /cannot be read|not a step/, said(undo));
    assert.equal(latestResult(tmp()).steps[0]!.status, "success", "left done: not reversible");
    assert.equal(existsSync(join(tmp(), "a.txt")), true);
  });

  it("a record an earlier version wrote without reversible is read, the step not reversible", async () => {
    writeModule("");
    const ran = await runCli(["run", "flow.mjs", "--no-rollback"], tmp());
    assert.equal(ran.code, 1, said(ran));
    const file = join(latestRunDir(tmp())!, "journal.jsonl");
    const lines = readFileSync(file, "utf8").split("\n");
    lines[0] = lines[0]!.replace(/,"reversible":(true|false)/g, "");
    assert.doesNotMatch(lines[0]!, /reversible/);
    writeFileSync(file, lines.join("\n"));
    const undo = await runCli(["rollback", "flow.mjs"], tmp());
    assert.doesNotMatch(said(undo), /cannot be read|not a step/, said(undo));
    assert.equal(latestResult(tmp()).steps[0]!.reversible, false);
    assert.equal(existsSync(join(tmp(), "a.txt")), true);
  });

  it("a step that says reversible: true is undone; one whose reversible is neither true nor false is refused before anything runs", async () => {
    writeModule("reversible: true,");
    const ran = await runCli(["run", "flow.mjs"], tmp());
    assert.equal(ran.code, 1, said(ran));
    assert.equal(latestResult(tmp()).steps[0]!.status, "rolled_back");
    assert.equal(existsSync(join(tmp(), "a.txt")), false);

    writeModule('reversible: "yes",');
    const refused = await runCli(["run", "flow.mjs"], tmp());
    assert.equal(refused.code, 2, said(refused));
    assert.match(said(refused), /step "a": reversible must be true or false, got "yes"/);
    assert.equal(existsSync(join(tmp(), "a.txt")), false, "nothing run");
  });
});
