import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  BaseWorkflowStep,
  CommandStep,
  readJournal,
  rollbackRun,
  runRecordPaths,
  WorkflowContext,
  WorkflowDefinition,
  WorkflowEngine,
  type StepExecution,
  type StepResult,
} from "../../src/index";
import { waitFor } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/** A shell step whose undo is an explicit rollback (a `run` recipe), as a .momoflow step compiles. */
function shellStep(
  id: string,
  script: string,
  rollbackScript: string,
  options: { needs?: string[]; timeoutMs?: number; continueOnError?: boolean } = {},
): CommandStep {
  return new CommandStep(
    id,
    "sh",
    { script },
    { rollback: { command: "sh", args: { script: rollbackScript } }, ...options },
  );
}

/** A class step that writes one file per attempt and remembers it before the write; fails until `succeedAt`. */
class AttemptStep extends BaseWorkflowStep {
  constructor(
    id: string,
    private readonly dir: string,
    private readonly succeedAt: number,
  ) {
    super(id, "", { reversible: true, retries: 3, retryDelayMs: 1 });
  }
  async execute(_c: WorkflowContext, execution: StepExecution): Promise<StepResult> {
    const path = join(this.dir, `${this.id}-${execution.attempt}.txt`);
    execution.remember({ path });
    writeFileSync(path, String(execution.attempt));
    return execution.attempt >= this.succeedAt ? this.success() : this.failure("not yet");
  }
  override async rollback(_c: WorkflowContext, result: StepResult): Promise<void> {
    const { path } = result.rollbackData as { path: string };
    const log = join(this.dir, "undo.log");
    writeFileSync(log, (existsSync(log) ? readFileSync(log, "utf8") : "") + `${path}\n`);
  }
}

