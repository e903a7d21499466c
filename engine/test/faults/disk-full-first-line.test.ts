import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, rmSync, statfsSync } from "node:fs";
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

/**
 * A disk with no room for the journal's first line: the run could not record
 * its start, so it runs nothing and records no run. It says so — what failed,
 * where, that nothing ran — and neither names a run record nor leaves an empty
 * run folder (or a `latest` naming one) that rollback, `--resume` and the
 * extension's run list would stumble on.
 */
describe("disk full before the journal's first line: the run says nothing ran and leaves no run folder", function () {
  this.timeout(120_000);
  const small = useSmallDisk("momoflow-no-first-line-", 1024 * 1024);

  it("runs nothing, names no run record, and leaves no empty run folder behind", async () => {
    const { file } = writeWorkflow(small.outside, "one-step", WORKFLOW);
    const workdir = join(small.disk, "work");
    const filler = join(small.disk, "filler");
    const runs = join(workdir, ".momoflow", "runs");
    const block = statfsSync(small.disk).bsize;
    let firstLineFailed = 0;
    // No room at all, then a block at a time: the first line does not fit in the first tries.
    for (let leave = 0; leave <= 2 * block; leave += block) {
      rmSync(workdir, { recursive: true, force: true });
      rmSync(filler, { force: true });
      mkdirSync(workdir);
      fillLeaving(filler, leave);
      const out = await runCli(["run", file, "--workdir", workdir], workdir);
      const said = `${leave} bytes free:\n${out.stdout}${out.stderr}`;
      if (!/journal\.jsonl; nothing was run/.test(out.stdout + out.stderr)) continue;
      firstLineFailed++;
      assert.equal(out.code, 1, said);
      assert.equal(existsSync(join(workdir, "out.txt")), false, `a step ran: ${said}`);
      assert.match(
        out.stdout,
        /the run record could not be written: disk full at \S+journal\.jsonl; nothing was run, and no run was recorded/,
        said,
      );
      assert.doesNotMatch(out.stdout + out.stderr, /run record: /, said);
      const left = existsSync(runs) ? readdirSync(runs) : [];
      assert.deepEqual(left, [], `the runs folder holds ${left.join(", ")}: ${said}`);
      // Room again: there is no run to roll back or resume, and the commands say just that.
      rmSync(filler);
      const rollback = await runCli(["rollback", file, "--workdir", workdir], workdir);
      assert.equal(rollback.code, 2, rollback.stdout + rollback.stderr);
      assert.match(rollback.stderr, /no run of \S+one-step\.momoflow/);
    }
    assert.ok(firstLineFailed > 0, "no try found the disk full at the journal's first line");
  });
});
