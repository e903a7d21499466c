import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENGINE_URL, runCli, startCli, waitFor } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";

/**
 * A workflow module of library steps: `first` completes; `careful` records
 * its rollback data (`remember`) before it writes; `careless` writes without
 * recording anything; both then wait until the run is killed.
 */
function writeModule(dir: string): string {
  const path = join(dir, "workflow.mjs");
  writeFileSync(
    path,
    `import { writeFileSync, rmSync } from "node:fs";
import { WorkflowDefinition } from ${JSON.stringify(ENGINE_URL)};
const step = (id, remembers, waits, needs = []) => ({
  id,
  description: id,
  reversible: true,
  needs,
  async execute(context, execution) {
    if (remembers) execution.remember({ file: id + ".txt" });
    writeFileSync(id + ".txt", id);
    if (waits) await new Promise(() => setInterval(() => {}, 1000));
    return { stepId: id, status: "success", metrics: {}, attempts: 1, rollbackData: { file: id + ".txt" } };
  },
  async rollback() {
    rmSync(id + ".txt", { force: true });
  },
});
export default new WorkflowDefinition({
  id: "careless",
  concurrency: 2,
  steps: [
    step("first", false, false),
    step("careful", true, true, ["first"]),
    step("careless", false, true, ["first"]),
  ],
});
`,
  );
  return path;
}

/**
 * A library step killed after its effect but before it recorded any rollback
 * data is, by the rollback's rule, taken not to have begun its effect, and is
 * left as it is: the rollback must say so, not pass over it in silence.
 */
describe("a killed library step that recorded no rollback data (real SIGKILL)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-careless-");

  it("momoflow rollback undoes the others and names it as left as it is", async () => {
    const dir = tmp();
    const file = writeModule(dir);
    const { child, done } = startCli(["run", file], dir);
    await waitFor(
      () => existsSync(join(dir, "careful.txt")) && existsSync(join(dir, "careless.txt")),
      "both waiting steps to write their files",
    );
    child.kill("SIGKILL");
    await done;

    const out = await runCli(["rollback", file], dir);
    assert.equal(out.code, 0, said(out));
    assert.equal(existsSync(join(dir, "first.txt")), false, said(out));
    assert.equal(existsSync(join(dir, "careful.txt")), false, said(out));
    // Left, as the rule is — and said.
    assert.equal(existsSync(join(dir, "careless.txt")), true);
    assert.match(
      out.stdout,
      /^left as they are \(stopped part-way before recording any rollback data, so their rollback\(\) was not called; check what they did\): careless$/m,
      said(out),
    );
    assert.doesNotMatch(out.stdout, /before recording any rollback data.*careful/, said(out));

    const json = await runCli(["rollback", file, "--json"], dir);
    assert.equal(json.code, 0, said(json));
    const report = JSON.parse(json.stdout) as { halfDoneLeft: string[]; rolledBack: string[] };
    // Nothing left to undo now; the step is still named as left as it is.
    assert.deepStrictEqual(report.rolledBack, []);
    assert.deepStrictEqual(report.halfDoneLeft, ["careless"]);
  });
});
