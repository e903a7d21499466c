import assert from "node:assert/strict";
import { rmSync, statfsSync } from "node:fs";
import { join } from "node:path";
import type { CliOutcome } from "../support/cli-process";
import {
  cliIn,
  firstResumableRun,
  rollBackOwner as rollBackOwnerIn,
} from "../support/resumable-run";
import { fillLeaving, freeBytes } from "../support/disk-filler";
import { useSmallDisk } from "../support/tmpfs-mount";
import { treeDiff } from "../support/tree-diff";
import { treeState } from "../support/tree-state";

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
  const cli = (...args: string[]): Promise<CliOutcome> => cliIn(workdir())(...args);

  /** The first run kept, on the small disk with the filler of the last try removed. */
  async function firstRun(): Promise<Record<string, string>> {
    rmSync(filler(), { force: true });
    return firstResumableRun(workdir());
  }
  const rollBackOwner = (): Promise<CliOutcome> => rollBackOwnerIn(workdir());

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
