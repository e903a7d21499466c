import assert from "node:assert/strict";
import type { CommandArgs, CommandSpec } from "../../src/commands/command";
import { createCommandRegistry } from "../../src/commands/registry";
import type { WorkflowContext } from "../../src/runtime/context";
import {
  BaseWorkflowStep,
  type StepExecution,
  type StepOptions,
  type StepResult,
} from "../../src/runtime/step";
import { MockCommand, WorkflowTestCase, WorkflowTestFixture } from "../../src/testing";

/**
 * A step that calls a command spec as the engine's command steps do: its
 * output is the command's, its rollback data what the command remembered,
 * and it is reversible when the command has an automatic undo.
 */
class CommandCallStep extends BaseWorkflowStep {
  constructor(
    id: string,
    private readonly command: CommandSpec,
    private readonly args: CommandArgs,
    options: StepOptions = {},
  ) {
    super(id, "", { ...options, reversible: command.rollback !== undefined });
  }

  override async execute(_context: WorkflowContext, execution: StepExecution): Promise<StepResult> {
    let remembered: unknown;
    const output = await this.command.run(this.args, {
      ...execution,
      remember: (data) => {
        remembered = data;
        execution.remember(data);
      },
    });
    return this.success({ output, rollbackData: remembered });
  }

  override async rollback(
    _c: WorkflowContext,
    result: StepResult,
    execution: StepExecution,
  ): Promise<void> {
    await this.command.rollback?.(this.args, result.rollbackData, execution);
  }
}