describe("half-done steps (failed, timed out or cancelled part-way) are undone", () => {
  const tempDir = useTempDir();
  const engine = new WorkflowEngine();
  const run = (steps: WorkflowDefinition["steps"], signal?: AbortSignal) =>
    engine.executeWorkflow(
      new WorkflowDefinition({ id: "w", steps }),
      new WorkflowContext({ workingDirectory: tempDir() }),
      signal ? { signal } : {},
    );

  it("a shell step that fails part-way: its rollback runs, the run is rolled_back", async () => {
    const result = await run([
      shellStep("a", "echo x > a.txt; exit 3", "rm -f a.txt; echo undone >> undo.log"),
    ]);
    assert.equal(result.status, "rolled_back");
    assert.equal(result.stepResults[0]!.status, "rolled_back");
    assert.match(result.stepResults[0]!.error ?? "", /exited with code 3/);
    assert.equal(existsSync(join(tempDir(), "a.txt")), false);
    assert.equal(readFileSync(join(tempDir(), "undo.log"), "utf8"), "undone\n");
  });

  it("a step that times out part-way is undone, after the step before it", async () => {
    const result = await run([
      new CommandStep("first", "create_file", { path: "first.txt", content: "1" }),
      shellStep("slow", "echo started > two.txt; sleep 30", "rm -f two.txt", {
        needs: ["first"],
        timeoutMs: 300,
      }),
    ]);
    assert.equal(result.status, "rolled_back");
    assert.deepEqual(result.rolledBackSteps, ["slow", "first"]);
    assert.equal(existsSync(join(tempDir(), "two.txt")), false);
    assert.equal(existsSync(join(tempDir(), "first.txt")), false);
  });

  it("a run cancelled during a step undoes that step and ends cancelled", async () => {
    const controller = new AbortController();
    const running = run(
      [shellStep("two", "echo started > two.txt; sleep 30", "rm -f two.txt")],
      controller.signal,
    );
    // Cancelled once the step runs (it wrote its file), not before it starts.
    try {
      await waitFor(() => existsSync(join(tempDir(), "two.txt")), "step two to start", 30_000);
    } finally {
      controller.abort(new Error("stop"));
    }
    const result = await running;
    assert.equal(result.status, "cancelled");
    assert.equal(result.stepResults[0]!.status, "rolled_back");
    assert.equal(existsSync(join(tempDir(), "two.txt")), false);
  });

  it("a half-done step with no effect yet (an injected failure, a built-in that recorded nothing) stays failed", async () => {
    const definition = new WorkflowDefinition({
      id: "w",
      steps: [shellStep("a", "echo x > a.txt", "echo undone >> undo.log")],
    });
    const injected = await engine.executeWorkflow(
      definition,
      new WorkflowContext({ workingDirectory: tempDir() }),
      { failSteps: ["a"] },
    );
    assert.equal(injected.status, "failed", "nothing to undo: failed, not rolled_back");
    assert.equal(injected.stepResults[0]!.status, "failed");
    assert.equal(existsSync(join(tempDir(), "undo.log")), false, "the rollback never ran");

    const missing = await run([
      new CommandStep("copy", "copy_file", { source: "nope.txt", destination: "b.txt" }),
    ]);
    assert.equal(missing.status, "failed");
    assert.equal(missing.stepResults[0]!.status, "failed");
  });

  it("each attempt of a retried step is undone with its own data, the last first", async () => {
    const result = await run([
      new CommandStep("before", "create_file", { path: "before.txt" }),
      new AttemptStep("tries", tempDir(), 99),
    ]);
    assert.equal(result.status, "rolled_back");
    const undone = readFileSync(join(tempDir(), "undo.log"), "utf8").trim().split("\n");
    assert.deepEqual(
      undone.map((p) => p.slice(tempDir().length + 1)),
      ["tries-4.txt", "tries-3.txt", "tries-2.txt", "tries-1.txt"],
    );
    assert.equal(existsSync(join(tempDir(), "before.txt")), false);
  });

  it("a step that succeeded on a retry is undone for every attempt when a later step fails", async () => {
    const result = await run([
      new AttemptStep("tries", tempDir(), 2),
      new CommandStep("boom", "fail", { message: "no" }, { needs: ["tries"] }),
    ]);
    assert.equal(result.status, "rolled_back");
    const undone = readFileSync(join(tempDir(), "undo.log"), "utf8").trim().split("\n");
    assert.deepEqual(
      undone.map((p) => p.slice(tempDir().length + 1)),
      ["tries-2.txt", "tries-1.txt"],
    );
  });

  it("a continue_on_error step that failed part-way is undone at once, and the run goes on", async () => {
    const result = await run([
      shellStep("flaky", "echo x > flaky.txt; exit 1", "rm -f flaky.txt", {
        continueOnError: true,
      }),
      new CommandStep("after", "create_file", { path: "after.txt", content: "ok" }),
    ]);
    assert.equal(result.stepResults[0]!.status, "rolled_back");
    assert.equal(result.stepResults[1]!.status, "success");
    assert.equal(existsSync(join(tempDir(), "flaky.txt")), false);
    assert.equal(readFileSync(join(tempDir(), "after.txt"), "utf8"), "ok");
  });

  it("effect-free steps (log, sleep) before a failure leave the rollback complete", async () => {
    const result = await run([
      new CommandStep("note", "log", { message: "hello" }),
      new CommandStep("made", "create_file", { path: "made.txt" }, { needs: ["note"] }),
      new CommandStep("wait", "sleep", { duration: 1 }, { needs: ["made"] }),
      new CommandStep("boom", "fail", { message: "no" }, { needs: ["wait"] }),
    ]);
    assert.equal(result.status, "rolled_back");
    assert.deepEqual(result.rolledBackSteps, ["made"]);
    assert.equal(
      result.stepResults[0]!.status,
      "success",
      "a log step is not undone: it did nothing",
    );
  });

  it("a later rollback finds nothing left after the live one, and the record says so", async () => {
    const result = await run([
      new CommandStep("made", "create_file", { path: "made.txt" }),
      shellStep("half", "echo x > half.txt; exit 1", "rm -f half.txt", { needs: ["made"] }),
    ]);
    assert.equal(result.status, "rolled_back");
    const report = await rollbackRun(result.runDir!);
    assert.deepEqual(report.rolledBack, []);
    assert.deepEqual(report.alreadyUndone.sort(), ["half", "made"]);
    assert.equal(report.status, "rolled_back");
    const { events } = readJournal(runRecordPaths(result.runDir!).journal);
    const undone = events.filter((e) => e.type === "step_rolled_back").map((e) => e.step);
    assert.deepEqual(undone, ["half", "made"], "each step undone exactly once");
  });
});
