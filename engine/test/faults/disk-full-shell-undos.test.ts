import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli, type CliOutcome } from "../support/cli-process";
import { latestRunDir } from "../support/run-record-files";
import { useSmallDisk } from "../support/tmpfs-mount";

/** Small, so the failing step fills it at once. */
const DISK_BYTES = 1024 * 1024;
/** The workflow's steps in the order they run: the undos must come in the reverse one. */
const STEPS = ["one", "two", "three", "four", "fill"];
/** Pad lengths tried: together they put the journal's rollback lines on every part of a 4 KB block. */
const PAD_STEP = 256;
const PAD_MAX = 4096;

/**
 * The workflow: its steps write files on the small disk and note in $OPS_LOG
 * (a file on another disk, so a full one never stops the note) that they did;
 * their undos only note that they ran: an undo run twice shows as its note
 * twice. `fill` writes more than the disk holds, so it fails and the rollback
 * runs on a disk with no room left. `pad` (any text, in the journal's first
 * line) shifts where in their blocks the rollback's lines fall. A step's id
 * is its name followed by `idLength` x's: long ids make long lines.
 */
function workflowText(idLength: number): string {
  const id = (name: string): string => `${name}_${"x".repeat(idLength)}`;
  const steps = STEPS.map((name, i) => {
    const size = name === "fill" ? 2_000_000 : 4096;
    return [
      `  step ${id(name)} {`,
      ...(i > 0 ? [`    needs: ${id(STEPS[i - 1]!)}`] : []),
      `    run: "head -c ${size} /dev/zero > ${name}.bin && echo do-${name} >> \\"$OPS_LOG\\""`,
      `    rollback: "echo undo-${name} >> \\"$OPS_LOG\\""`,
      "  }",
    ].join("\n");
  });
  return `workflow shell_undos {\n  param pad: string = ""\n  var padded = pad\n${steps.join("\n")}\n}\n`;
}

/** What the steps and their undos noted, in order: `do-one`, …, `undo-one`. */
function opsOf(opsLog: string): string[] {
  return existsSync(opsLog) ? readFileSync(opsLog, "utf8").split("\n").filter(Boolean) : [];
}

/**
 * What is wrong with the notes of one run and its `momoflow rollback`: every
 * step that did its work is undone exactly once, no undo runs twice, and the
 * undos come in the reverse order of the steps.
 */
function undoProblems(ops: string[]): string[] {
  const problems: string[] = [];
  const undos = ops.filter((op) => op.startsWith("undo-")).map((op) => op.slice(5));
  for (const step of new Set(undos)) {
    const times = undos.filter((u) => u === step).length;
    if (times > 1) problems.push(`step ${step} was undone ${times} times`);
  }
  for (const op of ops.filter((o) => o.startsWith("do-"))) {
    if (!undos.includes(op.slice(3)))
      problems.push(`step ${op.slice(3)} did its work and was never undone`);
  }
  const order = [...new Set(undos)].map((s) => STEPS.indexOf(s));
  if (order.some((index, i) => i > 0 && index > order[i - 1]!))
    problems.push(`the undos ran as ${undos.join(", ")}, not in reverse order`);
  return problems;
}

function section(title: string, out: CliOutcome): string {
  return `--- ${title} (exit ${out.code}) ---\n${out.stdout}${out.stderr}`;
}

/**
 * A full disk must not make a step's undo run twice. The run's last step
 * fills the disk and fails; the live rollback then undoes the others on a disk
 * with no room, where their `step_rolled_back` lines once did not fit: the
 * undo happened all the same, and `momoflow rollback` — once there was room —
 * saw no record of it and ran it again. Harmless for an idempotent built-in,
 * wrong for a shell undo that appends to a log, sends a mail, pays back money.
 * Now the run keeps a reserve for its rollback's lines, and stops its rollback
 * (leaving the rest to `momoflow rollback`) before an undo whose lines the
 * reserve could no longer take.
 */