describe("MockCommand", () => {
  let fixture: WorkflowTestFixture;
  let testCase: WorkflowTestCase;
  beforeEach(() => {
    fixture = new WorkflowTestFixture();
    testCase = new WorkflowTestCase(fixture);
  });
  afterEach(() => fixture.cleanup());

  it("is a command spec: description, params, and an undo only when asked", () => {
    const plain = new MockCommand();
    assert.equal(plain.description, "Mock command: mock");
    assert.equal(plain.rollback, undefined);
    assert.equal("rollback" in plain, false);
    const reversible = new MockCommand({
      description: "deploys",
      params: [{ name: "env", type: "string" }],
      undo: true,
    });
    assert.equal(reversible.description, "deploys");
    assert.deepEqual(reversible.params, [{ name: "env", type: "string" }]);
    assert.equal(typeof reversible.rollback, "function");
    assert.ok(reversible.undoDescription);
  });

  it("registers in a command registry, which calls it and its undo", async () => {
    const registry = createCommandRegistry({ builtins: false });
    const mock = new MockCommand({
      output: "ok",
      undo: true,
      params: [{ name: "target", type: "string" }],
    });
    const command = registry.register("deploy", mock);
    assert.equal(command.reversible, true);
    assert.equal(registry.signature("deploy")!.description, "Mock command: mock");
    assert.equal(
      await registry.invoke("deploy", { target: "eu" }, invocationIn(fixture.dir)),
      "ok",
    );
    await registry.undo("deploy", { target: "eu" }, { call: 1 }, invocationIn(fixture.dir));
    assert.deepEqual(
      mock.calls.map((c) => c.args),
      [{ target: "eu" }],
    );
    assert.deepEqual(
      mock.rollbacks.map((r) => [r.args, r.rollbackData]),
      [[{ target: "eu" }, { call: 1 }]],
    );
    assert.equal(
      registry.register("plain", new MockCommand({ anyArguments: false })).reversible,
      false,
    );
    await assert.rejects(
      registry.invoke("plain", { x: 1 }, invocationIn(fixture.dir)),
      /unknown argument "x"/,
    );
  });

  it("records every call with a copy of its args and returns the output", async () => {
    const mock = new MockCommand({ output: "deployed" });
    const args = { env: "staging" };
    const result = await fixture.execute(
      fixture.createWorkflow([
        new CommandCallStep("first", mock, args),
        new CommandCallStep("second", mock, { env: "prod" }, { needs: ["first"] }),
      ]),
    );
    testCase.assertWorkflowSuccess(result);
    args.env = "changed later";
    assert.deepEqual(
      mock.calls.map((c) => c.args),
      [{ env: "staging" }, { env: "prod" }],
    );
    assert.ok(mock.calls.every((c) => c.workingDirectory === fixture.dir));
    assert.ok(mock.calls[0]!.at <= mock.calls[1]!.at);
    assert.deepEqual(
      result.stepResults.map((r) => r.output),
      ["deployed", "deployed"],
    );
  });

  it("throws the configured error, a string becoming an Error", async () => {
    const mock = new MockCommand({ error: "quota exceeded" });
    const result = await fixture.execute(
      fixture.createWorkflow([new CommandCallStep("call", mock, {})]),
    );
    testCase.assertWorkflowFailure(result, "call");
    assert.equal(result.stepResults[0]!.error, "quota exceeded");
    assert.equal(mock.calls.length, 1);
    await assert.rejects(
      new MockCommand({ error: new TypeError("bad type") }).run({}, invocationIn(fixture.dir)),
      TypeError,
    );
  });

  it("undoes its calls in reverse with what each remembered", async () => {
    const mock = new MockCommand({ undo: true });
    const result = await fixture.execute(
      fixture.createWorkflow([
        new CommandCallStep("a", mock, { n: 1 }),
        new CommandCallStep("b", mock, { n: 2 }),
        new CommandCallStep("c", new MockCommand({ error: "no" }), {}),
      ]),
    );
    assert.equal(result.status, "rolled_back");
    assert.deepEqual(result.rolledBackSteps, ["b", "a"]);
    assert.deepEqual(
      mock.rollbacks.map((r) => [r.args, r.rollbackData]),
      [
        [{ n: 2 }, { call: 2 }],
        [{ n: 1 }, { call: 1 }],
      ],
    );
  });

  it("makes its undo fail when told to", async () => {
    const mock = new MockCommand({ undo: true, rollbackError: "cannot undo" });
    const result = await fixture.execute(
      fixture.createWorkflow([
        new CommandCallStep("a", mock, {}),
        new CommandCallStep("b", new MockCommand({ error: "no" }), {}),
      ]),
    );
    assert.equal(result.status, "partially_rolled_back");
    testCase.assertStepStatus(result, "a", "rollback_failed");
    assert.equal(result.stepResults[0]!.error, "rollback failed: cannot undo");
    assert.equal(mock.rollbacks.length, 1);
  });

  it("takes its time, and stops waiting when the invocation is aborted", async () => {
    const mock = new MockCommand({ durationMs: 10_000 });
    const controller = new AbortController();
    const running = mock.run({}, invocationIn(fixture.dir, controller.signal));
    controller.abort(new Error("stop now"));
    await assert.rejects(running, /stop now/);
    mock.options.durationMs = 20;
    const started = performance.now();
    await mock.run({}, invocationIn(fixture.dir));
    assert.ok(performance.now() - started >= 15);
  });

  it("follows changes to its behaviour and forgets its records on reset", async () => {
    const mock = new MockCommand({ output: 1, undo: true });
    const run = mock.run;
    assert.equal(await run({ x: 1 }, invocationIn(fixture.dir)), 1);
    mock.options.output = 2;
    assert.equal(await mock.run({ x: 2 }, invocationIn(fixture.dir)), 2);
    await mock.rollback!({ x: 2 }, { call: 2 }, invocationIn(fixture.dir));
    assert.equal(mock.calls.length, 2);
    assert.equal(mock.rollbacks.length, 1);
    mock.reset();
    assert.deepEqual([mock.calls, mock.rollbacks], [[], []]);
    assert.equal(await mock.run({}, invocationIn(fixture.dir)), 2);
  });
});

/** A bare invocation, for calling the mock directly. */
function invocationIn(workingDirectory: string, signal = new AbortController().signal) {
  return {
    workingDirectory,
    signal,
    env: {},
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    backupDir: workingDirectory,
    remember() {},
    reportChildMetrics() {},
  };
}
