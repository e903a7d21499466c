import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import type { CommandArgs, CommandInvocation } from "../../src/commands/command";
import { FunctionCommand } from "../../src/commands/function-command";
import { registerCommand } from "../../src/commands/register-command";
import { createCommandRegistry, getCommandRegistry } from "../../src/commands/registry";
import { recordingExecution } from "./execution-fixture";

describe("FunctionCommand", () => {
  const execution = () => recordingExecution({ workingDirectory: tmpdir() });

  it("runs the function with checked arguments; its awaited return value is the output", async () => {
    const registry = createCommandRegistry({ builtins: false });
    registry.register(
      "greet",
      new FunctionCommand(
        "greet",
        "Greets",
        async (args) => `Hello ${String(args.name)}${args.excited ? "!" : ""}`,
        [
          { name: "name", type: "string" },
          { name: "excited", type: "bool", default: false },
        ],
      ),
    );
    assert.equal(await registry.invoke("greet", { name: "Ada" }, execution()), "Hello Ada");
    assert.equal(registry.signature("greet")!.reversible, false);
  });

  it("has an automatic undo when given a rollback function", async () => {
    const registry = createCommandRegistry({ builtins: false });
    const undone: unknown[] = [];
    const command = new FunctionCommand(
      "count",
      "Counts",
      (_args, invocation) => invocation.remember({ n: 1 }),
      [],
      { rollback: (_args, data) => void undone.push(data), undoDescription: "uncounting" },
    );
    registry.register("count", command);
    const run = execution();
    await registry.invoke("count", {}, run);
    await registry.undo("count", {}, run.lastRemembered, run);
    assert.deepEqual(undone, [{ n: 1 }]);
    assert.equal(registry.signature("count")!.reversible, true);
    assert.equal(registry.signature("count")!.undoDescription, "uncounting");
    assert.equal("rollback" in new FunctionCommand("x", "", () => 1), false);
  });

  it("turns a throw into a rejection", async () => {
    const registry = createCommandRegistry({ builtins: false });
    registry.register(
      "boom",
      new FunctionCommand("boom", "", () => {
        throw new Error("boom");
      }),
    );
    await assert.rejects(registry.invoke("boom", {}, execution()), { message: "boom" });
  });
});

describe("registerCommand", () => {
  const execution = () => recordingExecution({ workingDirectory: tmpdir() });

  it("registers a plain function and returns it", async () => {
    const registry = createCommandRegistry({ builtins: false });
    const double = (args: CommandArgs) => (args.n as number) * 2;
    const returned = registerCommand("double", "Doubles", [{ name: "n", type: "number" }], {
      registry,
      doc: "Twice `n`.",
    })(double);
    assert.equal(returned, double);
    assert.equal(await registry.invoke("double", { n: 21 }, execution()), 42);
    assert.deepEqual(registry.signature("double"), {
      name: "double",
      description: "Doubles",
      doc: "Twice `n`.",
      params: [{ name: "n", type: "number" }],
      reversible: false,
      builtin: false,
    });
    assert.throws(() => registerCommand("double", "again", [], { registry })(double), {
      message: 'command "double" is already registered (pass { replace: true } to replace it)',
    });
  });

  it("registers a name again with { replace: true }: the new function runs", async () => {
    const registry = createCommandRegistry({ builtins: false });
    registerCommand("twice", "Doubles", [{ name: "n", type: "number" }], { registry })(
      (args) => (args.n as number) * 2,
    );
    registerCommand("twice", "Doubles, again", [{ name: "n", type: "number" }], {
      registry,
      replace: true,
    })((args) => (args.n as number) * 2 + 1);
    assert.equal(await registry.invoke("twice", { n: 1 }, execution()), 3);
    assert.equal(registry.signature("twice")!.description, "Doubles, again");
  });

  it("takes the description from the documentation when none is given, and the listing shows it", () => {
    const registry = createCommandRegistry({ builtins: false });
    registerCommand("halve", "", [{ name: "n", type: "number" }], {
      registry,
      doc: "Halves a number.\nRounds nothing.\n\nThe result may be fractional.",
    })((args) => (args.n as number) / 2);
    const command = new FunctionCommand("triple", "", (args) => (args.n as number) * 3, [], {
      doc: "  Triples a number.  ",
    });
    assert.equal(command.description, "Triples a number.");
    registry.register("triple", command);
    registry.register("bare", { doc: "Only documented.", run: () => 1 });
    assert.deepEqual(
      registry.list().map((c) => [c.name, c.description]),
      [
        ["bare", "Only documented."],
        ["halve", "Halves a number. Rounds nothing."],
        ["triple", "Triples a number."],
      ],
    );
    assert.equal(
      registry.signature("halve")!.doc,
      "Halves a number.\nRounds nothing.\n\nThe result may be fractional.",
    );
  });

  it("registers in the process-wide registry by default", async () => {
    const registry = getCommandRegistry();
    try {
      registerCommand("momoflow_test_global", "A test command")(() => "global");
      assert.equal(await registry.invoke("momoflow_test_global", {}, execution()), "global");
    } finally {
      registry.unregister("momoflow_test_global");
    }
  });

  it("works as a decorator on a static method", async () => {
    const registry = createCommandRegistry({ builtins: false });
    class Deploy {
      @registerCommand("deploy", "Deploy", [{ name: "target", type: "string" }], { registry })
      static deploy(args: CommandArgs, invocation: CommandInvocation): string {
        return `deployed ${String(args.target)} from ${invocation.workingDirectory}`;
      }
    }
    assert.equal(Deploy.deploy({ target: "x" }, execution()), `deployed x from ${tmpdir()}`);
    assert.equal(
      await registry.invoke("deploy", { target: "prod" }, execution()),
      `deployed prod from ${tmpdir()}`,
    );
  });

  it("works as a legacy decorator (target, key, descriptor)", async () => {
    const registry = createCommandRegistry({ builtins: false });
    const descriptor: PropertyDescriptor = { value: () => "legacy" };
    registerCommand("legacy", "Legacy", [], { registry })({}, "legacy", descriptor);
    assert.equal(await registry.invoke("legacy", {}, execution()), "legacy");
  });
});
