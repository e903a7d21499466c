import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENGINE_URL, runCli, startCli, waitFor } from "../support/cli-process";
import { runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";

/**
 * `momoflow rollback` stopped before its rollback began, through the real
 * CLI and a real signal. Its handlers used to be installed only once the run
 * was found, after the command's bundle loaded: a SIGTERM before then (its
 * first ~0.15 s, or while a workflow module loaded) ended it by 143, not by
 * the documented 130, without a word.
 */
describe("momoflow rollback: stopped before the rollback began", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-rollback-early-stop-");

  /**
   * A workflow module making `notes.txt`; while it loads for a rollback
   * (`HOLD_LOADING` set) it writes `loading` and waits a minute.
   */
  function writeModule(dir: string): string {
    const path = join(dir, "workflow.mjs");
    writeFileSync(
      path,
      `import { writeFileSync } from "node:fs";
import { CommandStep, WorkflowDefinition } from ${JSON.stringify(ENGINE_URL)};
export default async () => {
  if (process.env.HOLD_LOADING) {
    writeFileSync(${JSON.stringify(join(dir, "loading"))}, "");
    await new Promise((resolve) => setTimeout(resolve, 60_000));
  }
  return new WorkflowDefinition({
    id: "notes",
    steps: [new CommandStep("notes", "create_file", { path: "notes.txt", content: "new" })],
  });
};
`,
    );
    return path;
  }

  it("a SIGTERM while the workflow module loads exits 130, says nothing was undone, and undoes nothing", async () => {
    const module = writeModule(tmp());
    assert.equal((await runCli(["run", module], tmp())).code, 0);
    assert.ok(existsSync(join(tmp(), "notes.txt")));
    const { child, done } = startCli(["rollback", module], tmp(), { HOLD_LOADING: "1" });
    await waitFor(() => existsSync(join(tmp(), "loading")), "the workflow module to be loading");
    child.kill("SIGTERM");
    const out = await done;
    assert.equal(out.signal, null, out.stderr);
    assert.equal(out.code, 130, out.stderr);
    assert.match(out.stderr, /stopped before the rollback began: nothing was undone/);
    assert.equal(readFileSync(join(tmp(), "notes.txt"), "utf8"), "new");
  });

  it("a SIGTERM as soon as momoflow's code takes signals exits 130 and undoes nothing", async () => {
    writeFileSync(
      join(tmp(), "flow.momoflow"),
      'workflow w {\n  step notes { run: create_file(path: "notes.txt", content: "new") }\n}\n',
    );
    assert.equal((await runCli(["run", "flow.momoflow"], tmp())).code, 0);
    for (let attempt = 0; attempt < 3; attempt++) {
      const { child, done } = startCli(["rollback", runDirOf(tmp())], tmp());
      // Before then, Node is still starting: its own handler ends the process by the
      // signal (143), and nothing can be undone. It catches SIGHUP only once momoflow does.
      await waitFor(() => catchesSighup(child.pid!), "the rollback to catch SIGHUP");
      child.kill("SIGTERM");
      const out = await done;
      assert.equal(out.signal, null, out.stderr);
      assert.equal(out.code, 130, out.stderr);
      assert.match(out.stderr, /nothing was undone|rollback stopped; undo what is left/);
      assert.equal(readFileSync(join(tmp(), "notes.txt"), "utf8"), "new");
    }
  });
});

/** Whether process `pid` catches SIGHUP (bit 0 of SigCgt in /proc/<pid>/status): Node alone does not. */
function catchesSighup(pid: number): boolean {
  try {
    const line = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return line !== null && (BigInt(`0x${line[1]}`) & 1n) !== 0n;
  } catch {
    return false;
  }
}
