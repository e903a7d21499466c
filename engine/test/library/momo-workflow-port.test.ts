/**
 * momo-workflow's own tests (unit: engine and commands; e2e: complete
 * workflows; its testing module's scenarios), ported to momoflow's public API
 * as a Python user would write them, importing from the package root. Where
 * momoflow differs on purpose, the test says how (the README's "Coming from
 * momo-workflow" lists every difference).
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  BaseWorkflowStep,
  CommandArgumentError,
  CommandStep,
  FunctionCommand,
  MockCommand,
  ShellCommand,
  StepStatus,
  TestWorkflowStep,
  WorkflowContext,
  WorkflowDefinition,
  WorkflowEngine,
  WorkflowStatus,
  WorkflowTestCase,
  WorkflowTestFixture,
  WorkflowValidationError,
  createCommandRegistry,
  createFailureTestScenario,
  createPerformanceTestScenario,
  getCommandRegistry,
  registerCommand,
  type StepExecution,
  type StepResult,
  type WorkflowResult,
} from "../../src/index";
import { useTempDir } from "../support/temp-dir";

/** momo-workflow's `SimpleTestStep`: reversible, records that it ran and was undone. */
class SimpleTestStep extends BaseWorkflowStep {
  executed = false;
  rolledBack = false;
  constructor(
    id: string,
    private readonly shouldFail = false,
  ) {
    super(id, `Test step: ${id}`, { reversible: true });
  }
  async execute(): Promise<StepResult> {
    this.executed = true;
    if (this.shouldFail) return this.failure(`Test failure: ${this.id}`);
    return this.success({ rollbackData: { test_data: "rollback_info" } });
  }
  override async rollback(): Promise<void> {
    this.rolledBack = true;
  }
}

