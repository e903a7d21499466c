import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pidNamespace } from "../../src/record/process-owned-folders";
import { startCli, waitFor } from "../support/cli-process";
import { killProcessGroupOf } from "../support/process-liveness";
import { useTempDir } from "../support/temp-dir";

/** The output folders (`$MOMOFLOW_OUTPUT`'s) in `tmp`. */
function outputFolders(tmp: string): string[] {
  return readdirSync(tmp).filter((name) => name.startsWith("momoflow-output-"));
}

/**
 * A shell action's output file lives in a private temporary folder that the
 * action's end removes. A run killed during the action never reaches that
 * end: the folder, and the output in it (secrets unmasked), stayed in the
 * temporary folder for good. The next momoflow process that runs a shell
 * action removes those whose process is gone.
 */
describe("the output folder of a run killed during a shell action", function () {
  this.timeout(60_000);
  const dir = useTempDir("momoflow-output-folder-");

  it("is removed by the next run's first shell action; a live process's folder stays", async () => {
    const tmp = join(dir(), "tmp");
    mkdirSync(tmp);
    const env = { TMPDIR: tmp };
    writeFileSync(
      join(dir(), "killed.momoflow"),
      `workflow killed {
  step hold {
    run: "echo partial > \\"$MOMOFLOW_OUTPUT\\"; echo $$ > shell.pid; touch started; sleep 60"
  }
}
`,
    );
    writeFileSync(
      join(dir(), "next.momoflow"),
      `workflow next {
  step one { run: "echo one" }
}
`,
    );
    const ns = pidNamespace();
    // A folder of a process that is alive (this one): not the next run's to remove; nor one of
    // another pid namespace (a container sharing the folder), whose pids mean nothing here.
    const kept = [
      `momoflow-output-${ns}-${process.pid}-live01`,
      `momoflow-output-1${ns}-999999-other1`,
    ];
    for (const name of kept) mkdirSync(join(tmp, name));
    const killed = startCli(["run", "killed.momoflow"], dir(), env);
    try {
      await waitFor(() => existsSync(join(dir(), "started")), "the shell action to start");
      killed.child.kill("SIGKILL");
      assert.equal((await killed.done).signal, "SIGKILL");
      const left = outputFolders(tmp).filter((n) =>
        n.startsWith(`momoflow-output-${ns}-${killed.child.pid}-`),
      );
      assert.equal(left.length, 1, `left by the killed run: ${outputFolders(tmp).join(", ")}`);
      assert.equal(readFileSync(join(tmp, left[0]!, "output"), "utf8"), "partial\n");

      const next = await startCli(["run", "next.momoflow"], dir(), env).done;
      assert.equal(next.code, 0, next.stdout + next.stderr);
      assert.deepEqual(outputFolders(tmp).sort(), [...kept].sort());
    } finally {
      if (killed.child.exitCode === null && killed.child.signalCode === null)
        killed.child.kill("SIGKILL");
      // The killed run's shell action outlives it: nothing of the run is left to end it.
      const pidFile = join(dir(), "shell.pid");
      if (existsSync(pidFile)) killProcessGroupOf(Number(readFileSync(pidFile, "utf8").trim()));
    }
  });
});
