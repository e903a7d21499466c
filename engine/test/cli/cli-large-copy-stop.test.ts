import assert from "node:assert/strict";
import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { runCli, startCli, waitFor, type CliOutcome } from "../support/cli-process";
import { journalEvents, latestResult, latestRunDir, runDirOf } from "../support/run-record-files";
import { useTmpfsMount } from "../support/tmpfs-mount";
import { useTempDir } from "../support/temp-dir";
import { writeWorkflow } from "../support/workflow-files";

/**
 * A built-in copying a large file used to do it in one system call (and to
 * fingerprint it, and back up what it replaces, in one loop each): Ctrl+C,
 * SIGTERM and the step's `timeout:` waited for it — tens of seconds for a
 * file of a few GB (this one, 4 GB: 10 to 25 s here). The copy now goes in
 * chunks and stops between two: the run stops within a moment, the
 * destination as it was, no temp file left, and the record says so.
 */
describe("momoflow run: a large copy is stopped promptly", function () {
  this.timeout(120_000);
  const tmp = useTempDir("momoflow-cli-large-copy-stop-");
  /** Far below what the copy (and the old stop) took; generous for a slow machine. */
  const PROMPT_MS = 5000;
  const BIG_BYTES = 4 * 1024 ** 3;

  /** A sparse file of `bytes`: reading and copying it takes as long as a real one here (no clone). */
  function bigFile(path: string, bytes: number): void {
    const fd = openSync(path, "w");
    ftruncateSync(fd, bytes);
    closeSync(fd);
  }

  /** A copy of `big.bin` into `out/` (which the step makes, or holds `big.bin` already). */
  function copyWorkflow(settings = ""): { file: string; workdir: string } {
    const made = writeWorkflow(
      tmp(),
      "copy",
      `workflow big_copy {
  step copy {
    run: copy_file(source: "big.bin", destination: "out/big.bin")${settings}
  }
}
`,
    );
    bigFile(join(made.workdir, "big.bin"), BIG_BYTES);
    return made;
  }

  /** The temp files a copy writes beside its destination. */
  function tempFiles(folder: string): string[] {
    return existsSync(folder) ? readdirSync(folder).filter((n) => n.endsWith(".tmp")) : [];
  }

  /** Starts the run, signals it once the copy's temp file is there, and times the stop. */
  async function stopMidCopy(
    file: string,
    workdir: string,
    signal: NodeJS.Signals,
  ): Promise<{ out: CliOutcome; stoppedInMs: number }> {
    const { child, done } = startCli(["run", file, "--workdir", workdir], workdir);
    try {
      await waitFor(() => tempFiles(join(workdir, "out")).length > 0, "the copy to start", 60_000);
      const signalled = Date.now();
      child.kill(signal);
      const out = await done;
      return { out, stoppedInMs: Date.now() - signalled };
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  }

  it("Ctrl+C mid-copy: exits 130 at once, the step cancelled and undone, nothing left to undo", async () => {
    const { file, workdir } = copyWorkflow();
    const { out, stoppedInMs } = await stopMidCopy(file, workdir, "SIGINT");
    assert.equal(out.code, 130, out.stdout + out.stderr);
    assert.ok(stoppedInMs < PROMPT_MS, `exited ${stoppedInMs} ms after Ctrl+C`);
    assert.match(out.stdout, /✗ copy cancelled/);
    assert.match(
      out.stdout,
      /copy_file: cannot write "[^"]*big\.bin": stopped while copying "[^"]*big\.bin"; no file was made/,
    );
    assert.equal(latestResult(workdir).status, "cancelled");
    const finished = journalEvents(runDirOf(workdir)).find((e) => e.type === "step_finished");
    assert.equal(finished?.status, "cancelled");
    // Its intent was recorded before the copy began: the run's rollback undid what it had made.
    assert.deepEqual(
      latestResult(workdir).steps.map((s) => [s.id, s.status]),
      [["copy", "rolled_back"]],
    );
    assert.equal(existsSync(join(workdir, "out")), false, "the folder the step made is removed");
    const again = await runCli(["rollback", runDirOf(workdir)], workdir);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /nothing to undo/);
  });

  it("SIGTERM mid-copy over a file: exits at once, the file as it was, no temp file", async () => {
    const { file, workdir } = copyWorkflow();
    mkdirSync(join(workdir, "out"));
    writeFileSync(join(workdir, "out", "big.bin"), "the old content\n");
    const { out, stoppedInMs } = await stopMidCopy(file, workdir, "SIGTERM");
    assert.equal(out.code, 130, out.stdout + out.stderr);
    assert.ok(stoppedInMs < PROMPT_MS, `exited ${stoppedInMs} ms after SIGTERM`);
    assert.equal(readFileSync(join(workdir, "out", "big.bin"), "utf8"), "the old content\n");
    assert.deepEqual(tempFiles(join(workdir, "out")), []);
    const again = await runCli(["rollback", runDirOf(workdir)], workdir);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.equal(readFileSync(join(workdir, "out", "big.bin"), "utf8"), "the old content\n");
  });

  it("SIGKILL mid-copy: momoflow rollback removes the part-written temp file and the folder made for it", async () => {
    const { file, workdir } = copyWorkflow();
    const { out } = await stopMidCopy(file, workdir, "SIGKILL");
    assert.equal(out.signal, "SIGKILL");
    assert.equal(tempFiles(join(workdir, "out")).length, 1, "the kill left the copy's temp file");
    const undo = await runCli(["rollback", runDirOf(workdir)], workdir);
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    assert.match(undo.stdout, /copy rolled_back/);
    assert.equal(existsSync(join(workdir, "out")), false);
  });

  it("timeout: 200ms fails the copy promptly, as timed out, and undoes it", async () => {
    const { file, workdir } = copyWorkflow("\n    timeout: 200ms");
    const started = Date.now();
    const out = await runCli(["run", file, "--workdir", workdir], workdir);
    const tookMs = Date.now() - started;
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(out.stdout, /timed out after 200ms/);
    assert.doesNotMatch(out.stdout, /could not be stopped/);
    assert.ok(tookMs < PROMPT_MS, `the run took ${tookMs} ms`);
    assert.equal(existsSync(join(workdir, "out")), false);
  });

  describe("delete_path across file systems (a copy to the run record, then the removal)", () => {
    useTmpfsMount(() => join(tmp(), "work", "mnt"), "size=8g");

    it("Ctrl+C mid-copy: exits 130 at once, nothing deleted, no partial backup left", async () => {
      const { file, workdir } = writeWorkflow(
        tmp(),
        "delete",
        `workflow big_delete {
  step delete {
    run: delete_path(path: "mnt/big.bin")
  }
}
`,
      );
      bigFile(join(workdir, "mnt", "big.bin"), BIG_BYTES);
      const partialBackups = (): string[] => {
        const runDir = latestRunDir(workdir);
        if (runDir === undefined) return [];
        return readdirSync(runDir, { recursive: true, encoding: "utf8" }).filter((p) =>
          p.endsWith(".partial"),
        );
      };
      const { child, done } = startCli(["run", file, "--workdir", workdir], workdir);
      let out: CliOutcome;
      let stoppedInMs: number;
      try {
        await waitFor(() => partialBackups().length > 0, "the copy to start", 60_000);
        const signalled = Date.now();
        child.kill("SIGINT");
        out = await done;
        stoppedInMs = Date.now() - signalled;
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      }
      assert.equal(out.code, 130, out.stdout + out.stderr);
      assert.ok(stoppedInMs < PROMPT_MS, `exited ${stoppedInMs} ms after Ctrl+C`);
      assert.match(
        out.stdout,
        /delete_path: cannot back up "[^"]*big\.bin" into .*: stopped while copying "[^"]*big\.bin"; nothing was deleted/,
      );
      assert.equal(statSync(join(workdir, "mnt", "big.bin")).size, BIG_BYTES);
      assert.deepEqual(partialBackups(), []);
      const again = await runCli(["rollback", runDirOf(workdir)], workdir);
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.equal(statSync(join(workdir, "mnt", "big.bin")).size, BIG_BYTES);
    });
  });
});
