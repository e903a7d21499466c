import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { useTempDir } from "../support/temp-dir";
import { CommandStep } from "../../src/commands/command-step";
import { FunctionCommand } from "../../src/commands/function-command";
import { createCommandRegistry } from "../../src/commands/registry";
import { WorkflowContext } from "../../src/runtime/context";
import { WorkflowDefinition } from "../../src/runtime/definition";
import { WorkflowEngine } from "../../src/runtime/engine";
import type { WorkflowStep } from "../../src/runtime/step";

describe("CommandStep arguments that refer to the run", () => {
  const dir = useTempDir("momoflow-step-refs-");
  const registry = createCommandRegistry();
  const calls: Record<string, unknown>[] = [];
  registry.register(
    "echo_args",
    new FunctionCommand(
      "echo_args",
      "Returns its arguments",
      (args) => {
        calls.push(args);
        return args;
      },
      [
        { name: "text", type: "string", default: "" },
        { name: "count", type: "int", default: 0 },
        { name: "items", type: "list", default: [] },
      ],
    ),
  );
  registry.register(
    "produce",
    new FunctionCommand("produce", "Returns a map", () => ({ name: "report", size: 3 })),
  );
  beforeEach(() => (calls.length = 0));

  const run = (steps: WorkflowStep[], variables: Record<string, unknown> = {}) =>
    new WorkflowEngine().executeWorkflow(
      new WorkflowDefinition({ id: "refs", steps }),
      new WorkflowContext({ workingDirectory: dir(), variables }),
    );

  it("gives a whole reference its value as it is, and text around references a string", async () => {
    const result = await run(
      [
        new CommandStep(undefined, "produce", {}, { registry }),
        new CommandStep(
          "use",
          "echo_args",
          {
            count: "${n}",
            items: "${names}",
            text: "${greeting}, ${steps.cmd_produce.output.name} (${steps.cmd_produce.output.size})",
          },
          { registry, needs: ["cmd_produce"] },
        ),
      ],
      { n: 4, names: ["a", "b"], greeting: "Hello" },
    );
    assert.equal(result.status, "success", result.error);
    assert.deepEqual(result.stepResults[1]!.output, {
      count: 4,
      items: ["a", "b"],
      text: "Hello, report (3)",
    });
  });

  // They were passed on as written: write_json's value held "${version}", not the version.
  it("resolves the strings inside a list or map argument too, leaving the step's own arguments as written", async () => {
    const items = [
      "${n}",
      { name: "${steps.cmd_produce.output.name}", note: "v${n}", raw: "\\${n}" },
    ];
    const result = await run(
      [
        new CommandStep(undefined, "produce", {}, { registry }),
        new CommandStep("use", "echo_args", { items }, { registry, needs: ["cmd_produce"] }),
      ],
      { n: 4 },
    );
    assert.equal(result.status, "success", result.error);
    assert.deepEqual((result.stepResults[1]!.output as { items: unknown }).items, [
      4,
      { name: "report", note: "v4", raw: "${n}" },
    ]);
    assert.deepEqual(items[0], "${n}", "the step's own arguments are not changed");
    const missing = await run([
      new CommandStep("greet", "echo_args", { items: [{ who: "${who}" }] }, { registry }),
    ]);
    assert.match(
      missing.stepResults[0]!.error!,
      /step "greet": argument "items\[0\]\.who" refers to "\$\{who\}", which is not a variable of the run/,
    );
    assert.deepEqual(
      new WorkflowDefinition({
        id: "typo",
        steps: [
          new CommandStep("r", "echo_args", { items: ["${steps.gone.output}"] }, { registry }),
        ],
      })
        .validate()
        .map((p) => p.code),
      ["unknown_reference"],
    );
  });

  it("names a step cmd_<command> when it is given no id", () => {
    assert.equal(new CommandStep(undefined, "produce", {}, { registry }).id, "cmd_produce");
  });

  it("fails the step before it runs when a reference has no value, naming the step and the reference", async () => {
    const result = await run(
      [new CommandStep("greet", "echo_args", { text: "Hi ${who}" }, { registry })],
      { known: 1 },
    );
    assert.equal(result.status, "failed");
    assert.equal(calls.length, 0, "the command never ran");
    assert.match(
      result.stepResults[0]!.error!,
      /step "greet": argument "text" refers to "\$\{who\}", which is not a variable of the run \(its variables: known;/,
    );
    const early = await run([
      new CommandStep("late", "echo_args", { text: "${steps.later.output}" }, { registry }),
      new CommandStep("later", "produce", {}, { registry }),
    ]);
    assert.match(
      early.stepResults[0]!.error!,
      /step "late": argument "text" refers to "\$\{steps.later.output\}", but step "later" has no output in this run/,
    );
  });

  it("is refused by validate() when it reads the output of a step the workflow does not have", async () => {
    const steps = [
      new CommandStep("first", "produce", {}, { registry }),
      new CommandStep(
        "reads",
        "echo_args",
        { text: "${steps.frist.output.name} ${steps.first.output.name}" },
        { registry, rollback: { command: "echo_args", args: { text: "${steps.gone.output}" } } },
      ),
    ];
    const definition = new WorkflowDefinition({ id: "typo", steps });
    assert.deepEqual(
      definition.validate().map((p) => [p.code, p.stepId, p.message]),
      ["frist", "gone"].map((id) => [
        "unknown_reference",
        "reads",
        `step "reads" reads the output of "${id}" (\${steps.${id}.output}), which is not a step of "typo"`,
      ]),
    );
    await assert.rejects(run(steps), /not valid:\n {2}- step "reads" reads the output of "frist"/);
    assert.equal(calls.length, 0, "nothing ran");
  });

  it("refuses a malformed reference when the step is made", () => {
    assert.throws(
      () => new CommandStep("bad", "echo_args", { text: "${1 + 1}" }, { registry }),
      /step "bad": argument "text": "\$\{1 \+ 1\}" is not a reference/,
    );
  });

  it("checks the other arguments when the step is made, references standing in for their type", () => {
    assert.throws(
      () => new CommandStep("bad", "echo_args", { count: "${n}", text: 5 }, { registry }),
      /step "bad": command "echo_args": argument "text" must be a string/,
    );
    assert.throws(
      () => new CommandStep("bad", "echo_args", { nope: "${n}" }, { registry }),
      /unknown argument "nope"/,
    );
  });

  it("shell-quotes a value that lands in sh's script, so it cannot inject commands", async () => {
    const evil = "x; touch pwned $(touch p2)";
    const result = await run(
      [
        new CommandStep(
          "say",
          "sh",
          { script: 'printf "%s|%s" ${text} "${text}" > said.txt; printf %s \\${HOME}' },
          { registry },
        ),
      ],
      { text: evil },
    );
    assert.equal(result.status, "success", result.error);
    assert.equal(readFileSync(join(dir(), "said.txt"), "utf8"), `${evil}|${evil}`);
    assert.equal(existsSync(join(dir(), "pwned")), false);
    assert.equal(existsSync(join(dir(), "p2")), false);
    // `\${HOME}` is the shell's own variable, left to the shell.
    assert.equal(result.stepResults[0]!.output, process.env.HOME);
  });

  it("undoes with the values the step ran with: the automatic undo and a rollback's references", async () => {
    const result = await run(
      [
        new CommandStep("write", "create_file", { path: "${file}", content: "v" }, { registry }),
        new CommandStep(
          "copy",
          "create_file",
          { path: "copy.txt", content: "c" },
          {
            registry,
            needs: ["write"],
            rollback: { command: "delete_path", args: { path: "${steps.copy.output}" } },
          },
        ),
        new CommandStep("boom", "fail", { message: "stop" }, { registry, needs: ["copy"] }),
      ],
      { file: "out.txt" },
    );
    assert.equal(result.status, "rolled_back", result.error);
    assert.deepEqual(result.rolledBackSteps, ["copy", "write"]);
    assert.equal(existsSync(join(dir(), "out.txt")), false);
    assert.equal(existsSync(join(dir(), "copy.txt")), false);
  });
});
