import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmdirSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { JournalReserve } from "../../src/record/journal-reserve";
import { treeState } from "../support/tree-state";
import { runCli, type CliOutcome } from "../support/cli-process";
import { journalEvents, latestRunDir } from "../support/run-record-files";
import { fillLeaving, freeBytes } from "../support/disk-filler";
import { mountTmpfsOrSkip, unmountTmpfs } from "../support/tmpfs-mount";
import { treeDiff } from "../support/tree-diff";

const WORKFLOW = resolve(__dirname, "fixtures/disk-full.momoflow");
/** The declared steps of the workflow (a fan-out's instances are not): their number sizes the run's reserve. */
const STEPS = 11;
/** Room for the seeded files, the run's record and the filler: small, so filling is quick. */
const DISK_BYTES = 1024 * 1024;

/** The user's files: some large enough that their backups take several blocks. */
function seedUserFiles(workdir: string): void {
  mkdirSync(join(workdir, "photos", "2026"), { recursive: true });
  writeFileSync(join(workdir, "big.txt"), "b".repeat(24 * 1024));
  writeFileSync(join(workdir, "photos", "2026", "a.jpg"), "a".repeat(8 * 1024));
  writeFileSync(join(workdir, "photos", "b.jpg"), "c".repeat(8 * 1024));
  writeFileSync(join(workdir, "data.json"), '{ "v": 1 }\n');
  writeFileSync(join(workdir, "notes.txt"), "my notes\n");
}

/**
 * Which write of the run record the disk stopped, as the record shows it: the
 * journal has no end, result.json is missing, or a step failed making its
 * backup (kept with the run, under `.momoflow/`). Undefined when the record
 * is whole: the disk ran out on a step's own write.
 */
function recordFault(
  events: Record<string, unknown>[],
  resultWritten: boolean,
): string | undefined {
  if (events.length === 0) return "the journal is empty";
  if (!events.some((e) => e.type === "run_finished")) return "the journal has no run_finished";
  if (!resultWritten) return "result.json is missing";
  const backup = events.find(
    (e) =>
      e.type === "step_finished" && typeof e.error === "string" && e.error.includes(".momoflow/"),
  );
  return backup ? `step ${String(backup.step)} could not make its backup` : undefined;
}

/**
 * The steps the summary table shows `rolled_back` that its `rolled back: …`
 * line leaves out: an undo whose journal line did not fit still happened.
 */
function undoneUnlisted(stdout: string): string[] {
  const rows = [...stdout.matchAll(/^ {2}(\S+)\s+rolled_back\s+\d/gm)].map((m) => m[1]!);
  const listed = /rolled back: (.+)$/m.exec(stdout)?.[1]?.split(", ") ?? [];
  return rows.filter((id) => !listed.includes(id));
}

/**
 * Whether the CLI ended on an error nothing handled: a stack trace, an
 * uncaught exception, or a bare system error (`momoflow: ENOSPC: …`) that
 * reached the top instead of being turned into a failed run.
 */
function endedUnhandled(out: CliOutcome): boolean {
  return /^\s+at |Uncaught|^momoflow: E[A-Z]+: /m.test(out.stderr);
}

/**
 * Issue 10, disk full: the run record (journal, backups, result.json) lives
 * in the working directory, so a full disk can stop any of its writes. The
 * run must then fail cleanly, saying so, and nothing the user had may be
 * lost: either the run puts it back, or `momoflow rollback` does once there
 * is room again. The disk is filled to leave 0, 1, 2, … blocks free, so the
 * fault lands on each of the run's writes in turn.
 */