describe("momo-workflow's tests, ported", () => {
  const dir = useTempDir("momoflow-port-");
  const engine = new WorkflowEngine();
  const context = (variables: Record<string, unknown> = {}) =>
    new WorkflowContext({ workingDirectory: dir(), variables });
  const definition = (id: string, steps: WorkflowDefinition["steps"]) =>
    new WorkflowDefinition({
      id,
      name: id,
      description: "",
      version: "1.0.0",
      author: "test",
      steps,
    });

  describe("WorkflowEngine (tests/unit/test_workflow_engine.py)", () => {
    it("runs a successful workflow: every step succeeds and ran", async () => {
      const steps = [
        new SimpleTestStep("step_1"),
        new SimpleTestStep("step_2"),
        new SimpleTestStep("step_3"),
      ];
      const result = await engine.executeWorkflow(definition("test_success", steps), context());
      assert.equal(result.status, WorkflowStatus.SUCCESS);
      assert.equal(result.success, true);
      assert.equal(result.successRate, 1);
      assert.equal(result.stepResults.length, 3);
      assert.ok(result.stepResults.every((r) => r.success));
      assert.ok(steps.every((s) => s.executed));
    });

    it("stops at a failure without rollback; the step after it never runs (momoflow lists it as not_run)", async () => {
      const steps = [
        new SimpleTestStep("step_1"),
        new SimpleTestStep("step_2", true),
        new SimpleTestStep("step_3"),
      ];
      const result = await engine.executeWorkflow(definition("test_failure", steps), context(), {
        rollbackOnFailure: false,
      });
      assert.equal(result.status, WorkflowStatus.FAILED);
      assert.ok(result.successRate < 1);
      assert.deepEqual(
        result.stepResults.map((r) => [r.stepId, r.status, r.success]),
        [
          ["step_1", "success", true],
          ["step_2", "failed", false],
          ["step_3", "not_run", false],
        ],
      );
      assert.deepEqual(
        steps.map((s) => [s.executed, s.rolledBack]),
        [
          [true, false],
          [true, false],
          [false, false],
        ],
      );
    });

    it("refuses an empty workflow, duplicate step ids, and an empty id, before anything runs", async () => {
      await assert.rejects(
        engine.executeWorkflow(definition("empty_test", []), context()),
        (error) => {
          assert.ok(error instanceof WorkflowValidationError);
          assert.match(error.message, /workflow "empty_test" has no steps/);
          return true;
        },
      );
      await assert.rejects(
        engine.executeWorkflow(
          definition("duplicate_test", [
            new SimpleTestStep("duplicate_id"),
            new SimpleTestStep("duplicate_id"),
          ]),
          context(),
        ),
        /duplicate step id "duplicate_id"/,
      );
      for (const id of ["", "   "]) {
        const nameless = definition(id, [new SimpleTestStep("step_1")]);
        assert.deepEqual(
          nameless.validate().map((p) => p.code),
          ["missing_id"],
        );
        await assert.rejects(engine.executeWorkflow(nameless, context()), /a workflow needs an id/);
      }
      assert.equal(existsSync(join(dir(), ".momoflow")), false, "no run record was written");
    });

    it("passes variables between steps through the context; getVariable takes a default", async () => {
      class VariableStep extends BaseWorkflowStep {
        constructor(
          id: string,
          private readonly setVar?: string,
          private readonly checkVar?: string,
        ) {
          super(id, `Variable step: ${id}`);
        }
        async execute(ctx: WorkflowContext): Promise<StepResult> {
          if (this.setVar) ctx.setVariable("test_var", this.setVar);
          if (this.checkVar) assert.equal(ctx.getVariable("test_var"), this.checkVar);
          return this.success();
        }
      }
      const ctx = context();
      const result = await engine.executeWorkflow(
        definition("variable_test", [
          new VariableStep("set_step", "test_value"),
          new VariableStep("check_step", undefined, "test_value"),
        ]),
        ctx,
      );
      assert.equal(result.status, WorkflowStatus.SUCCESS);
      assert.equal(ctx.getVariable("test_var"), "test_value");
      assert.equal(ctx.getVariable("missing", "fallback"), "fallback");
      assert.equal(ctx.getVariable("missing"), undefined);
    });

    it("collects metrics: the run's total duration and each step's, in ms", async () => {
      const result = await engine.executeWorkflow(
        definition("perf_test", [new SimpleTestStep("perf_step")]),
        context(),
      );
      assert.equal(result.status, WorkflowStatus.SUCCESS);
      assert.equal(result.totalDurationMs, result.metrics.durationMs);
      assert.ok(result.totalDurationMs >= 0);
      assert.ok(result.metrics.endTime >= result.metrics.startTime);
      assert.ok(result.stepResults[0]!.metrics.durationMs >= 0);
    });
  });

  describe("commands (tests/unit/test_commands.py)", () => {
    const invocation = (): StepExecution => ({
      stepId: "call",
      attempt: 1,
      signal: new AbortController().signal,
      workingDirectory: dir(),
      backupDir: join(dir(), "backups"),
      env: process.env,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      remember() {},
      reportChildMetrics() {},
    });

    it("registers and gets a function command, which runs", async () => {
      const registry = createCommandRegistry();
      registry.register(
        "add_numbers",
        new FunctionCommand(
          "add_numbers",
          "Add two numbers",
          (a) => (a.x as number) + (a.y as number),
          [
            { name: "x", type: "int" },
            { name: "y", type: "int" },
          ],
        ),
      );
      const command = registry.get("add_numbers")!;
      assert.equal(command.name, "add_numbers");
      assert.match(command.description, /Add two numbers/);
      assert.equal(await registry.invoke("add_numbers", { x: 5, y: 3 }, invocation()), 8);
      assert.equal(registry.get("nonexistent"), undefined);
    });

    it("lists registered commands beside the built-ins", () => {
      const registry = getCommandRegistry();
      const names = registry.list().map((c) => c.name);
      for (const builtin of ["create_directory", "create_file", "copy_file", "delete_path"]) {
        assert.ok(names.includes(builtin), builtin);
      }
      const own = createCommandRegistry({ builtins: false });
      own.register("command1", new FunctionCommand("command1", "", () => "result1"));
      own.register("command2", new FunctionCommand("command2", "", () => "result2"));
      assert.deepEqual(
        own.list().map((c) => c.name),
        ["command1", "command2"],
      );
    });

    it("a function command's failure is a rejection (momo-workflow returned success: false)", async () => {
      const registry = createCommandRegistry({ builtins: false });
      registry.register(
        "divide",
        new FunctionCommand(
          "divide",
          "Divide",
          (a) => {
            if (a.y === 0) throw new Error("division by zero");
            return (a.x as number) / (a.y as number);
          },
          [
            { name: "x", type: "number" },
            { name: "y", type: "number" },
          ],
        ),
      );
      assert.equal(await registry.invoke("divide", { x: 28, y: 4 }, invocation()), 7);
      await assert.rejects(
        registry.invoke("divide", { x: 10, y: 0 }, invocation()),
        /division by zero/,
      );
    });

    it("validates arguments against typed parameters, naming what is missing", () => {
      const registry = createCommandRegistry({ builtins: false });
      registry.register(
        "add_typed",
        new FunctionCommand("add_typed", "Add", (a) => (a.x as number) + (a.y as number), [
          { name: "x", type: "int" },
          { name: "y", type: "int" },
        ]),
      );
      assert.deepEqual(registry.resolveArgs("add_typed", { x: 1, y: 2 }), { x: 1, y: 2 });
      assert.throws(
        () => registry.resolveArgs("add_typed", { x: 1 }),
        (error) =>
          error instanceof CommandArgumentError &&
          /missing required argument "y"/.test(error.message),
      );
    });

    it("takes the description from the documentation when none is given", () => {
      const command = new FunctionCommand(
        "double",
        "",
        (a) => (a.x as number) * 2,
        [{ name: "x", type: "int" }],
        {
          doc: "This function doubles a number.",
        },
      );
      assert.match(command.description, /This function doubles a number\./);
      const registry = createCommandRegistry({ builtins: false });
      registry.register("double", command);
      assert.equal(registry.list()[0]!.description, "This function doubles a number.");
    });

    it("runs shell commands with their arguments quoted; a non-zero exit is a failure", async () => {
      const registry = createCommandRegistry({ builtins: false });
      registry.register(
        "echo_test",
        new ShellCommand("echo_test", "Echo greeting", "echo 'Hello, ${name}!'", [
          { name: "name", type: "string" },
        ]),
      );
      registry.register("fail_test", new ShellCommand("fail_test", "Fails", "exit 1"));
      assert.equal(
        await registry.invoke("echo_test", { name: "World" }, invocation()),
        "Hello, World!",
      );
      await assert.rejects(registry.invoke("fail_test", {}, invocation()), /exited with code 1/);
      await assert.rejects(
        registry.invoke("echo_test", {}, invocation()),
        /missing required argument "name"/,
      );
    });

    it("a step's timeout stops a shell command that takes too long", async () => {
      const result = await engine.executeWorkflow(
        definition("sleep_test", [
          new CommandStep("sleep_test", "sh", { script: "sleep 2" }, { timeoutMs: 100 }),
        ]),
        context(),
      );
      assert.equal(result.status, WorkflowStatus.FAILED);
      assert.match(result.stepResults[0]!.error!, /timed out/);
    });

    it("registers with registerCommand into the process-wide registry, and again only with { replace: true }", async () => {
      const registry = getCommandRegistry();
      try {
        registerCommand("port_decorated_command", "Test decorated command", [
          { name: "value", type: "string" },
        ])((a) => `Processed: ${a.value as string}`);
        assert.equal(registry.get("port_decorated_command")!.name, "port_decorated_command");
        assert.equal(
          await registry.invoke("port_decorated_command", { value: "test_input" }, invocation()),
          "Processed: test_input",
        );
        assert.throws(
          () => registerCommand("port_decorated_command")(() => "again"),
          /already registered \(pass \{ replace: true \} to replace it\)/,
        );
        registerCommand("port_decorated_command", "", [], { replace: true })(() => "again");
        assert.equal(await registry.invoke("port_decorated_command", {}, invocation()), "again");
      } finally {
        registry.unregister("port_decorated_command");
      }
    });
  });

  describe("complete workflows (tests/e2e/test_complete_workflow.py)", () => {
    it("processes files: each step writes one, records it as an artifact and counts its lines", async () => {
      class FileProcessingStep extends BaseWorkflowStep {
        constructor(
          id: string,
          private readonly filename: string,
          private readonly content: string,
        ) {
          super(id, `Process file: ${filename}`, { reversible: true });
        }
        async execute(ctx: WorkflowContext): Promise<StepResult> {
          const path = join(ctx.workingDirectory, this.filename);
          writeFileSync(path, this.content);
          ctx.setVariable(`${this.id}_lines`, this.content.split("\n").length);
          ctx.addArtifact(this.filename, path);
          return this.success({ output: path, rollbackData: { path } });
        }
      }
      const ctx = context();
      const result = await engine.executeWorkflow(
        definition("file_processing", [
          new FileProcessingStep("process_input", "input.txt", "Line 1\nLine 2\nLine 3"),
          new FileProcessingStep("process_config", "config.txt", "Setting 1\nSetting 2"),
        ]),
        ctx,
      );
      assert.equal(result.status, WorkflowStatus.SUCCESS);
      assert.equal(ctx.artifacts.size, 2);
      assert.ok(existsSync(join(dir(), "input.txt")) && existsSync(join(dir(), "config.txt")));
      assert.equal(ctx.getVariable("process_input_lines"), 3);
      assert.equal(ctx.getVariable("process_config_lines"), 2);
    });

    it("runs command steps whose arguments come from the context (a step id defaults to cmd_<name>)", async () => {
      const registry = createCommandRegistry();
      registerCommand(
        "process_text",
        "Process text content",
        [
          { name: "text", type: "string" },
          { name: "operation", type: "string", default: "upper" },
        ],
        { registry },
      )((a) => {
        const text = a.text as string;
        if (a.operation === "upper") return text.toUpperCase();
        if (a.operation === "reverse") return [...text].reverse().join("");
        throw new Error(`Unknown operation: ${String(a.operation)}`);
      });
      const result = await engine.executeWorkflow(
        definition("command_workflow", [
          new CommandStep(undefined, "process_text", { text: "${text}" }, { registry }),
          new CommandStep(
            "reverse_step",
            "process_text",
            { text: "${steps.cmd_process_text.output}", operation: "reverse" },
            { registry, needs: ["cmd_process_text"] },
          ),
        ]),
        context({ text: "hello world" }),
      );
      assert.equal(result.status, WorkflowStatus.SUCCESS, result.error);
      assert.deepEqual(
        result.stepResults.map((r) => [r.stepId, r.output]),
        [
          ["cmd_process_text", "HELLO WORLD"],
          ["reverse_step", "DLROW OLLEH"],
        ],
      );
    });

    it("fails part-way and undoes the steps that ran: their artifacts are gone, the step after never ran", async () => {
      const fixture = new WorkflowTestFixture();
      try {
        const steps = [
          new TestWorkflowStep("step_1", { artifacts: ["artifact_1.txt"] }),
          new TestWorkflowStep("step_2", { artifacts: ["artifact_2.txt"] }),
          new TestWorkflowStep("step_3", { shouldFail: true }),
          new TestWorkflowStep("step_4", { artifacts: ["artifact_4.txt"] }),
        ];
        const result = await fixture.execute(fixture.createWorkflow(steps, { id: "failure_test" }));
        // Every undo worked, so momoflow says rolled_back (momo-workflow: failed or partially_rolled_back).
        assert.equal(result.status, WorkflowStatus.ROLLED_BACK);
        assert.ok(result.successRate < 1);
        assert.deepEqual(
          steps.map((s) => s.executed),
          [true, true, true, false],
        );
        assert.deepEqual(result.rolledBackSteps, ["step_2", "step_1"]);
        assert.equal(fixture.exists("artifact_1.txt") || fixture.exists("artifact_2.txt"), false);
      } finally {
        fixture.cleanup();
      }
    });

    it("runs twenty steps and measures the run", async () => {
      const {
        definition: workflow,
        context: ctx,
        steps,
        fixture,
      } = createPerformanceTestScenario(20, 10);
      try {
        const result = await engine.executeWorkflow(workflow, ctx);
        assert.equal(result.status, WorkflowStatus.SUCCESS);
        assert.equal(result.stepResults.length, 20);
        // Twenty 10 ms waits, one after the other: the run cannot have taken less.
        assert.ok(result.totalDurationMs >= 200);
        assert.ok(steps.every((s) => s.executed));
      } finally {
        fixture.cleanup();
      }
    });
  });

  describe("the testing module (momo_workflow/testing.py)", () => {
    const testCase = new WorkflowTestCase();

    it("failure scenario without rollback: step_3 fails, the artifacts of the steps before it stay", async () => {
      const {
        definition: workflow,
        context: ctx,
        fixture,
        failingStepId,
      } = createFailureTestScenario(2, 5, false);
      try {
        const result = await engine.executeWorkflow(workflow, ctx);
        testCase.assertWorkflowFailure(result, "step_3");
        assert.equal(failingStepId, "step_3");
        assert.equal(result.status, WorkflowStatus.FAILED);
        assert.deepEqual(
          [1, 2, 3, 4, 5].map((n) => fixture.exists(`artifact_${n}.txt`)),
          [true, true, false, false, false],
        );
      } finally {
        fixture.cleanup();
      }
    });

    it("failure scenario with rollback: each completed step's rollback removes its artifact", async () => {
      const { definition: workflow, context: ctx, fixture } = createFailureTestScenario(3, 5, true);
      try {
        const result = await engine.executeWorkflow(workflow, ctx);
        testCase.assertWorkflowFailure(result, "step_4");
        for (const id of ["step_1", "step_2", "step_3"]) testCase.assertStepRollback(result, id);
        assert.deepEqual(
          [1, 2, 3, 4, 5].map((n) => fixture.exists(`artifact_${n}.txt`)),
          [false, false, false, false, false],
        );
      } finally {
        fixture.cleanup();
      }
    });

    it("performance scenario: success, within bounds, and out of bounds said so", async () => {
      const { definition: workflow, context: ctx, fixture } = createPerformanceTestScenario(5, 20);
      try {
        const result = await engine.executeWorkflow(workflow, ctx);
        testCase.assertWorkflowSuccess(result);
        testCase.assertPerformanceBounds(result, { maxDurationMs: Number.MAX_SAFE_INTEGER });
        // Five 20 ms waits take at least 100 ms: a 1 ms bound must fail.
        assert.throws(() => testCase.assertPerformanceBounds(result, { maxDurationMs: 1 }), /took/);
      } finally {
        fixture.cleanup();
      }
    });

    it("a fixture registers a mock command by its name; the mock takes any arguments and records them", async () => {
      const fixture = new WorkflowTestFixture();
      try {
        const mock = fixture.registerMockCommand(new MockCommand("deploy", { output: "deployed" }));
        assert.equal(mock.name, "deploy");
        assert.equal(mock.description, "Mock command: deploy");
        const result = await fixture.execute(
          fixture.createWorkflow([
            new CommandStep(
              undefined,
              "deploy",
              { target: "${env_name}", replicas: 3 },
              {
                registry: fixture.commandRegistry,
              },
            ),
          ]),
          { context: fixture.createContext({ env_name: "staging" }) },
        );
        testCase.assertWorkflowSuccess(result);
        assert.equal(result.stepResults[0]!.stepId, "cmd_deploy");
        assert.equal(result.stepResults[0]!.output, "deployed");
        assert.deepEqual(
          mock.calls.map((c) => c.args),
          [{ target: "staging", replicas: 3 }],
        );
        assert.throws(
          () => fixture.registerMockCommand(new MockCommand("deploy")),
          /replace: true/,
        );
        fixture.registerMockCommand(new MockCommand("deploy"), { replace: true });
      } finally {
        fixture.cleanup();
      }
    });

    it("a TestWorkflowStep calls its rollback callback with the context and its result", async () => {
      const fixture = new WorkflowTestFixture();
      try {
        const seen: [string | undefined, string][] = [];
        const result = await fixture.execute(
          fixture.createWorkflow([
            new TestWorkflowStep("first", {
              artifacts: ["a.txt"],
              rollbackAction: (ctx, stepResult) => {
                seen.push([ctx.getVariable<string>("who"), stepResult.stepId]);
                // Called before the artifacts go: the step can still look at what it made.
                assert.ok(existsSync(fixture.path("a.txt")));
              },
            }),
            new TestWorkflowStep("second", { shouldFail: true, needs: ["first"] }),
          ]),
          { context: fixture.createContext({ who: "tester" }) },
        );
        assert.equal(result.status, WorkflowStatus.ROLLED_BACK);
        assert.deepEqual(seen, [["tester", "first"]]);
        assert.equal(fixture.exists("a.txt"), false);
      } finally {
        fixture.cleanup();
      }
    });
  });

  describe("results as data", () => {
    let result: WorkflowResult;
    before(async () => {
      const steps = [new SimpleTestStep("ok"), new SimpleTestStep("bad", true)];
      result = await engine.executeWorkflow(definition("as_data", steps), context(), {
        journal: false,
      });
    });

    it("has success on the run and on each step, which JSON leaves out", () => {
      assert.equal(result.success, false);
      assert.deepEqual(
        result.stepResults.map((r) => r.success),
        [false, false],
        "ok was rolled back, bad failed",
      );
      assert.equal(result.stepResults[0]!.status, StepStatus.ROLLED_BACK);
      const json = JSON.parse(JSON.stringify(result));
      assert.equal("success" in json, false);
      assert.equal("stepResults" in json, false);
      assert.deepEqual(
        json.steps.map((s: Record<string, unknown>) => [
          s.id,
          s.status,
          "success" in s,
          "stepId" in s,
        ]),
        [
          ["ok", "rolled_back", false, false],
          ["bad", "failed", false, false],
        ],
      );
      assert.deepEqual(json.workflow, { id: "as_data", name: "as_data", version: "1.0.0" });
    });

    it("a step result's JSON uses result.json's names and leaves the rollback data to the record", () => {
      const json = JSON.parse(JSON.stringify(result.stepResults[1]));
      assert.deepEqual(Object.keys(json).sort(), ["attempts", "error", "id", "metrics", "status"]);
      assert.equal(json.error, "Test failure: bad");
      assert.deepEqual({ ...result.stepResults[0] }.rollbackData, { test_data: "rollback_info" });
    });

    it("reads back what the run wrote: result.json holds the same names", async () => {
      const written = await engine.executeWorkflow(
        definition("written", [new SimpleTestStep("one")]),
        context(),
      );
      const file = JSON.parse(readFileSync(join(written.runDir!, "result.json"), "utf8"));
      const json = written.toJSON();
      assert.deepEqual(
        Object.keys(json)
          .filter((k) => k !== "runDir")
          .sort(),
        Object.keys(file).sort(),
      );
      assert.deepEqual(Object.keys(json.steps[0]!).sort(), Object.keys(file.steps[0]).sort());
    });
  });
});
