import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { said } from "../support/cli-said";
import { latestRunDir, runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import { writeWorkflow } from "../support/workflow-files";

/** `mk` makes a folder and prints its name, then works on (the test kills the run then); its rollback removes what it printed. */
const WORKFLOW = `workflow own_output {
  step mk {
    run: "mkdir -p built && echo built && sleep 30"
    rollback: "rm -rf \${steps.mk.output}"
  }
}
`;

/**
 * A step killed before it ended never had its output recorded, so an undo
 * reading it cannot run. Nothing may be guessed — the log holds what the step
 * printed before the kill, which may be only part of its output (`rm -rf`
 * of a half-printed path) — but the rollback must say exactly what to do:
 * where the step's log is, and the undo to run by hand, where. So must the
 * live run whose own rollback meets it (stopped by Ctrl+C, SIGTERM): in the
 * same words.
 */
describe("a step killed mid-run whose undo reads its own output (real signals)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-killed-own-output-");

  /** Starts the run, and sends it `signal` once mk printed its folder's name (before mk ends). */
  async function stoppedOnceMkPrinted(
    signal: NodeJS.Signals,
  ): Promise<{ workdir: string; done: ReturnType<typeof startCli>["done"] }> {
    const { file, workdir } = writeWorkflow(tmp(), "own", WORKFLOW);
    const { child, done } = startCli(["run", file, "--workdir", workdir], workdir);
    try {
      await waitFor(() => {
        // Not named yet while the run writes its first line: `latest` comes after the folder.
        const dir = latestRunDir(workdir);
        const log = dir && join(dir, "logs", "mk.log");
        return !!log && existsSync(log) && readFileSync(log, "utf8").includes("built");
      }, "mk to print its folder's name");
    } finally {
      child.kill(signal);
    }
    return { workdir, done };
  }

  it("momoflow rollback names the step's log, its rollback as written and the folder to run it in", async () => {
    const { workdir, done } = await stoppedOnceMkPrinted("SIGKILL");
    await done;
    const runDir = runDirOf(workdir);

    const out = await runCli(["rollback", runDir], workdir);
    assert.equal(out.code, 1, said(out));
    const text = out.stdout + out.stderr;
    assert.match(
      text,
      /its rollback reads its own output \(steps\.mk\.output\), which was never recorded/,
    );
    assert.ok(text.includes(join(runDir, "logs", "mk.log")), `names the log:\n${text}`);
    assert.ok(
      text.includes("rm -rf ${steps.mk.output}"),
      `names the rollback as written:\n${text}`,
    );
    assert.ok(text.includes(`in ${workdir}`), `names the folder to run it in:\n${text}`);
    assert.ok(existsSync(join(workdir, "built")), "nothing was guessed");

    const result = JSON.parse(readFileSync(join(runDir, "result.json"), "utf8"));
    assert.equal(result.steps[0].status, "rollback_failed");
    assert.ok(
      result.steps[0].error.includes(join(runDir, "logs", "mk.log")),
      result.steps[0].error,
    );
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const)
    it(`the live run stopped by ${signal} says the same as momoflow rollback: the log, the rollback as written, the folder`, async () => {
      const { workdir, done } = await stoppedOnceMkPrinted(signal);
      const live = await done;
      assert.equal(live.code, 130, said(live));
      const runDir = runDirOf(workdir);
      assert.ok(existsSync(join(workdir, "built")), "nothing was guessed");
      const result = JSON.parse(readFileSync(join(runDir, "result.json"), "utf8"));
      assert.equal(result.steps[0].status, "rollback_failed");
      const error = result.steps[0].error as string;
      assert.ok(error.includes(join(runDir, "logs", "mk.log")), `names the log:\n${error}`);
      assert.ok(error.includes("rm -rf ${steps.mk.output}"), `names the rollback:\n${error}`);
      assert.ok(error.includes(`in ${workdir}`), `names the folder:\n${error}`);
      const undoError = error
        .replace(/^rollback failed: /, "")
        .replace(/ \(the step had failed: .*\)$/s, "");
      assert.ok(live.stdout.includes(undoError), `the live run says it:\n${said(live)}`);

      // One wording: the rollback from the record says the very same of the undo.
      const out = await runCli(["rollback", runDir], workdir);
      assert.equal(out.code, 1, said(out));
      assert.ok(
        out.stdout.includes(`could not undo mk: ${undoError}\n`),
        `${undoError}\n${said(out)}`,
      );
    });
});