describe("disk full: a run whose record cannot be written fails cleanly and loses nothing", function () {
  this.timeout(180_000);
  /** The mount point of the small disk; mounted while `mounted` is true. */
  let disk = "";
  let mounted = false;
  let neededBytes = 0;
  let block = 4096;

  before(async function () {
    disk = mkdtempSync(join(tmpdir(), "momoflow-disk-full-"));
    mountTmpfsOrSkip(this, disk, `size=${DISK_BYTES}`);
    mounted = true;
    block = statfsSync(disk).bsize;
    neededBytes = await measureNeededBytes();
  });
  after(() => {
    if (mounted) unmountTmpfs(disk);
    if (disk) rmdirSync(disk);
  });

  /** A fresh working directory with the user's files; the filler from the last try removed. */
  function freshWorkdir(): string {
    const workdir = join(disk, "work");
    rmSync(workdir, { recursive: true, force: true });
    rmSync(join(disk, "filler"), { force: true });
    mkdirSync(workdir);
    seedUserFiles(workdir);
    return workdir;
  }

  it("fails cleanly wherever the disk runs out, and the user's files survive (at worst until momoflow rollback)", async () => {
    const failures: string[] = [];
    for (let leave = 0; leave < neededBytes; leave += block) {
      const problems = await runOnFullDisk(leave);
      if (problems.length) failures.push(`${leave} bytes free:\n  ${problems.join("\n  ")}`);
    }
    if (failures.length)
      assert.fail(
        `${failures.length} fault points lost something or failed badly:\n\n${failures.join("\n\n")}`,
      );
  });

  /** The room one run takes on an empty disk, where it must succeed. */
  async function measureNeededBytes(): Promise<number> {
    const workdir = freshWorkdir();
    const free = freeBytes(disk);
    const out = await runCli(
      ["run", WORKFLOW, "--workflow", "disk_full", "--workdir", workdir],
      workdir,
    );
    if (out.code !== 0)
      throw new Error(`the run failed with room to spare:\n${out.stdout}${out.stderr}`);
    const needed = free - freeBytes(disk);
    if (needed < 4 * block)
      throw new Error(`the run used only ${needed} bytes: too few writes to fault`);
    // The run also holds its reserve while it runs (removed at its end): the disk may run out
    // on its last write only with that much more free.
    return needed + Math.ceil(JournalReserve.bytesFor(STEPS) / block) * block;
  }

  /** One run with `leave` bytes free; returns what went wrong. */
  async function runOnFullDisk(leave: number): Promise<string[]> {
    const problems: string[] = [];
    const workdir = freshWorkdir();
    const before = treeState(workdir);
    fillLeaving(join(disk, "filler"), leave);
    const out = await runCli(
      ["run", WORKFLOW, "--workflow", "disk_full", "--workdir", workdir],
      workdir,
    );
    const printed = `--- run (exit ${out.code}) ---\n${out.stdout}${out.stderr}`;
    if (out.code === 0) return []; // The run fit after all: no fault to check here.

    if (out.code !== 1) problems.push(`the run exited ${out.code ?? out.signal}, not 1`);
    if (endedUnhandled(out))
      problems.push("the run ended on an unhandled error, not a clean failure");
    const runDir = latestRunDir(workdir);
    const events = runDir ? journalEvents(runDir) : [];
    const started = events.some((e) => e.type === "step_started");
    const resultWritten = runDir !== undefined && existsSync(join(runDir, "result.json"));
    const fault = recordFault(events, resultWritten);
    if (fault?.endsWith("could not make its backup")) {
      // A backup is made before anything changes: the step says so, and that nothing changed.
      if (
        !/cannot back up .* disk full \(ENOSPC\); nothing was changed/.test(out.stdout + out.stderr)
      )
        problems.push(
          `${fault}, yet no "cannot back up …: disk full (ENOSPC); nothing was changed"`,
        );
    } else if (fault) {
      if (!/the run record could not be written: disk full at \S+/.test(out.stdout + out.stderr))
        problems.push(`${fault}, yet no "the run record could not be written: disk full at …"`);
    } else if (!/no space left|disk full/i.test(out.stdout + out.stderr)) {
      // The record is whole: the disk ran out on a step's own write, which must say why it failed.
      problems.push("the run failed without saying the disk is full");
    }
    const unlisted = undoneUnlisted(out.stdout);
    if (unlisted.length)
      problems.push(
        `the table says ${unlisted.join(", ")} rolled back, the summary line does not list them`,
      );
    if (started && !resultWritten && !/step\s+status/.test(out.stdout)) {
      // Without result.json the output is all the user has: it must say what happened.
      problems.push("result.json could not be written and the run printed no summary");
    }

    // Room again: whatever the run could not put back, momoflow rollback must.
    rmSync(join(disk, "filler"));
    const afterRun = treeDiff(before, treeState(workdir));
    if (runDir) {
      // Also when the journal is empty (its first line did not fit): the run ran nothing, and
      // momoflow rollback of it must say there is nothing to undo, not that the record is unreadable.
      const undo = await runCli(["rollback", runDir], workdir);
      const undoPrinted = `--- momoflow rollback (exit ${undo.code}) ---\n${undo.stdout}${undo.stderr}`;
      if (endedUnhandled(undo))
        problems.push(`momoflow rollback ended on an unhandled error\n${undoPrinted}`);
      // It undoes what is left, or finds nothing left: from the journal alone when result.json is missing.
      if (undo.code !== 0) problems.push(`momoflow rollback exited ${undo.code}\n${undoPrinted}`);
      if (events.length === 0 && !/nothing to undo/.test(undo.stdout))
        problems.push(`momoflow rollback of a run that ran nothing did not say so\n${undoPrinted}`);
      if (events.length === 0 && /momoflow rollback \S+ works from it/.test(out.stdout))
        problems.push("the run ran nothing, yet it says momoflow rollback works from its journal");
    } else if (afterRun.length > 0) {
      problems.push("the tree changed and there is no journal to roll back from");
    }
    const lost = treeDiff(before, treeState(workdir));
    if (lost.length) problems.push(`the user's files are not back:\n    ${lost.join("\n    ")}`);
    if (problems.length) problems.push(printed);
    return problems;
  }
});
