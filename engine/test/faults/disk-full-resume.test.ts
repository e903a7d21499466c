import assert from "node:assert/strict";
import { mkdirSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, type CliOutcome } from "../support/cli-process";
import { fillLeaving, freeBytes } from "../support/disk-filler";
import { useSmallDisk } from "../support/tmpfs-mount";
import { treeDiff } from "../support/tree-diff";
import { treeState } from "../support/tree-state";

/**
 * A run that fails half-way (param v=1), kept; resumed with v=2 it runs
 * again a built-in write whose content changed and a shell step that failed
 * half-way, then a copy: what the first run did in them is the resuming
 * run's to undo (its earlier attempts), also when the disk runs out.
 */
const RESUMABLE = `workflow resumable {
  param v: string = "1"
  step write {
    run: create_file(path: "notes.txt", content: "\${v}")
  }
  step half {
    needs: write
    run: "echo \${v} >> half.log; test \${v} != 1"
    rollback: "rm -f half.log"
  }
  step copy {
    needs: half
    run: copy_file(source: "notes.txt", destination: "copy.txt")
  }
}
`;

/** Room for the workflow, the user's file, two runs' records and the filler: small, so filling is quick. */
const DISK_BYTES = 512 * 1024;

/**
 * `momoflow run --resume` on a disk that runs out at each of its writes in
 * turn (0, 1, 2, … blocks left free): the takeover of the old run (its
 * `run_resumed` line), the new run's start, the lines that take over the old
 * run's attempts, its own steps. Whatever it managed, once there is room
 * again, `momoflow rollback` (of the run that owns the steps) puts the
 * user's files back as they were before the first run.
 */
describe("disk full during momoflow run --resume: nothing of either run is left undone", function () {
  this.timeout(300_000);
  const small = useSmallDisk("momoflow-disk-full-resume-", DISK_BYTES);
  let block = 4096;

  const workdir = (): string => join(small.disk, "work");
  const filler = (): string => join(small.disk, "filler");
  const cli = (...args: string[]): Promise<CliOutcome> => runCli(args, workdir());

  /** A fresh working directory with the user's file and the workflow, and the first run kept. */
  async function firstRun(): Promise<Record<string, string>> {
    rmSync(workdir(), { recursive: true, force: true });
    rmSync(filler(), { force: true });
    mkdirSync(workdir());
    writeFileSync(join(workdir(), "notes.txt"), "the user's notes\n");
    writeFileSync(join(workdir(), "flow.momoflow"), RESUMABLE);
    const before = treeState(workdir());
    const first = await cli("run", "flow.momoflow", "--no-rollback");
    assert.equal(first.code, 1, first.stdout + first.stderr);
    return before;
  }

  /** Rolls back the run that owns the steps now: the latest, or the one a refusal names. */
  async function rollBackOwner(): Promise<CliOutcome> {
    const undo = await cli("rollback", "flow.momoflow", "--param", "v=2");
    const owner = /roll back (\S+) instead/.exec(undo.stderr)?.[1];
    if (undo.code !== 2 || owner === undefined) return undo;
    return cli("rollback", join(workdir(), ".momoflow", "runs", owner), "--param", "v=2");
  }

  it("the user's files are back after momoflow rollback, wherever the resume ran out of room", async () => {
    block = statfsSync(small.disk).bsize;
    // The room a resume takes with room to spare, where it must succeed.
    const before = await firstRun();
    const free = freeBytes(small.disk);
    const whole = await cli("run", "flow.momoflow", "--resume", "--param", "v=2");
    assert.equal(whole.code, 0, whole.stdout + whole.stderr);
    const needed = free - freeBytes(small.disk) + 16 * block;
    const undone = await rollBackOwner();
    assert.equal(undone.code, 0, undone.stdout + undone.stderr);
    assert.deepEqual(treeDiff(before, treeState(workdir())), []);

    const failures: string[] = [];
    for (let leave = 0; leave < needed; leave += block) {
      const original = await firstRun();
      fillLeaving(filler(), leave);
      const resumed = await cli("run", "flow.momoflow", "--resume", "--param", "v=2");
      rmSync(filler());
      const undo = await rollBackOwner();
      const lost = treeDiff(original, treeState(workdir()));
      if (undo.code !== 0 || lost.length > 0)
        failures.push(
          `${leave} bytes free: rollback exit ${undo.code}; not back: ${lost.join(", ")}\n` +
            `--- resume (exit ${resumed.code}) ---\n${resumed.stdout}${resumed.stderr}` +
            `--- rollback ---\n${undo.stdout}${undo.stderr}`,
        );
    }
    if (failures.length)
      assert.fail(
        `${failures.length} fault points left something undone:\n\n${failures.join("\n\n")}`,
      );
  });
});
