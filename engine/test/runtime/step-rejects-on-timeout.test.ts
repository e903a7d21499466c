import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENGINE_URL } from "../support/cli-process";

/**
 * A library user's script, run by a real `node` against the built package:
 * a step that rejects when its signal aborts (as fetch, timers/promises and
 * most abortable APIs do), with a timeout that ends it. The process must
 * live on and report the run: an unhandled rejection ends a Node process.
 */
function userScript(): string {
  return `
import { BaseWorkflowStep, WorkflowContext, WorkflowDefinition, WorkflowEngine } from ${JSON.stringify(ENGINE_URL)};
import { setTimeout as sleep } from "node:timers/promises";
class Waits extends BaseWorkflowStep {
  constructor(id, options) { super(id, "waits on its signal", { reversible: true, ...options }); }
  async execute(_context, execution) {
    execution.remember(this.id);
    await sleep(60_000, undefined, { signal: execution.signal });
    return this.success();
  }
  async rollback() { console.log("undone " + this.id); }
}
const definition = new WorkflowDefinition({
  id: "times_out",
  steps: [new Waits("first", { timeoutMs: 100 })],
});
const result = await new WorkflowEngine().executeWorkflow(
  definition,
  new WorkflowContext({ workingDirectory: process.argv[2] }),
);
// Past the run: a rejection left unhandled by it is reported by now.
await sleep(200);
console.log("status " + result.status + ": " + result.stepResults[0].error);
`;
}

describe("a library step that rejects when its timeout aborts it", function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "momoflow-rejects-on-timeout-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("fails as timed out, is undone, and leaves the user's process running", () => {
    const script = join(dir, "run.mjs");
    writeFileSync(script, userScript());
    const ran = spawnSync(process.execPath, [script, dir], { encoding: "utf8" });
    assert.equal(ran.stderr, "", "nothing on stderr (an unhandled rejection is printed there)");
    assert.equal(ran.status, 0);
    assert.equal(ran.stdout, "undone first\nstatus rolled_back: timed out after 100ms\n");
  });
});
