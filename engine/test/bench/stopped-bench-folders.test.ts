import assert from "node:assert/strict";
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pidNamespace } from "../../src/record/process-owned-folders";
import { startCli, waitFor } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/** The bench's scratch folders in `tmp`. */
function benchFolders(tmp: string): string[] {
  return readdirSync(tmp).filter((name) => name.startsWith("momoflow-bench-"));
}

/**
 * The bench removes its scratch folders when it ends; a bench stopped
 * part-way (Ctrl+C, a closed terminal, a stopped task) cannot, and its folder
 * may hold a run record of 100,000 steps. The next bench removes those whose
 * process is gone.
 */
describe("the scratch folder of a bench stopped part-way", function () {
  this.timeout(120_000);
  const dir = useTempDir("momoflow-stopped-bench-");

  it("is removed by the next bench; a live process's folder and another pid namespace's stay", async () => {
    const tmp = join(dir(), "tmp");
    mkdirSync(tmp);
    const env = { TMPDIR: tmp };
    // A first run of many steps in a process of its own: long enough to be killed in.
    const stopped = startCli(
      ["bench", "--first-run-child", "engine", "--steps", "200000"],
      dir(),
      env,
    );
    let left: string | undefined;
    try {
      await waitFor(() => benchFolders(tmp).length > 0, "the bench's scratch folder", 30_000);
      [left] = benchFolders(tmp);
    } finally {
      stopped.child.kill("SIGKILL");
    }
    assert.equal((await stopped.done).signal, "SIGKILL");
    assert.match(left!, new RegExp(`^momoflow-bench-${pidNamespace()}-${stopped.child.pid}-runs-`));
    assert.deepEqual(benchFolders(tmp), [left], "a killed bench cannot remove its folder");

    // This test process is alive; a folder of another pid namespace names a pid that means nothing here.
    const live = `momoflow-bench-${pidNamespace()}-${process.pid}-runs-live`;
    const elsewhere = `momoflow-bench-${pidNamespace()}1-${stopped.child.pid}-runs-other`;
    mkdirSync(join(tmp, live));
    mkdirSync(join(tmp, elsewhere));

    const next = await startCli(["bench", "--first-run-child", "floor", "--steps", "5"], dir(), env)
      .done;
    assert.equal(next.code, 0, next.stderr);
    assert.deepEqual(benchFolders(tmp).sort(), [elsewhere, live].sort());
  });
});
