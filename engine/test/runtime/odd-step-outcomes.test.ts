import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WorkflowContext } from "../../src/runtime/context";
import { WorkflowEngine } from "../../src/runtime/engine";
import { StepStatus, WorkflowStatus } from "../../src/runtime/status";
import { emptyMetrics } from "../../src/runtime/metrics";
import {
  BaseWorkflowStep,
  errorMessage,
  type StepResult,
  type WorkflowStep,
} from "../../src/runtime/step";

/** Writes a file and undoes it: the effect a failure after it must not leave behind. */
class WriteFile extends BaseWorkflowStep {
  constructor(private readonly path: string) {
    super("write", "write a file", { reversible: true });
  }
  async execute(): Promise<StepResult> {
    writeFileSync(this.path, "x");
    return this.success({ rollbackData: this.path });
  }
  override async rollback(): Promise<void> {
    rmSync(this.path);
  }
}

/** A step that throws `value`, as JavaScript lets any code throw anything. */
class Throws extends BaseWorkflowStep {
  constructor(
    private readonly value: unknown,
    retries = 0,
  ) {
    super("throws", "throws a value", { needs: ["write"], retries, retryDelayMs: 1 });
  }
  async execute(): Promise<StepResult> {
    throw this.value;
  }
}

/** A step whose execute gives `value` instead of a step result. */
class Returns extends BaseWorkflowStep {
  constructor(private readonly value: unknown) {
    super("returns", "returns a value");
  }
  async execute(): Promise<StepResult> {
    return this.value as StepResult;
  }
}

/** A reversible step whose undo throws `value`. */
class UndoThrows extends BaseWorkflowStep {
  constructor(private readonly value: unknown) {
    super("write", "its undo throws", { reversible: true });
  }
  async execute(): Promise<StepResult> {
    return this.success({ rollbackData: 1 });
  }
  override async rollback(): Promise<void> {
    throw this.value;
  }
}

const circular: Record<string, unknown> = {};
circular.self = circular;

describe("steps that throw what is not an Error or return what is not a result", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "momoflow-odd-outcomes-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const thrown: [string, unknown, string][] = [
    ["a BigInt", 10n, "10n"],
    ["a circular object", circular, "[object Object]"],
    ["undefined", undefined, "undefined"],
    ["a symbol", Symbol("why"), "Symbol(why)"],
    ["null", null, "null"],
    ["a string", "plain", "plain"],
    // An Error with no message said nothing: `step "throws" failed: `.
    ["an Error with no message", new Error(), "Error (with no message)"],
    [
      "an AggregateError with no message of its own",
      new AggregateError([new Error("connect ECONNREFUSED ::1:80"), "refused"], ""),
      "AggregateError: connect ECONNREFUSED ::1:80; refused",
    ],
    [
      "a TypeError with a code and no message",
      Object.assign(new TypeError(""), { code: "ERR_X" }),
      "TypeError ERR_X (with no message)",
    ],
  ];
  for (const [what, value, message] of thrown) {
    for (const retries of [0, 1]) {
      it(`a step that throws ${what} (retries ${retries}) fails with a message, and the run undoes what it did`, async () => {
        const file = join(dir, "written.txt");
        const result = await new WorkflowEngine().executeWorkflow(
          { id: "odd", steps: [new WriteFile(file), new Throws(value, retries)] },
          new WorkflowContext({ workingDirectory: dir, env: {} }),
        );
        assert.equal(result.status, WorkflowStatus.ROLLED_BACK);
        assert.equal(result.stepResults[1]!.status, StepStatus.FAILED);
        assert.equal(result.stepResults[1]!.error, message);
        assert.equal(result.error, `step "throws" failed: ${message}`);
        assert.equal(existsSync(file), false, "the written file is undone");
      });
    }
  }

  it("an undo that throws a BigInt makes the step rollback_failed, and the run resolves", async () => {
    const result = await new WorkflowEngine().executeWorkflow(
      { id: "odd", steps: [new UndoThrows(7n), new Throws(new Error("boom"))] },
      new WorkflowContext({ workingDirectory: dir, env: {} }),
      { journal: false },
    );
    assert.equal(result.status, WorkflowStatus.PARTIALLY_ROLLED_BACK);
    assert.equal(result.stepResults[0]!.status, StepStatus.ROLLBACK_FAILED);
    assert.equal(result.stepResults[0]!.error, "rollback failed: 7n");
  });

  for (const journal of [false, true]) {
    it(`a rollback that is a plain function counts as undone when it returns and failed when it throws (journal ${journal})`, async () => {
      const undone: string[] = [];
      const plain = (id: string, undo: () => void): WorkflowStep => ({
        id,
        description: "its rollback returns no promise",
        reversible: true,
        execute: async () => ({
          stepId: id,
          status: StepStatus.SUCCESS,
          metrics: emptyMetrics(),
          attempts: 1,
        }),
        // What JavaScript lets a caller write although the type asks for a promise.
        rollback: undo as unknown as WorkflowStep["rollback"],
      });
      const result = await new WorkflowEngine().executeWorkflow(
        {
          id: "plain",
          steps: [
            plain("returns", () => void undone.push("returns")),
            plain("throws", () => {
              throw new Error("no undo today");
            }),
            {
              id: "fails",
              description: "fails after both",
              reversible: false,
              needs: ["returns", "throws"],
              execute: async () => {
                throw new Error("boom");
              },
            },
          ],
        },
        new WorkflowContext({ workingDirectory: dir, env: {} }),
        { journal, runsDir: join(dir, "runs") },
      );
      assert.deepEqual(undone, ["returns"]);
      assert.equal(result.status, WorkflowStatus.PARTIALLY_ROLLED_BACK);
      const byId = new Map(result.stepResults.map((r) => [r.stepId, r]));
      assert.equal(byId.get("returns")!.status, StepStatus.ROLLED_BACK);
      assert.equal(byId.get("throws")!.status, StepStatus.ROLLBACK_FAILED);
      assert.equal(byId.get("throws")!.error, "rollback failed: no undo today");
    });
  }

  for (const [what, value, said] of [
    ["undefined", undefined, "undefined"],
    ["null", null, "null"],
    ["a number", 42, "42"],
    ["a string", "done", '"done"'],
  ] as const) {
    it(`an execute that returns ${what} fails, saying what it returned and what it should`, async () => {
      const result = await new WorkflowEngine().executeWorkflow(
        { id: "odd", steps: [new Returns(value)] },
        new WorkflowContext({ workingDirectory: dir, env: {} }),
        { journal: false },
      );
      assert.equal(result.status, WorkflowStatus.FAILED);
      assert.equal(
        result.stepResults[0]!.error,
        `execute() returned ${said}, not a step result: return this.success(...) or this.failure(...)`,
      );
    });
  }

  it("errorMessage gives a string for anything", () => {
    assert.equal(errorMessage(new Error("e")), "e");
    assert.equal(errorMessage({ code: 1 }), '{"code":1}');
    assert.equal(
      errorMessage(function named() {}),
      "[function named]",
    );
    for (const value of [10n, circular, undefined, Symbol(), null, () => 1])
      assert.equal(typeof errorMessage(value), "string");
  });
});

