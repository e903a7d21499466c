import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readJournal } from "../../src/record/journal-reader";
import { WorkflowContext } from "../../src/runtime/context";
import { WorkflowEngine } from "../../src/runtime/engine";
import { StepStatus, WorkflowStatus } from "../../src/runtime/status";
import {
  BaseWorkflowStep,
  type StepExecution,
  type StepOptions,
  type StepResult,
} from "../../src/runtime/step";
import { STOP_GRACE_MS } from "../../src/runtime/stop-grace";
import { waitFor } from "../support/cli-process";

/** Writes a file and undoes it. */
class WriteFile extends BaseWorkflowStep {
  constructor(
    id: string,
    private readonly path: string,
  ) {
    super(id, "write a file", { reversible: true });
  }
  async execute(): Promise<StepResult> {
    writeFileSync(this.path, "x");
    return this.success({ rollbackData: this.path });
  }
  override async rollback(_context: WorkflowContext, result: StepResult): Promise<void> {
    rmSync(result.rollbackData as string);
  }
}

/**
 * Writes a file, records how to undo it, then never settles, whatever its
 * signal says: a step that forgot to listen to it.
 */
class Hangs extends BaseWorkflowStep {
  constructor(
    private readonly path: string,
    options: StepOptions = {},
  ) {
    super("hangs", "never settles", { reversible: true, needs: ["first"], ...options });
  }
  execute(_context: WorkflowContext, execution: StepExecution): Promise<StepResult> {
    execution.remember(this.path);
    writeFileSync(this.path, "x");
    return new Promise<StepResult>(() => {});
  }
  override async rollback(_context: WorkflowContext, result: StepResult): Promise<void> {
    rmSync(result.rollbackData as string);
  }
}

describe("a step that ignores the run's cancellation", function () {
  this.timeout(4 * STOP_GRACE_MS);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "momoflow-ignores-cancel-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // Without a timeout (the fast path of one attempt) and with retries (every attempt awaited).
  for (const options of [{}, { retries: 2, retryDelayMs: 1 }] as StepOptions[]) {
    it(`is given up after the grace, and the run undoes everything (${JSON.stringify(options)})`, async () => {
      const first = join(dir, "first.txt");
      const second = join(dir, "second.txt");
      const controller = new AbortController();
      // A timer that keeps the process alive, as a real program's would: a hung run waits on it.
      const keepAlive = setTimeout(() => {}, 6 * STOP_GRACE_MS);
      try {
        const started = Date.now();
        const running = new WorkflowEngine().executeWorkflow(
          { id: "hang", steps: [new WriteFile("first", first), new Hangs(second, options)] },
          new WorkflowContext({ workingDirectory: dir, env: {}, signal: controller.signal }),
        );
        // Cancelled once the hanging step runs (it wrote its file), not before it starts.
        try {
          await waitFor(() => existsSync(second), "the step that hangs to start", 30_000);
        } finally {
          controller.abort();
        }
        const result = await running;
        const took = Date.now() - started;
        assert.ok(took >= STOP_GRACE_MS && took < 3 * STOP_GRACE_MS, `took ${took} ms`);
        assert.equal(result.status, WorkflowStatus.CANCELLED);
        assert.deepEqual(result.rolledBackSteps, ["hangs", "first"]);
        assert.equal(result.stepResults[1]!.status, StepStatus.ROLLED_BACK);
        assert.match(result.stepResults[1]!.error!, /did not stop within 5s .* given up/);
        assert.equal(existsSync(first), false);
        assert.equal(
          existsSync(second),
          false,
          "the half-done step is undone from what it remembered",
        );
        const journal = readJournal(join(result.runDir!, "journal.jsonl"));
        const types = journal.events.map((e) => e.type);
        assert.equal(types.at(-1), "run_finished");
        assert.ok(types.includes("step_finished"));
      } finally {
        clearTimeout(keepAlive);
      }
    });
  }

  it("a workflow timeout gives it up too", async () => {
    const keepAlive = setTimeout(() => {}, 6 * STOP_GRACE_MS);
    try {
      const result = await new WorkflowEngine().executeWorkflow(
        {
          id: "hang",
          timeoutMs: 100,
          steps: [new WriteFile("first", join(dir, "a")), new Hangs(join(dir, "b"))],
        },
        new WorkflowContext({ workingDirectory: dir, env: {} }),
        { journal: false },
      );
      assert.equal(result.status, WorkflowStatus.ROLLED_BACK);
      assert.match(result.error!, /timed out after 100ms/);
      assert.deepEqual(result.rolledBackSteps, ["hangs", "first"]);
    } finally {
      clearTimeout(keepAlive);
    }
  });
});
