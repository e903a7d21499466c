import assert from "node:assert/strict";
import { existsSync, mkdirSync, rmSync, statfsSync } from "node:fs";
import { join } from "node:path";
import { JournalReserve } from "../../src/record/journal-reserve";
import { runCli } from "../support/cli-process";
import { fillLeaving } from "../support/disk-filler";
import { latestRunDir } from "../support/run-record-files";
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
 * A disk with room for the run's reserve but not for its journal's first
 * line: the run runs nothing and says so. The reserve it made is for the
 * lines of a rollback — with nothing run there is none to come, so it must
 * not be left behind holding its 16 KB on a disk that is already full.
 */
describe("disk full at the journal's first line: the run leaves no reserve behind", function () {
  this.timeout(120_000);
  const small = useSmallDisk("momoflow-first-line-", 1024 * 1024);

  it("removes journal.reserve of a run that ran nothing", async () => {
    const { file } = writeWorkflow(small.outside, "one-step", WORKFLOW);
    const workdir = join(small.disk, "work");
    const filler = join(small.disk, "filler");
    const block = statfsSync(small.disk).bsize;
    const reserve = Math.ceil(JournalReserve.bytesFor(1) / block) * block;
    let ranNothing = 0;
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
    }
    assert.ok(ranNothing > 0, "no try had room for the reserve and none for the first line");
  });
});
