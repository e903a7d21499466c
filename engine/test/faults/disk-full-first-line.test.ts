import assert from "node:assert/strict";
import { existsSync, mkdirSync, rmSync, statfsSync } from "node:fs";
import { join } from "node:path";
import { JournalReserve } from "../../src/record/journal-reserve";
import { runCli } from "../support/cli-process";
import { fillLeaving } from "../support/disk-filler";
import { journalEvents, latestRunDir } from "../support/run-record-files";
import { useSmallDisk } from "../support/tmpfs-mount";
import { writeWorkflow } from "../support/workflow-files";

const WORKFLOW = `workflow one_step {
  step write {
    run: "echo written > out.txt"
    rollback: "rm -f out.txt"
  }
}
`;

/**
 * A disk with no room for the journal's first line, or room for it but not
 * for the run's reserve (made right after it): the run runs nothing and says
 * so. A reserve is for the lines of a rollback — with nothing run there is
 * none to come, so no part of one may be left behind holding room on a disk
 * that is already full.
 */
describe("disk full at the run's start (its first line, its reserve): the run leaves no reserve behind", function () {
  this.timeout(120_000);
  const small = useSmallDisk("momoflow-first-line-", 1024 * 1024);

  it("removes journal.reserve of a run that ran nothing, and records why nothing ran", async () => {
    const { file } = writeWorkflow(small.outside, "one-step", WORKFLOW);
    const workdir = join(small.disk, "work");
    const filler = join(small.disk, "filler");
    const block = statfsSync(small.disk).bsize;
    const reserve = Math.ceil(JournalReserve.bytesFor(1) / block) * block;
    let ranNothing = 0;
    let noReserve = 0;
    // From a disk too full for the reserve to one with room for all: the first line's fault is among them.
    for (let leave = reserve - block; leave <= reserve + 4 * block; leave += block) {
      rmSync(workdir, { recursive: true, force: true });
      rmSync(filler, { force: true });
      mkdirSync(workdir);
      fillLeaving(filler, leave);
      const out = await runCli(["run", file, "--workdir", workdir], workdir);
      const runDir = latestRunDir(workdir);
      if (!runDir || !/nothing was run/.test(out.stdout + out.stderr)) continue;
      ranNothing++;
      assert.equal(out.code, 1, out.stdout + out.stderr);
      assert.equal(
        existsSync(join(runDir, "journal.reserve")),
        false,
        `${leave} bytes free: the run ran nothing and left its reserve behind\n${out.stdout}`,
      );
      const events = journalEvents(runDir);
      if (events.length === 0) continue;
      // Its first line fitted, its reserve did not: the journal ends saying why nothing ran.
      noReserve++;
      assert.deepEqual(
        events.map((e) => e.type),
        ["run_started", "run_finished"],
        `${leave} bytes free`,
      );
      assert.equal(events[1]!.status, "failed");
      assert.match(String(events[1]!.error), /disk full at \S+journal\.reserve; nothing was run/);
    }
    assert.ok(ranNothing > 0, "no try ran nothing: none found the disk full at the run's start");
    assert.ok(noReserve > 0, "no try had room for the first line and none for the reserve");
  });
});
