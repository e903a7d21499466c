import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { useTempDir } from "../support/temp-dir";
import { createCommandRegistry } from "../../src/commands/registry";
import { ShellError } from "../../src/commands/shell-process";
import { recordingExecution } from "./execution-fixture";

const registry = createCommandRegistry();

describe("sh, sleep, log and fail", () => {
  const dir = useTempDir("momoflow-misc-");
  const execution = () => recordingExecution({ workingDirectory: dir() });

  it("sh runs a script in the working directory; stdout is the output", async () => {
    const run = execution();
    assert.equal(await registry.invoke("sh", { script: "echo hi; pwd" }, run), `hi\n${dir()}`);
    if (process.platform === "linux") assert.equal(run.childMetrics.length, 1);
  });

  it("sh fails with the exit code and reports metrics all the same", async () => {
    const run = execution();
    const error = await registry
      .invoke("sh", { script: "echo nope >&2; exit 2" }, run)
      .catch((e: unknown) => e);
    assert.ok(error instanceof ShellError);
    assert.match(error.message, /exited with code 2: nope$/);
    if (process.platform === "linux") assert.equal(run.childMetrics.length, 1);
  });

  it("sh stops when the invocation is aborted", async () => {
    const run = execution();
    const started = performance.now();
    setTimeout(() => run.controller.abort(new Error("step timed out")), 50);
    await assert.rejects(
      registry.invoke("sh", { script: "sleep 30" }, run),
      /was stopped: step timed out/,
    );
    // The sleep lasts 30 s; a loaded machine's delays stay far below this.
    assert.ok(performance.now() - started < 10_000);
  });

  it("sleep waits for a duration given as text or milliseconds", async () => {
    for (const duration of ["60ms", 60]) {
      const started = performance.now();
      assert.equal(await registry.invoke("sleep", { duration }, execution()), undefined);
      assert.ok(performance.now() - started >= 55, `${duration}`);
    }
  });

  it("sleep ends at once when aborted", async () => {
    const run = execution();
    const started = performance.now();
    setTimeout(() => run.controller.abort(new Error("cancelled")), 20);
    await assert.rejects(registry.invoke("sleep", { duration: "1h" }, run), {
      message: "sleep was stopped: cancelled",
    });
    // The sleep lasts an hour; a loaded machine's delays stay far below this.
    assert.ok(performance.now() - started < 10_000);
  });

  it("log writes to the run log; its output is the message", async () => {
    const run = execution();
    assert.equal(await registry.invoke("log", { message: "hello" }, run), "hello");
    assert.deepEqual(run.logs, [{ level: "info", message: "hello" }]);
  });

  it("fail always fails with its message", async () => {
    await assert.rejects(registry.invoke("fail", { message: "on purpose" }, execution()), {
      message: "on purpose",
    });
  });

  it("none of them has an automatic undo", () => {
    for (const name of ["sh", "sleep", "log", "fail"]) {
      assert.equal(registry.signature(name)!.reversible, false, name);
    }
  });
});
