import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { useTempDir } from "../support/temp-dir";
import { CommandStep } from "../../src/commands/command-step";
import { createCommandRegistry } from "../../src/commands/registry";
import { undoFromRecipe } from "../../src/commands/undo-recipe";
import { WorkflowContext } from "../../src/runtime/context";
import { StepStatus } from "../../src/runtime/status";
import type { UndoRecipe } from "../../src/runtime/step";
import { crashAfterRemember, recordingExecution } from "./execution-fixture";
import { treeSnapshot } from "./tree-snapshot";

/** What the run record would hold: plain JSON. */
function throughJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe("CommandStep", () => {
  const dir = useTempDir("momoflow-step-");
  const registry = createCommandRegistry();
  const context = () => new WorkflowContext({ workingDirectory: dir() });
  const execution = () => recordingExecution({ workingDirectory: dir() });

  it("runs its command; the output and the remembered data go into the result", async () => {
    const step = new CommandStep(
      "write",
      "create_file",
      { path: "a.txt", content: "hi" },
      { registry },
    );
    const run = execution();
    const result = await step.execute(context(), run);
    assert.equal(result.status, StepStatus.SUCCESS);
    assert.equal(result.stepId, "write");
    assert.equal(result.output, join(dir(), "a.txt"));
    assert.equal((result.rollbackData as { path: string }).path, join(dir(), "a.txt"));
    assert.deepEqual(run.remembered, [result.rollbackData], "remembered through the execution");
    assert.equal(readFileSync(join(dir(), "a.txt"), "utf8"), "hi");
  });

  it("turns a failure into a failed result instead of throwing", async () => {
    const failing = new CommandStep("f", "fail", { message: "nope" }, { registry });
    const result = await failing.execute(context(), execution());
    assert.equal(result.status, StepStatus.FAILED);
    assert.equal(result.error, "nope");
    const shell = new CommandStep("s", "sh", { script: "exit 5" }, { registry });
    const shellResult = await shell.execute(context(), execution());
    assert.equal(shellResult.status, StepStatus.FAILED);
    assert.match(shellResult.error!, /exited with code 5/);
  });

  it("passes the execution's signal, env and working directory to the command", async () => {
    const step = new CommandStep(
      "s",
      "sh",
      { script: 'printf "%s %s" "$PWD" "$WHO"' },
      { registry },
    );
    const run = recordingExecution({
      workingDirectory: dir(),
      env: { PATH: process.env.PATH, WHO: "me" },
    });
    assert.equal((await step.execute(context(), run)).output, `${dir()} me`);
    const slow = new CommandStep("z", "sleep", { duration: "1h" }, { registry });
    const stopped = execution();
    stopped.controller.abort(new Error("timed out after 10 ms"));
    const result = await slow.execute(context(), stopped);
    assert.equal(result.status, StepStatus.FAILED);
    assert.match(result.error!, /timed out after 10 ms/);
  });

  it("is reversible through the command's automatic undo", async () => {
    writeFileSync(join(dir(), "a.txt"), "before");
    const step = new CommandStep(
      "write",
      "create_file",
      { path: "a.txt", content: "after" },
      { registry },
    );
    assert.equal(step.reversible, true);
    assert.deepEqual(step.undoRecipe(), {
      kind: "undo",
      command: "create_file",
      args: { path: "a.txt", content: "after" },
    });
    const result = await step.execute(context(), execution());
    assert.equal(readFileSync(join(dir(), "a.txt"), "utf8"), "after");
    await step.rollback(context(), result, execution());
    assert.equal(readFileSync(join(dir(), "a.txt"), "utf8"), "before");
  });

  it("is reversible through an explicit rollback, which replaces the automatic undo", async () => {
    const step = new CommandStep(
      "build",
      "sh",
      { script: "mkdir -p out && echo built > out/app" },
      {
        registry,
        description: "Build the app",
        rollback: { command: "delete_path", args: { path: "out" } },
      },
    );
    assert.equal(step.reversible, true);
    assert.equal(step.description, "Build the app");
    assert.deepEqual(step.undoRecipe(), {
      kind: "run",
      command: "delete_path",
      args: { path: "out" },
    });
    const result = await step.execute(context(), execution());
    assert.equal(result.status, StepStatus.SUCCESS);
    assert.ok(existsSync(join(dir(), "out/app")));
    await step.rollback(context(), result, execution());
    assert.equal(existsSync(join(dir(), "out")), false);
  });

  it("is irreversible without either, or when told so", async () => {
    const shell = new CommandStep("s", "sh", { script: "true" }, { registry });
    assert.equal(shell.reversible, false);
    assert.equal(shell.undoRecipe(), undefined);
    await shell.rollback(context(), await shell.execute(context(), execution()), execution());
    const forced = new CommandStep(
      "w",
      "create_file",
      { path: "a" },
      { registry, reversible: false },
    );
    assert.equal(forced.reversible, false);
    assert.equal(forced.undoRecipe(), undefined);
  });

  it("is effect-free when its command changes nothing and it has no rollback", () => {
    for (const [command, args] of [
      ["sleep", { duration: 1 }],
      ["log", { message: "hi" }],
      ["fail", { message: "no" }],
    ] as const) {
      const step = new CommandStep(command, command, args, { registry });
      assert.equal(step.effectFree, true, command);
      assert.equal(step.reversible, false, command);
    }
    const shell = new CommandStep("s", "sh", { script: "true" }, { registry });
    assert.equal(shell.effectFree, undefined, "a shell command may change anything");
    const file = new CommandStep("w", "create_file", { path: "a" }, { registry });
    assert.equal(file.effectFree, undefined, "reversible, not effect-free");
    const undone = new CommandStep(
      "l",
      "log",
      { message: "hi" },
      { registry, rollback: { command: "log", args: { message: "undo" } } },
    );
    assert.equal(
      undone.effectFree,
      undefined,
      "an explicit rollback says there is something to undo",
    );
    assert.equal(undone.reversible, true);
    const told = new CommandStep("t", "sh", { script: "true" }, { registry, effectFree: true });
    assert.equal(told.effectFree, true, "the option is kept");
  });

  it("keeps the scheduling options", () => {
    const step = new CommandStep(
      "s",
      "log",
      { message: "m" },
      {
        registry,
        needs: ["a"],
        timeoutMs: 100,
        retries: 2,
        retryDelayMs: 5,
        continueOnError: true,
      },
    );
    assert.deepEqual(
      [step.needs, step.timeoutMs, step.retries, step.retryDelayMs, step.continueOnError],
      [["a"], 100, 2, 5, true],
    );
  });

  it("refuses an unknown command, bad arguments, and reversible without an undo", () => {
    assert.throws(() => new CommandStep("s", "nope", {}, { registry }), {
      message: 'step "s": run calls unknown command "nope"',
    });
    assert.throws(() => new CommandStep("s", "create_file", { pth: "a" }, { registry }), {
      message: /^step "s": command "create_file": unknown argument "pth"/,
    });
    assert.throws(
      () =>
        new CommandStep(
          "s",
          "sh",
          { script: "true" },
          { registry, rollback: { command: "rm", args: {} } },
        ),
      { message: 'step "s": rollback calls unknown command "rm"' },
    );
    assert.throws(
      () => new CommandStep("s", "sh", { script: "true" }, { registry, reversible: true }),
      {
        message: /is marked reversible, but command "sh" has no automatic undo/,
      },
    );
  });

  it("uses the process-wide registry by default", () => {
    assert.equal(new CommandStep("s", "create_directory", { path: "x" }).reversible, true);
  });

  describe("undoFromRecipe", () => {
    it("undoes from the record alone: recipe and rollback data as JSON, a fresh registry", async () => {
      writeFileSync(join(dir(), "config.json"), '{"v":1}');
      const before = treeSnapshot(dir());
      const steps = [
        new CommandStep(
          "cfg",
          "write_json",
          { path: "config.json", value: { v: 2 } },
          { registry },
        ),
        new CommandStep("dir", "create_directory", { path: "build/out" }, { registry }),
        new CommandStep("rm", "delete_path", { path: "config.json" }, { registry }),
      ];
      const record: { recipe: UndoRecipe; rollbackData: unknown }[] = [];
      for (const step of steps) {
        const result = await step.execute(context(), execution());
        assert.equal(result.status, StepStatus.SUCCESS, result.error);
        record.push(throughJson({ recipe: step.undoRecipe()!, rollbackData: result.rollbackData }));
      }
      assert.equal(existsSync(join(dir(), "config.json")), false);
      // Later, in another process: only the record and a registry with the built-ins.
      const later = createCommandRegistry();
      for (const { recipe, rollbackData } of record.reverse()) {
        await undoFromRecipe(later, recipe, rollbackData, execution());
      }
      assert.deepEqual(treeSnapshot(dir()), before);
    });

    it("runs an explicit rollback recipe", async () => {
      writeFileSync(join(dir(), "made.txt"), "x");
      const recipe: UndoRecipe = {
        kind: "run",
        command: "delete_path",
        args: { path: "made.txt" },
      };
      await undoFromRecipe(registry, throughJson(recipe), undefined, execution());
      assert.equal(existsSync(join(dir(), "made.txt")), false);
    });

    it("undoes a step killed right after it remembered", async () => {
      writeFileSync(join(dir(), "a.txt"), "original");
      const step = new CommandStep(
        "w",
        "create_file",
        { path: "a.txt", content: "new" },
        { registry },
      );
      const killed = recordingExecution({
        workingDirectory: dir(),
        onRemember: crashAfterRemember,
      });
      const result = await step.execute(context(), killed);
      assert.equal(result.status, StepStatus.FAILED);
      await undoFromRecipe(registry, step.undoRecipe()!, killed.lastRemembered, execution());
      assert.equal(readFileSync(join(dir(), "a.txt"), "utf8"), "original");
    });

    it("does nothing for a built-in that remembered nothing (killed before it began)", async () => {
      writeFileSync(join(dir(), "a.txt"), "original");
      const recipe: UndoRecipe = { kind: "undo", command: "create_file", args: { path: "a.txt" } };
      await undoFromRecipe(registry, recipe, undefined, execution());
      assert.equal(readFileSync(join(dir(), "a.txt"), "utf8"), "original");
    });

    it("refuses an unknown command or kind", async () => {
      await assert.rejects(
        undoFromRecipe(registry, { kind: "undo", command: "gone", args: {} }, {}, execution()),
        /unknown command "gone"/,
      );
      await assert.rejects(
        undoFromRecipe(
          registry,
          { kind: "redo" as "run", command: "sh", args: {} },
          {},
          execution(),
        ),
        /unknown undo recipe kind "redo"/,
      );
    });
  });
});