/** A step whose preconditions give `value` (momo-workflow's gave a bool); it counts its runs. */
class Preconditions extends BaseWorkflowStep {
  runs = 0;
  constructor(private readonly value: unknown) {
    super("checked", "checks its preconditions");
  }
  override async validatePreconditions(): Promise<string[]> {
    return this.value as string[];
  }
  async execute(): Promise<StepResult> {
    this.runs++;
    return this.success();
  }
}

describe("preconditions given as something else than a list of problems", () => {
  for (const [value, error] of [
    [false, "preconditions not met: validatePreconditions() returned false"],
    [
      "disk missing",
      "preconditions not met: validatePreconditions() returned disk missing; expected the problems, as strings (empty: fine)",
    ],
    [true, undefined],
    [undefined, undefined],
    [["no disk"], "preconditions not met: no disk"],
  ] as const) {
    it(`${JSON.stringify(value)} ${error ? "keeps the step from running" : "lets it run"}`, async () => {
      const step = new Preconditions(value);
      const result = await new WorkflowEngine().executeWorkflow(
        { id: "pre", steps: [step] },
        new WorkflowContext({ env: {} }),
        { journal: false },
      );
      assert.equal(step.runs, error ? 0 : 1);
      assert.equal(result.stepResults[0]!.error, error);
    });
  }
});

describe("a concurrency that is not a whole number of at least 1", () => {
  for (const [value, shown] of [
    [0, "0"],
    [1.5, "1.5"],
    [Infinity, "Infinity"],
    ["2", '"2"'],
  ] as const) {
    it(`is refused, naming ${shown}`, async () => {
      await assert.rejects(
        new WorkflowEngine().executeWorkflow(
          { id: "c", steps: [new Returns({ status: "success" })] },
          new WorkflowContext({ env: {} }),
          { concurrency: value as number, journal: false },
        ),
        {
          message: `workflow "c" is not valid:\n  - concurrency must be a whole number of at least 1, got ${shown}`,
        },
      );
    });
  }
});

describe("a run id chosen by the caller", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "momoflow-run-id-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (runId: string, journal = true) =>
    new WorkflowEngine().executeWorkflow(
      { id: "w", steps: [new Returns({ status: "success" })] },
      new WorkflowContext({ workingDirectory: dir, env: {} }),
      { runId, journal },
    );

  for (const runId of ["../escape", "a/b", "", ".", ".."]) {
    it(`${JSON.stringify(runId)} is refused: it would not name one folder of the runs folder`, async () => {
      await assert.rejects(run(runId), {
        message: new RegExp(
          `runId ${JSON.stringify(runId).replace(/[.]/g, "\\.")} cannot name a run's folder`,
        ),
      });
      assert.equal(existsSync(join(dir, ".momoflow")), false, "nothing was written");
    });
  }

  it("one used before is refused: the second run would append to the first's journal", async () => {
    const first = await run("mine");
    assert.equal(first.status, WorkflowStatus.SUCCESS);
    await assert.rejects(run("mine"), { message: /runId "mine" is taken: .*mine exists/ });
    assert.equal((await run("mine", false)).status, WorkflowStatus.SUCCESS, "no record, no clash");
  });
});
