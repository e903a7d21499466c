import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { journalText, runCli, startCli, waitFor } from "../support/cli-process";
import { runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";

interface JournalLine {
  type: string;
  step?: string;
  undo?: { kind: string; command: string; args: Record<string, unknown> };
  status?: string;
  error?: string;
}

/** A `rollback` that reads its own step's output (the real CLI). */
describe("momoflow: a rollback reading its own step's output", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-own-output-");

  /** Step `make` creates a file and prints its name; its rollback deletes the file it names. */
  function writeWorkflow(then: "fail" | "ok" | "hang" | "break"): string {
    const make =
      then === "hang"
        ? `touch made.txt && sleep 30 && echo made.txt`
        : then === "break"
          ? `touch made.txt && exit 2`
          : `touch made.txt && echo made.txt`;
    const last = then === "fail" ? `"exit 4"` : `"echo done"`;
    const path = join(tmp(), "own.momoflow");
    writeFileSync(
      path,
      `workflow own_output {
  step make {
    run: "${make}"
    rollback: delete_path(path: steps.make.output)
  }
  step last {
    needs: [make]
    run: ${last}
  }
}
`,
    );
    return path;
  }

  const journal = (): JournalLine[] =>
    journalText(tmp())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as JournalLine);

  it("the live run undoes the step with its output; the record holds the resolved undo", async () => {
    const file = writeWorkflow("fail");
    const out = await runCli(["run", file, "--json"], tmp());
    assert.equal(out.code, 1, out.stderr);
    const result = JSON.parse(out.stdout);
    assert.equal(result.status, "rolled_back", out.stderr);
    assert.deepEqual(result.rolledBackSteps, ["make"]);
    assert.equal(existsSync(join(tmp(), "made.txt")), false, "the rollback deleted the file");
    const events = journal();
    const started = events.find((e) => e.type === "step_started" && e.step === "make");
    assert.deepEqual(started?.undo, { kind: "after_output", command: "delete_path", args: {} });
    const finished = events.find((e) => e.type === "step_finished" && e.step === "make");
    assert.deepEqual(finished?.undo, {
      kind: "run",
      command: "delete_path",
      args: { path: "made.txt" },
    });
  });

  it("in the live run, a step that failed without an output ends rollback_failed, saying why", async () => {
    const file = writeWorkflow("break");
    const out = await runCli(["run", file, "--json"], tmp());
    assert.equal(out.code, 1, out.stderr);
    const result = JSON.parse(out.stdout);
    assert.equal(result.status, "partially_rolled_back");
    assert.equal(result.steps[0].status, "rollback_failed");
    assert.match(
      result.steps[0].error,
      /its rollback reads its own output \(steps\.make\.output\), which was never recorded/,
    );
    assert.equal(existsSync(join(tmp(), "made.txt")), true, "nothing was guessed");
  });

  it("momoflow rollback undoes it from the record alone", async () => {
    const file = writeWorkflow("ok");
    const run = await runCli(["run", file], tmp());
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(existsSync(join(tmp(), "made.txt")), true);
    // The workflow file is gone: only the record can say what to delete.
    rmSync(file);
    const out = await runCli(["rollback", runDir()], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.equal(existsSync(join(tmp(), "made.txt")), false, "the rollback deleted the file");
    const undone = journal().find((e) => e.type === "step_rolled_back" && e.step === "make");
    assert.equal(undone?.status, "rolled_back");
  });

  it("momoflow rollback runs a js() rollback with the output the run recorded", async () => {
    writeFileSync(
      join(tmp(), "undo.mjs"),
      `import { rmSync } from "node:fs";
import { join } from "node:path";
export function undo(args, context) {
  rmSync(join(context.workingDirectory, args.path));
}
`,
    );
    const file = join(tmp(), "js.momoflow");
    writeFileSync(
      file,
      `workflow js_undo {
  step make {
    run: "touch made-by-js.txt && echo made-by-js.txt"
    rollback: js("./undo.mjs", "undo", path: steps.make.output)
  }
}
`,
    );
    const run = await runCli(["run", file], tmp());
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(existsSync(join(tmp(), "made-by-js.txt")), true);
    const out = await runCli(["rollback", file], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.equal(existsSync(join(tmp(), "made-by-js.txt")), false, "the js rollback ran");
  });

  it("a step killed before its output was recorded ends rollback_failed, saying why", async () => {
    const file = writeWorkflow("hang");
    const { child, done } = startCli(["run", file], tmp());
    await waitFor(() => existsSync(join(tmp(), "made.txt")), "the step to start its work");
    child.kill("SIGKILL");
    await done;
    const out = await runCli(["rollback", runDir()], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(
      out.stdout + out.stderr,
      /its rollback reads its own output \(steps\.make\.output\), which was never recorded/,
    );
    const undone = journal().find((e) => e.type === "step_rolled_back" && e.step === "make");
    assert.equal(undone?.status, "rollback_failed");
    assert.match(undone?.error ?? "", /never recorded/);
    const result = JSON.parse(readFileSync(join(runDir(), "result.json"), "utf8"));
    assert.equal(result.status, "partially_rolled_back");
    assert.equal(result.steps[0].status, "rollback_failed");
    assert.equal(existsSync(join(tmp(), "made.txt")), true, "nothing was guessed");
  });

  function runDir(): string {
    return runDirOf(tmp());
  }
});
