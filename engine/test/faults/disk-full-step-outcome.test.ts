import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli, type CliOutcome } from "../support/cli-process";
import { said } from "../support/cli-said";
import { latestRunDir } from "../support/run-record-files";
import { useSmallDisk } from "../support/tmpfs-mount";

/**
 * `make`'s undo reads its own output, so the run can record that undo only
 * with the step's outcome. Its instance `b` fills the small disk as it ends:
 * its outcome line, longer than a block, finds no room. Ops go to $OPS_LOG,
 * on another disk.
 */
const WORKFLOW = `workflow lost_outcome {
  step make {
    for_each: name in ["a", "b"]
    run: """
      echo do-\${name} >> "$OPS_LOG"
      if [ \${name} = b ]; then head -c 4000000 /dev/zero > "$FILLER" || true; fi
      echo "made-\${name}-$(printf '%2500s' | tr ' ' x)"
      """
    rollback: "echo undo-\${name}-\${steps.make.output} >> \\"$OPS_LOG\\""
  }
  step after {
    needs: make
    run: "echo after >> \\"$OPS_LOG\\""
    rollback: "echo undo-after >> \\"$OPS_LOG\\""
  }
}
`;

/**
 * A step that succeeded did its work, also when the disk was full by the time
 * its outcome line was to be written. That line holds what a later rollback
 * needs (here the undo, resolved from the step's output): the run writes it
 * with its end, from the room it keeps for its rollback's lines, so that
 * `momoflow rollback` — after `--no-rollback` or a kill — undoes the step,
 * and `result.json` says it succeeded, as the terminal did, not that the run
 * was interrupted while it ran.
 */
describe("disk full as a step ends: its outcome is still recorded, and the step can be undone", function () {
  this.timeout(60_000);
  const small = useSmallDisk("momoflow-disk-full-outcome-", 1024 * 1024);

  function fresh(): { workdir: string; file: string; env: Record<string, string> } {
    const workdir = join(small.disk, "work");
    rmSync(workdir, { recursive: true, force: true });
    rmSync(join(small.disk, "filler"), { force: true });
    mkdirSync(workdir);
    const file = join(small.outside, "flow.momoflow");
    writeFileSync(file, WORKFLOW);
    const opsLog = join(small.outside, "ops.log");
    rmSync(opsLog, { force: true });
    return { workdir, file, env: { OPS_LOG: opsLog, FILLER: join(small.disk, "filler") } };
  }

  /** An instance's output: long, so that its outcome line needs a block of its own. */
  const made = (name: string): string => `made-${name}-${"x".repeat(2500)}`;

  const ops = (): string[] => {
    const path = join(small.outside, "ops.log");
    return existsSync(path) ? readFileSync(path, "utf8").trim().split("\n") : [];
  };

  async function cli(
    args: string[],
    workdir: string,
    env: Record<string, string>,
  ): Promise<CliOutcome> {
    return startCli(args, workdir, env).done;
  }

  it("after --no-rollback: the journal holds the instance's outcome, and momoflow rollback undoes it with its output", async () => {
    const { workdir, file, env } = fresh();
    const run = await cli(["run", file, "--workdir", workdir, "--no-rollback"], workdir, env);
    assert.equal(run.code, 1, said(run));
    assert.match(said(run), /disk full/);
    const runDir = latestRunDir(workdir)!;
    const finished = readFileSync(join(runDir, "journal.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line))
      .find((e) => e.type === "step_finished" && e.step === "make[1]");
    assert.equal(finished?.status, "success", "the journal holds the instance's outcome");

    rmSync(join(small.disk, "filler"), { force: true });
    const back = await cli(["rollback", runDir], workdir, env);
    assert.equal(back.code, 0, said(back));
    assert.deepEqual(
      ops(),
      ["do-a", "do-b", `undo-b-${made("b")}`, `undo-a-${made("a")}`],
      said(back),
    );
  });

  it("with the run's own rollback: the instance is undone once, and a later momoflow rollback undoes nothing again", async () => {
    const { workdir, file, env } = fresh();
    const run = await cli(["run", file, "--workdir", workdir], workdir, env);
    assert.equal(run.code, 1, said(run));
    rmSync(join(small.disk, "filler"), { force: true });
    const back = await cli(["rollback", latestRunDir(workdir)!], workdir, env);
    assert.equal(back.code, 0, said(back));
    assert.deepEqual(
      ops(),
      ["do-a", "do-b", `undo-b-${made("b")}`, `undo-a-${made("a")}`],
      said(back),
    );
  });
});

/**
 * `a` changes something nothing undoes (an irreversible step) and fills the
 * small disk as it ends, the first time only. `b`'s intent, made long by its
 * rollback, then finds no room.
 */
const IRREVERSIBLE = `workflow irreversible {
  step a {
    run: """
      echo do-a >> "$OPS_LOG"
      if [ ! -e "$OPS_LOG.filled" ]; then head -c 4000000 /dev/zero > "$FILLER" || true; touch "$OPS_LOG.filled"; fi
      """
  }
  step b {
    needs: a
    run: "echo do-b >> \\"$OPS_LOG\\""
    rollback: "echo undo-b >> \\"$OPS_LOG\\" # ${"x".repeat(5000)}"
  }
}
`;

/**
 * A step's outcome rides along with the next line that must be in the
 * journal before its effect (the next step's intent): when the disk is full
 * for that line, the outcome was lost with it, though the step had ended.
 * The record then said the run was interrupted in `a`, and `--resume` ran
 * `a` — a step nothing undoes — a second time.
 */
describe("disk full at a step's intent: the outcome of the step before it is not lost", function () {
  this.timeout(60_000);
  const small = useSmallDisk("momoflow-disk-full-deferred-", 1024 * 1024);

  it("--resume reuses the step that succeeded instead of running it again", async () => {
    const workdir = join(small.disk, "work");
    mkdirSync(workdir);
    const file = join(small.outside, "flow.momoflow");
    writeFileSync(file, IRREVERSIBLE);
    const opsLog = join(small.outside, "ops.log");
    const env = { OPS_LOG: opsLog, FILLER: join(small.disk, "filler") };
    const run = await startCli(["run", file, "--workdir", workdir, "--no-rollback"], workdir, env)
      .done;
    assert.equal(run.code, 1, said(run));
    assert.match(said(run), /disk full/);
    rmSync(join(small.disk, "filler"));
    const resumed = await startCli(["run", file, "--workdir", workdir, "--resume"], workdir, env)
      .done;
    assert.equal(resumed.code, 0, said(resumed));
    assert.match(resumed.stdout, /a +success +0 .*reused from run/, said(resumed));
    assert.deepEqual(readFileSync(opsLog, "utf8").trim().split("\n"), ["do-a", "do-b"]);
  });
});