describe("disk full: a shell undo runs once, also when the live rollback runs on a full disk", function () {
  this.timeout(300_000);
  const small = useSmallDisk("momoflow-shell-undos-", DISK_BYTES);

  it("undoes every step exactly once, in reverse order, between the run and momoflow rollback", async () => {
    const { failures, undoneLive } = await tryAllPads(0);
    if (failures.length)
      assert.fail(`${failures.length} tries undid wrongly:\n\n${failures.join("\n\n")}`);
    // The live rollback did run on the full disk: otherwise this proved nothing.
    assert.ok(undoneLive > 0, "no try's live rollback undid anything");
  });

  it("stops the live rollback, saying so, before an undo whose lines the used-up reserve could not take", async () => {
    // Ids of 1000 characters: the rollback's lines outgrow the reserve made for five steps.
    const { failures, undoneLive, stopped } = await tryAllPads(1000);
    if (failures.length)
      assert.fail(`${failures.length} tries undid wrongly:\n\n${failures.join("\n\n")}`);
    assert.ok(undoneLive > 0, "no try's live rollback undid anything");
    assert.ok(stopped > 0, "no try's live rollback stopped for want of room");
  });

  /** Runs the workflow (ids `idLength` long) once for each pad; what went wrong in each. */
  async function tryAllPads(
    idLength: number,
  ): Promise<{ failures: string[]; undoneLive: number; stopped: number }> {
    const workflow = join(small.outside, `shell-undos-${idLength}.momoflow`);
    writeFileSync(workflow, workflowText(idLength));
    const failures: string[] = [];
    let undoneLive = 0;
    let stopped = 0;
    for (let pad = 0; pad <= PAD_MAX; pad += PAD_STEP) {
      const outcome = await runAndRollBack(workflow, pad);
      undoneLive += outcome.undoneLive;
      if (outcome.stopped) stopped++;
      if (outcome.problems.length) failures.push(`pad ${pad}:\n  ${outcome.problems.join("\n  ")}`);
    }
    return { failures, undoneLive, stopped };
  }

  /** One run with a pad of `pad` characters, then `momoflow rollback` once there is room. */
  async function runAndRollBack(
    workflow: string,
    pad: number,
  ): Promise<{ problems: string[]; undoneLive: number; stopped: boolean }> {
    const workdir = join(small.disk, "work");
    rmSync(workdir, { recursive: true, force: true });
    mkdirSync(workdir);
    const opsLog = join(small.outside, `ops-${pad}.log`);
    rmSync(opsLog, { force: true });
    const env = { OPS_LOG: opsLog };
    const args = ["run", workflow, "--workdir", workdir, "--param", `pad=${"x".repeat(pad)}`];
    const run = await startCli(args, workdir, env).done;
    const printed = [section("run", run)];
    const problems: string[] = [];
    if (run.code !== 1) problems.push(`the run exited ${run.code ?? run.signal}, not 1`);
    const undoneLive = opsOf(opsLog).filter((op) => op.startsWith("undo-")).length;
    const stopped = /the rollback stopped: the disk is full/.test(run.stdout + run.stderr);
    const runDir = latestRunDir(workdir);
    if (stopped && runDir && !(run.stdout + run.stderr).includes(`momoflow rollback ${runDir}`))
      problems.push("the rollback stopped without naming the momoflow rollback that finishes it");

    // Room again: the user removes the failed step's file.
    rmSync(join(workdir, "fill.bin"), { force: true });
    if (runDir) {
      const undo = await startCli(["rollback", runDir], workdir, env).done;
      printed.push(section("momoflow rollback", undo));
      if (undo.code !== 0) problems.push(`momoflow rollback exited ${undo.code ?? undo.signal}`);
      if (existsSync(join(runDir, "journal.reserve")))
        problems.push("the reserve is still there when nothing is left to undo");
    }
    const ops = opsOf(opsLog);
    problems.push(...undoProblems(ops));
    if (problems.length) problems.push(`ops: ${ops.join(", ")}`, ...printed);
    return { problems, undoneLive, stopped };
  }
});

/**
 * A run whose rollback is off (`--no-rollback`) and that failed on a full disk
 * leaves its undos (the failed step's too) to `momoflow rollback`, on that same full disk: the reserve
 * the run kept records them, so the rollback undoes every step once and says
 * it did. (The run once removed its reserve whenever its rollback was off: the
 * rollback then stopped before its first undo, unable to record it.)
 */
describe("disk full: momoflow rollback after a --no-rollback run records its undos from the run's reserve", function () {
  this.timeout(120_000);
  const small = useSmallDisk("momoflow-no-rollback-reserve-", DISK_BYTES);

  it("undoes every step once on the disk the run left full", async () => {
    const workflow = join(small.outside, "shell-undos.momoflow");
    writeFileSync(workflow, workflowText(0));
    const workdir = join(small.disk, "work");
    mkdirSync(workdir);
    const opsLog = join(small.outside, "ops.log");
    const env = { OPS_LOG: opsLog };
    const run = await startCli(
      ["run", workflow, "--workdir", workdir, "--no-rollback"],
      workdir,
      env,
    ).done;
    assert.equal(run.code, 1, section("run", run));
    const runDir = latestRunDir(workdir)!;
    assert.ok(existsSync(join(runDir, "journal.reserve")), "the run kept its reserve");
    assert.ok(existsSync(join(workdir, "fill.bin")), "the disk is still full");

    const undo = await startCli(["rollback", runDir], workdir, env).done;
    const printed = `${section("run", run)}\n${section("momoflow rollback", undo)}`;
    assert.equal(undo.code, 0, printed);
    const ops = opsOf(opsLog);
    assert.deepEqual(undoProblems(ops), [], `${ops.join(", ")}\n${printed}`);
    assert.deepEqual(
      ops.filter((op) => op.startsWith("undo-")),
      ["undo-fill", "undo-four", "undo-three", "undo-two", "undo-one"],
      printed,
    );
    assert.ok(!existsSync(join(runDir, "journal.reserve")), "nothing left to undo: removed");
  });
});
