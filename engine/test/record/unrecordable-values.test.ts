import assert from "node:assert/strict";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readJournal } from "../../src/record/journal-reader";
import { stringifyForRecord } from "../../src/record/json-stand-ins";
import { readResultFile } from "../../src/record/result-file";
import { runRecordPaths } from "../../src/record/run-paths";
import { WorkflowContext } from "../../src/runtime/context";
import { WorkflowDefinition } from "../../src/runtime/definition";
import { WorkflowEngine } from "../../src/runtime/engine";
import { rollbackRun } from "../../src/runtime/rollback-run";
import { StepStatus, WorkflowStatus } from "../../src/runtime/status";
import { BaseWorkflowStep, type StepExecution, type StepResult } from "../../src/runtime/step";
import { useTempDir } from "../support/temp-dir";

/** What a step gives that JSON cannot hold. */
interface Odd {
  output?: unknown;
  rollbackData?: unknown;
  remember?: unknown;
}

/** Writes a file named after itself; its undo removes it and keeps the data it was given. */
class WritesFile extends BaseWorkflowStep {
  readonly undoneWith: unknown[] = [];
  constructor(private readonly odd: Odd) {
    super("write", "write a file", { reversible: true });
  }
  async execute(context: WorkflowContext, execution: StepExecution): Promise<StepResult> {
    if ("remember" in this.odd) execution.remember(this.odd.remember);
    writeFileSync(join(context.workingDirectory, "written.txt"), "x");
    return this.success({ output: this.odd.output, rollbackData: this.odd.rollbackData });
  }
  override async rollback(context: WorkflowContext, result: StepResult): Promise<void> {
    this.undoneWith.push(result.rollbackData);
    rmSync(join(context.workingDirectory, "written.txt"));
  }
}

class Fails extends BaseWorkflowStep {
  constructor() {
    super("fails", "fails", { needs: ["write"] });
  }
  async execute(): Promise<StepResult> {
    throw new Error("on purpose");
  }
}

function circular(): Record<string, unknown> {
  const value: Record<string, unknown> = { n: 10n };
  value.self = value;
  return value;
}

/** `{ a: { a: … 1 } }`, `depth` objects deep: past what JSON.stringify's recursion holds. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { a: 1 };
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
}

describe("a step's output or rollback data that JSON cannot hold (a BigInt, a cycle, 20,000 levels deep)", () => {
  const tmp = useTempDir("momoflow-unrecordable-");

  const cases: [string, Odd][] = [
    ["a BigInt output", { output: 10n }],
    ["a circular output", { output: circular() }],
    ["circular rollback data", { rollbackData: circular() }],
    ["remembered BigInt rollback data", { remember: 3n }],
    ["an output nested 20,000 deep", { output: nested(20_000) }],
    ["rollback data nested 20,000 deep", { rollbackData: nested(20_000) }],
  ];
  for (const [what, odd] of cases) {
    it(`${what}: the run resolves, undoes the step and keeps a readable record`, async () => {
      const step = new WritesFile(odd);
      const result = await new WorkflowEngine().executeWorkflow(
        { id: "odd", steps: [step, new Fails()] },
        new WorkflowContext({ workingDirectory: tmp(), env: {} }),
      );
      assert.equal(result.status, WorkflowStatus.ROLLED_BACK, result.error);
      assert.equal(result.recordError, undefined);
      assert.equal(result.stepResults[0]!.status, StepStatus.ROLLED_BACK);
      assert.equal(existsSync(join(tmp(), "written.txt")), false);
      // The live undo had the value itself, not its stand-in.
      const data = odd.rollbackData ?? odd.remember;
      if (data !== undefined) assert.equal(step.undoneWith[0], data);
      const paths = runRecordPaths(result.runDir!);
      const journal = readJournal(paths.journal);
      assert.deepEqual(journal.problems, []);
      assert.equal(journal.events.at(-1)!.type, "run_finished");
      assert.equal(readResultFile(paths.result)?.status, WorkflowStatus.ROLLED_BACK);
    });
  }

  it("the record keeps a BigInt as its digits and n, a cycle as [circular]", async () => {
    const result = await new WorkflowEngine().executeWorkflow(
      { id: "odd", steps: [new WritesFile({ output: circular() })] },
      new WorkflowContext({ workingDirectory: tmp(), env: {} }),
    );
    assert.equal(result.status, WorkflowStatus.SUCCESS);
    const file = readResultFile(runRecordPaths(result.runDir!).result)!;
    assert.deepEqual(file.steps[0]!.output, { n: "10n", self: "[circular]" });
    // JSON.stringify(result) has what result.json has.
    assert.deepEqual(JSON.parse(JSON.stringify(result)).steps[0].output, file.steps[0]!.output);
  });

  it("a later rollbackRun gives the step's rollback() the recorded stand-ins", async () => {
    const step = new WritesFile({ rollbackData: circular() });
    const definition = new WorkflowDefinition({ id: "odd", steps: [step, new Fails()] });
    const result = await new WorkflowEngine().executeWorkflow(
      definition,
      new WorkflowContext({ workingDirectory: tmp(), env: {} }),
      { rollbackOnFailure: false },
    );
    assert.equal(result.status, WorkflowStatus.FAILED);
    const report = await rollbackRun(result.runDir!, { definition });
    assert.deepEqual(report.rolledBack, ["write"]);
    assert.deepEqual(step.undoneWith, [{ n: "10n", self: "[circular]" }]);
    assert.equal(existsSync(join(tmp(), "written.txt")), false);
  });

  it("the record keeps a value nested deeper than 1,000 levels down to its 1,000th level", () => {
    let kept = JSON.parse(stringifyForRecord({ top: nested(20_000) })) as unknown;
    let levels = 0;
    while (typeof kept === "object" && kept !== null) {
      kept = Object.values(kept)[0];
      levels++;
    }
    assert.equal(levels, 1_000);
    assert.equal(kept, "[nested deeper than 1000 levels]");
    assert.equal(stringifyForRecord(nested(3)), JSON.stringify(nested(3)));
  });

  it("stringifyForRecord is JSON.stringify wherever that does not throw", () => {
    const shared = { a: 1 };
    const value = { list: [shared, shared], date: new Date(0), map: new Map([[1, 2]]) };
    assert.equal(stringifyForRecord(value), JSON.stringify(value));
    assert.equal(stringifyForRecord([1n, shared, shared]), '["1n",{"a":1},{"a":1}]');
  });
});
