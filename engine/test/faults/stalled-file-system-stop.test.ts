import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmdirSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasBlockedThread } from "../support/blocked-thread";
import { journalText, runCli, startCli, waitFor } from "../support/cli-process";
import { said } from "../support/cli-said";
import { runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import { writeWorkflow } from "../support/workflow-files";

/** Well under the 5 s a step that does not stop is given before the run stops waiting for it. */
const PROMPT_MS = 3000;

/** Runs a system command; its failure throws with what it said. */
function sh(command: string, args: string[]): void {
  const done = spawnSync(command, args, { encoding: "utf8" });
  if (done.status !== 0)
    throw new Error(`${command} ${args.join(" ")}: ${done.stderr || done.error?.message}`);
}

/**
 * A file system that stalls (a hung NFS server, a stuck disk) is made here by
 * freezing a small ext4 (`fsfreeze`): every call that would write to it
 * waits until it is thawed, in the kernel, where no signal reaches it.
 * The engine waits for such calls off its main thread (a copy's clone
 * attempt, its chunks, the flush before the rename): a stop must not wait
 * for them — the run ends and records its end promptly, the record still
 * rollback-able, and the call is left to end when the file system thaws.
 */
describe("Ctrl+C while a copy waits on a stalled file system (fsfreeze)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-stalled-fs-");
  let mount: string | undefined;
  let frozen = false;

  beforeEach(function () {
    const problem = mountFreezable();
    if (problem === undefined) return;
    // Said in the report, as the tmpfs tests say theirs (support/tmpfs-mount.ts).
    if (this.currentTest) this.currentTest.title += ` (skipped: ${problem})`;
    this.skip();
  });

  /** Mounts a small ext4 to freeze; why it could not (not root, no loop device here), or undefined. */
  function mountFreezable(): string | undefined {
    if (process.getuid?.() !== 0) return "mounting and freezing a file system needs root";
    const image = join(tmp(), "fs.img");
    const fd = openSync(image, "w");
    // Sparse: only what the copies write takes room on the disk.
    ftruncateSync(fd, 512 * 1024 * 1024);
    closeSync(fd);
    // Outside the test's folder, which is removed before this hook's unmount runs.
    const at = mkdtempSync(join(tmpdir(), "momoflow-stalled-mnt-"));
    try {
      sh("mkfs.ext4", ["-q", "-F", image]);
      sh("mount", ["-o", "loop", image, at]);
    } catch (error) {
      rmdirSync(at);
      return `a loop-mounted ext4 cannot be made here: ${(error as Error).message.trim()}`;
    }
    mount = at;
    mkdirSync(join(mount, "out"));
    return undefined;
  }

  afterEach(() => {
    if (mount === undefined) return;
    if (frozen) sh("fsfreeze", ["--unfreeze", mount]);
    frozen = false;
    // A process of a failed test may still hold a file there: detached now, gone once it ends.
    if (spawnSync("umount", [mount]).status !== 0) sh("umount", ["--lazy", mount]);
    rmdirSync(mount);
    mount = undefined;
  });

  /** A workflow copying a sparse file of `bytes` (more than a copy made in one call: tried as a clone first) onto the mount. */
  function copyOntoMount(bytes: number): { file: string; workdir: string; destination: string } {
    const destination = join(mount!, "out", "big.bin");
    const { file, workdir } = writeWorkflow(
      tmp(),
      "copy",
      `workflow big_copy {
  step copy {
    run: copy_file(source: "big.bin", destination: "${destination}")
  }
}
`,
    );
    const big = openSync(join(workdir, "big.bin"), "w");
    ftruncateSync(big, bytes);
    closeSync(big);
    return { file, workdir, destination };
  }

  it("a stop during the clone attempt of a large copy ends the run promptly", async () => {
    const { file, workdir, destination } = copyOntoMount(64 * 1024 * 1024);

    sh("fsfreeze", ["--freeze", mount!]);
    frozen = true;
    const { child, done } = startCli(["run", file, "--workdir", workdir], workdir);
    let stoppedIn: number | undefined;
    try {
      // Its intent recorded, the step is at the copy, which waits on the frozen file system.
      await waitFor(
        () => journalText(workdir).includes('"step_rollback_data"'),
        "the copy to start",
      );
      await waitFor(
        () => hasBlockedThread(child.pid!),
        "the copy to wait on the frozen file system",
        20_000,
      );
      const stoppedAt = Date.now();
      child.kill("SIGINT");
      await waitFor(
        () => journalText(workdir).includes('"type":"run_finished"'),
        "the run to record its end",
        20_000,
      );
      stoppedIn = Date.now() - stoppedAt;
    } finally {
      // Thawed, the call the run left behind ends, and with it the process.
      sh("fsfreeze", ["--unfreeze", mount!]);
      frozen = false;
      // Failed part-way: the run must not outlive the test (nor hold the mount).
      if (stoppedIn === undefined) child.kill("SIGKILL");
    }
    const out = await done;
    assert.ok(stoppedIn! < PROMPT_MS, `the stop took ${stoppedIn} ms:\n${said(out)}`);
    assert.equal(out.code, 130, said(out));
    assert.match(journalText(workdir), /"type":"run_finished","time":[\d.]+,"status":"cancelled"/);
    assert.deepEqual(readdirSync(join(mount!, "out")), [], "the destination was never written");
    assert.equal(existsSync(destination), false);

    // The record is whole: nothing is left to undo, and a rollback says so.
    const rollback = await runCli(["rollback", runDirOf(workdir)], workdir);
    assert.equal(rollback.code, 0, said(rollback));
  });

  it("a stop during a chunk's write: the step stops at once, a second Ctrl+C gives up its undo, momoflow rollback finishes it", async () => {
    const { file, workdir } = copyOntoMount(400 * 1024 * 1024);
    const out = join(mount!, "out");
    const { child, done } = startCli(["run", file, "--workdir", workdir], workdir);
    const journal = (): string => journalText(workdir);
    let tookToStop: number | undefined;
    let tookToEnd: number | undefined;
    try {
      // Frozen while the copy writes its chunks (a tight loop: it writes fast).
      const until = Date.now() + 20_000;
      for (;;) {
        const temp = readdirSync(out).find((name) => name.endsWith(".tmp"));
        const size =
          temp === undefined
            ? 0
            : (statSync(join(out, temp), { throwIfNoEntry: false })?.size ?? 0);
        if (size > 40 * 1024 * 1024) break;
        if (Date.now() > until) throw new Error("the copy never wrote its temp file");
      }
      sh("fsfreeze", ["--freeze", mount!]);
      frozen = true;
      await waitFor(
        () => hasBlockedThread(child.pid!),
        "a chunk's write to wait on the frozen file system",
        20_000,
      );
      const stoppedAt = Date.now();
      child.kill("SIGINT");
      // The step stops at once and the run rolls back; the undo's removal of the temp file waits.
      await waitFor(
        () => journal().includes('"rollback_started"'),
        "the rollback to start",
        20_000,
      );
      tookToStop = Date.now() - stoppedAt;
      const givenUpAt = Date.now();
      child.kill("SIGINT");
      await waitFor(() => journal().includes('"type":"run_finished"'), "the run's end", 20_000);
      tookToEnd = Date.now() - givenUpAt;
    } finally {
      if (frozen) sh("fsfreeze", ["--unfreeze", mount!]);
      frozen = false;
      // Failed part-way: the run must not outlive the test (nor hold the mount).
      if (tookToEnd === undefined) child.kill("SIGKILL");
    }
    const ran = await done;
    assert.ok(tookToStop! < PROMPT_MS, `the step took ${tookToStop} ms to stop:\n${said(ran)}`);
    assert.ok(tookToEnd! < PROMPT_MS, `the run took ${tookToEnd} ms to end:\n${said(ran)}`);
    assert.equal(ran.code, 130, said(ran));

    // Thawed: the rollback undoes what is left — the temp file — and says its undo runs again.
    const rollback = await runCli(["rollback", runDirOf(workdir)], workdir);
    assert.equal(rollback.code, 0, said(rollback));
    assert.match(
      rollback.stdout,
      /^copy: its undo was given up by the run's rollback at \d\d:\d\d:\d\d and did not finish; it was run again from its start$/m,
      said(rollback),
    );
    assert.deepEqual(readdirSync(out), [], "no temp file left");
  });
});
