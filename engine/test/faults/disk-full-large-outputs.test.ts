import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli, type CliOutcome } from "../support/cli-process";
import { said } from "../support/cli-said";
import { latestRunDir } from "../support/run-record-files";
import { useSmallDisk } from "../support/tmpfs-mount";

const NAMES = ["a", "b", "c", "d", "e", "f"];
/** Each instance prints this many characters: more than a record keeps of an output. */
const PRINTED = 60_000;

/**
 * A fan-out whose instances print long outputs; instance `filler` fills the
 * small disk as it ends. The fan-out step's own output is the list of its
 * instances' outputs. Ops go to $OPS_LOG, on another disk.
 */
const workflow = (filler: string): string => `workflow chatty {
  step talk {
    for_each: name in [${NAMES.map((n) => `"${n}"`).join(", ")}]
    run: """
      echo do-\${name} >> "$OPS_LOG"
      if [ \${name} = ${filler} ]; then head -c 4000000 /dev/zero > "$FILLER" || true; fi
      printf '%${PRINTED}s\\n' | tr ' ' \${name}
      """
    rollback: "echo undo-\${name} >> \\"$OPS_LOG\\""
  }
}
`;

/**
 * The lines a full disk kept out of the journal are written again from the
 * room the run keeps for its rollback's lines. A step's outcome is only as
 * long as the output the record keeps: the fan-out step's list of outputs
 * was kept whole (hundreds of kB, its instances' own lines cut each one),
 * and writing it again used up all that room — the rollback then undid
 * nothing, for want of room to record its undos.
 */
describe("disk full after steps with long outputs: the rollback still finds room for its lines", function () {
  this.timeout(60_000);
  const small = useSmallDisk("momoflow-disk-full-outputs-", 1024 * 1024);

  function fresh(filler: string): { workdir: string; file: string; env: Record<string, string> } {
    const workdir = join(small.disk, "work");
    rmSync(workdir, { recursive: true, force: true });
    rmSync(join(small.disk, "filler"), { force: true });
    mkdirSync(workdir);
    const file = join(small.outside, "flow.momoflow");
    writeFileSync(file, workflow(filler));
    const opsLog = join(small.outside, "ops.log");
    rmSync(opsLog, { force: true });
    return { workdir, file, env: { OPS_LOG: opsLog, FILLER: join(small.disk, "filler") } };
  }

  const ops = (): string[] => {
    const path = join(small.outside, "ops.log");
    return existsSync(path) ? readFileSync(path, "utf8").trim().split("\n") : [];
  };

  const cli = (args: string[], workdir: string, env: Record<string, string>): Promise<CliOutcome> =>
    startCli(args, workdir, env).done;

  const journalLines = (runDir: string): string[] =>
    readFileSync(join(runDir, "journal.jsonl"), "utf8").trim().split("\n");

  it("undoes every instance done in the run's own rollback, records it, and keeps no output whole that is longer than the record keeps", async () => {
    const { workdir, file, env } = fresh("d");
    const run = await cli(["run", file, "--workdir", workdir], workdir, env);
    assert.equal(run.code, 1, said(run));
    assert.match(said(run), /disk full/);
    const done = NAMES.slice(0, NAMES.indexOf("d") + 1);
    const undone = [...done].reverse().map((n) => `undo-${n}`);
    assert.deepEqual(ops(), [...done.map((n) => `do-${n}`), ...undone], said(run));
    assert.match(said(run), /^ {2}rolled_back /m, said(run));

    const runDir = latestRunDir(workdir)!;
    const longest = Math.max(...journalLines(runDir).map((line) => line.length));
    assert.ok(longest < PRINTED, `a journal line of ${longest} characters holds a whole output`);

    // The undos are in the record: a rollback once there is room undoes nothing again.
    rmSync(join(small.disk, "filler"), { force: true });
    const back = await cli(["rollback", runDir], workdir, env);
    assert.equal(back.code, 0, said(back));
    assert.deepEqual(ops(), [...done.map((n) => `do-${n}`), ...undone], said(back));
  });

  it("a run whose last step fills the disk succeeds, and its journal still ends with the run's end", async () => {
    const { workdir, file, env } = fresh(NAMES.at(-1)!);
    const run = await cli(["run", file, "--workdir", workdir], workdir, env);
    assert.equal(run.code, 0, said(run));
    assert.doesNotMatch(said(run), /could not be written: disk full at .*journal/, said(run));
    const events = journalLines(latestRunDir(workdir)!).map(
      (line) => JSON.parse(line) as { type: string; step?: string; output?: unknown },
    );
    assert.equal(events.at(-1)?.type, "run_finished");
    const last = events.find((e) => e.type === "step_finished" && e.step === "talk[5]");
    assert.ok(last, "the last instance's outcome is in the journal");
    assert.deepEqual(
      ops(),
      NAMES.map((n) => `do-${n}`),
      said(run),
    );
  });
});
