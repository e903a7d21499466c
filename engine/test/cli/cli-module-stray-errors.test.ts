import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENGINE_URL } from "../support/cli-process";
import { latestResult } from "../support/run-record-files";
import { assertRolledBackAfterCode, runWithoutCrash } from "../support/stray-error-runs";
import { useTempDir } from "../support/temp-dir";

/**
 * A workflow module (`momoflow run flow.mjs`) runs its FunctionCommands and
 * steps in the momoflow process, as a `js()` step does: a promise their code
 * never awaited that rejects, or a timer's callback that throws, ended the
 * CLI with Node's stack trace — no rollback, no summary, a run record left
 * unfinished — where the same code in `js()` fails its step. Such an error
 * now belongs to the step whose code started that work, as in `js()`.
 */
describe("errors a workflow module's code throws outside its call (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-module-stray-");

  /** The last step waits (up to 20 s) for the file a stray timer writes before it throws. */
  const AFTER_THE_THROW =
    "for i in $(seq 400); do [ -f thrown.marker ] && break; sleep 0.05; done; echo after";

  function writeModule(kind: string): void {
    writeFileSync(
      join(tmp(), "flow.mjs"),
      `import { writeFileSync } from "node:fs";
import { BaseWorkflowStep, CommandStep, FunctionCommand, WorkflowDefinition, getCommandRegistry } from ${JSON.stringify(ENGINE_URL)};
const forever = () => new Promise((r) => setTimeout(r, 60_000));
getCommandRegistry().register("unawaited", new FunctionCommand("unawaited", "leaves a rejection", async () => {
  Promise.reject(new Error("nobody awaited me"));
  await forever();
}), { override: true });
getCommandRegistry().register("late", new FunctionCommand("late", "throws after returning", async () => {
  setTimeout(() => { writeFileSync("thrown.marker", ""); throw new Error("thrown after returning"); }, 10);
  return "returned";
}), { override: true });
getCommandRegistry().register("lateExit", new FunctionCommand("lateExit", "calls process.exit after returning", async () => {
  setTimeout(() => { writeFileSync("thrown.marker", ""); process.exit(0); }, 10);
  return "returned";
}), { override: true });
getCommandRegistry().register("exits", new FunctionCommand("exits", "calls process.exit", async () => {
  process.exit(0);
}), { override: true });
class TimerThrows extends BaseWorkflowStep {
  constructor() { super("code", "a timer throws", { needs: ["make"] }); }
  async execute() {
    setTimeout(() => { throw new Error("thrown in a timer"); }, 10);
    await forever();
    return this.success();
  }
}
class UndoLeaks extends BaseWorkflowStep {
  constructor() { super("code", "its undo leaves a rejection", { needs: ["make"], reversible: true }); }
  async execute() { return this.success(); }
  async rollback() {
    Promise.reject(new Error("undo nobody awaited"));
    await forever();
  }
}
const code = {
  unawaited: new CommandStep("code", "unawaited", {}, { needs: ["make"] }),
  late: new CommandStep("code", "late", {}, { needs: ["make"] }),
  lateExit: new CommandStep("code", "lateExit", {}, { needs: ["make"] }),
  exits: new CommandStep("code", "exits", {}, { needs: ["make"] }),
  timer: new TimerThrows(),
  undo: new UndoLeaks(),
}[${JSON.stringify(kind)}];
const last = ${JSON.stringify(kind)} === "undo"
  ? new CommandStep("after", "sh", { script: "exit 3" }, { needs: ["code"] })
  : new CommandStep("after", "sh", { script: ${JSON.stringify(AFTER_THE_THROW)} }, { needs: ["code"] });
export default new WorkflowDefinition({
  id: "w",
  name: "w",
  steps: [new CommandStep("make", "create_file", { path: "made.txt", content: "made" }), code, last],
});
`,
    );
  }

  for (const [kind, message] of [
    ["unawaited", "nobody awaited me"],
    ["timer", "thrown in a timer"],
    ["exits", "called process\\.exit\\(0\\)"],
  ] as const) {
    it(`fails the step and rolls the run back: ${kind}`, async () => {
      writeModule(kind);
      const out = await runWithoutCrash("flow.mjs", tmp(), 1);
      assert.match(
        out.stdout,
        new RegExp(`step "code" failed: step "code"(: .*outside its call.*)? ${message}`),
      );
      assertRolledBackAfterCode(tmp());
    });
  }

  it("keeps the run going when the error comes after the command returned, and says so", async () => {
    writeModule("late");
    const out = await runWithoutCrash("flow.mjs", tmp(), 0);
    const said = out.said;
    assert.match(
      said,
      /code .*warn: step "code" had returned when work it left threw .*thrown after returning/,
    );
    assert.equal(latestResult(tmp()).status, "success");
  });

  it("keeps the run going when work the command left calls process.exit after it returned, and says so", async () => {
    writeModule("lateExit");
    const out = await runWithoutCrash("flow.mjs", tmp(), 0);
    assert.match(
      out.said,
      /code .*warn: step "code" had returned when work it left called process\.exit\(0\): ignored, the run goes on/,
    );
    const result = latestResult(tmp());
    assert.equal(result.status, "success");
    assert.deepEqual(
      result.steps.map((s) => `${s.id} ${s.status}`),
      ["make success", "code success", "after success"],
    );
  });

  it("fails the undo, not the process, when a step's rollback throws outside its call", async () => {
    writeModule("undo");
    const out = await runWithoutCrash("flow.mjs", tmp(), 1);
    const said = out.said;
    assert.match(said, /undo nobody awaited/);
    const result = latestResult(tmp());
    assert.deepEqual(
      result.steps.map((s) => `${s.id} ${s.status}`),
      ["make rolled_back", "code rollback_failed", "after failed"],
    );
  });
});
