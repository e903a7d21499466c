/**
 * Mistakes that only code without types (JavaScript, a port from Python)
 * can make get an error saying what is wrong and what was meant, not a
 * TypeError from deep inside the library.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  CommandStep,
  UnreadableRecordError,
  WorkflowContext,
  WorkflowDefinition,
  WorkflowEngine,
  WorkflowValidationError,
  listRuns,
  rollbackRun,
} from "../../src/index";
import { useTempDir } from "../support/temp-dir";

/** A value as untyped code would pass it. */
function untyped<T>(value: unknown): T {
  return value as T;
}

describe("the library called from code without types", () => {
  const temp = useTempDir("momoflow-untyped-");

  it("rollbackRun without a run's folder says what it takes", async () => {
    await assert.rejects(rollbackRun(untyped<string>(undefined)), {
      name: "TypeError",
      message:
        "rollbackRun: runDir must be a run's folder (.momoflow/runs/<run-id>, the dir of a listRuns() entry), got undefined",
    });
  });

  it("rollbackRun given a listRuns() entry says to pass its dir", async () => {
    const workdir = temp();
    const definition = new WorkflowDefinition({
      id: "one",
      steps: [new CommandStep("say", "log", { message: "hi" })],
    });
    await new WorkflowEngine().executeWorkflow(
      definition,
      new WorkflowContext({ workingDirectory: workdir }),
    );
    const [entry] = await listRuns(join(workdir, ".momoflow", "runs"));
    assert.ok(entry);
    await assert.rejects(rollbackRun(untyped<string>(entry)), {
      name: "TypeError",
      message: `rollbackRun: runDir must be a run's folder (.momoflow/runs/<run-id>, the dir of a listRuns() entry), got a run's entry: pass its dir (${entry.dir})`,
    });
  });

  it("rollbackRun of a folder that holds no run record says so, and writes nothing there", async () => {
    const missing = join(temp(), "no-such-run");
    await assert.rejects(rollbackRun(missing), (error: Error) => {
      assert.ok(error instanceof UnreadableRecordError, String(error));
      assert.equal(error.message, `${missing}: not a run record (no journal.jsonl)`);
      return true;
    });
    assert.equal(existsSync(missing), false);
  });

  it("executeWorkflow without a definition says what it takes", async () => {
    await assert.rejects(
      new WorkflowEngine().executeWorkflow(untyped<WorkflowDefinition>(undefined)),
      {
        name: "TypeError",
        message:
          "executeWorkflow: expected a WorkflowDefinition (new WorkflowDefinition({ id, steps })), got undefined",
      },
    );
  });

  it("a definition whose steps are not a list, or hold something that is not a step, is not valid: validate() says which", async () => {
    const notAList = new WorkflowDefinition({ id: "w", steps: untyped({ a: 1 }) });
    assert.deepEqual(notAList.validate(), [
      {
        code: "invalid_option",
        message: 'workflow "w": steps must be a list of steps, got an object',
      },
    ]);
    const notAStep = new WorkflowDefinition({ id: "w", steps: untyped([{ id: "a" }]) });
    assert.deepEqual(notAStep.validate(), [
      {
        code: "invalid_step",
        stepId: "a",
        message:
          'step "a" is not a workflow step: it has no execute() method (extend BaseWorkflowStep, or give it execute(context, execution))',
      },
    ]);
    await assert.rejects(
      new WorkflowEngine().executeWorkflow(
        notAStep,
        new WorkflowContext({ workingDirectory: temp() }),
      ),
      (error: Error) =>
        error instanceof WorkflowValidationError && /has no execute\(\)/.test(error.message),
    );
  });
});
