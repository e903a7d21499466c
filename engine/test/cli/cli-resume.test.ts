import assert from "node:assert/strict";
import Ajv from "ajv";
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { journalText, runCli, startCli, waitFor, type CliOutcome } from "../support/cli-process";
import { said } from "../support/cli-said";
import { expectDead, isAlive } from "../support/process-liveness";
import { runDirOf, runIdsOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import journalSchema from "../../../schemas/run-journal-event.schema.json";
import resultSchema from "../../../schemas/run-result.schema.json";
import type { ResultStep, RunResultFile } from "../../src/record/result-file";

/**
 * Four steps, as a user writes them: a built-in file write (undone from its
 * backup), then shell steps that count their runs in runs.log and their undos
 * in undo.log. Step three needs needed.txt (the cause to fix), and waits
 * while a file "hang" exists (to be killed); step four reads step two's output.
 */
const FOUR_STEPS = (two = "two") => `workflow four {
  step one {
    run: create_file(path: "notes.txt", content: "new notes")
  }
  step two {
    needs: one
    run: "echo ${two} >> runs.log; echo built-42"
    rollback: "echo undo-two >> undo.log"
  }
  step three {
    needs: two
    run: """
      if [ -f hang ]; then echo $$ > three.pid; sleep 30; fi
      test -f needed.txt
      echo three >> runs.log
      """
    rollback: "echo undo-three >> undo.log"
  }
  step four {
    needs: [two, three]
    run: "echo four-\${steps.two.output} >> runs.log"
    rollback: "echo undo-four >> undo.log"
  }
}
`;

/**
 * An up-to-date step `convert` (in.txt to out.txt, counting its runs in
 * count.txt) whose output, printed by `print`, the next step appends to used.txt.
 */
function convertThenUse(print: string, param = ""): string {
  return `workflow make {
  ${param}
  step convert {
    inputs: "in.txt"
    outputs: "out.txt"
    run: "cp in.txt out.txt && echo ran >> count.txt && ${print}"
    rollback: none
  }
  step use {
    needs: convert
    run: "echo got-\${steps.convert.output} >> used.txt"
    rollback: none
  }
}
`;
}

describe("momoflow run --resume (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-resume-");
  const file = (): string => join(tmp(), "four.momoflow");
  const read = (name: string): string => readFileSync(join(tmp(), name), "utf8");
  const lines = (name: string): string[] =>
    existsSync(join(tmp(), name)) ? read(name).trim().split("\n") : [];
  const runsDir = (): string => join(tmp(), ".momoflow", "runs");
  const runIds = (): string[] => runIdsOf(tmp());
  const result = (id: string): RunResultFile =>
    JSON.parse(readFileSync(join(runsDir(), id, "result.json"), "utf8"));
  const cli = (...args: string[]): Promise<CliOutcome> => runCli(args, tmp());

  /** Every journal line and result.json of a run, against their schemas. */
  function assertRecordValid(id: string): void {
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(journalSchema);
    const event = ajv.getSchema(journalSchema.$id)!;
    const text = readFileSync(join(runsDir(), id, "journal.jsonl"), "utf8");
    for (const line of text.trim().split("\n"))
      assert.ok(event(JSON.parse(line)), `${line}: ${ajv.errorsText(event.errors)}`);
    const validResult = ajv.compile(resultSchema);
    assert.ok(validResult(result(id)), ajv.errorsText(validResult.errors));
  }

  /** The first run, kept with --no-rollback, fails at step three: needed.txt is missing. */
  async function failedRun(): Promise<string> {
    writeFileSync(join(tmp(), "notes.txt"), "old notes");
    writeFileSync(file(), FOUR_STEPS());
    const first = await cli("run", file(), "--no-rollback");
    assert.equal(first.code, 1, said(first));
    assert.deepEqual(lines("runs.log"), ["two"]);
    return runIds()[0]!;
  }

  /**
   * Resumes the failed run, killed (SIGKILL, by the CLI's test-only hook) right
   * after the write that put reused step one's intent into its journal: were
   * its rollback data and outcome written apart, they would be missing.
   */
  async function resumeKilledAfterReusedIntent(): Promise<void> {
    const { done } = startCli(["run", file(), "--resume"], tmp(), {
      MOMOFLOW_TEST_KILL_AFTER_LINE_WITH: '"step":"one","attempt":1',
    });
    assert.equal((await done).signal, "SIGKILL");
  }

  it("a resumed run killed right after a reused step's intent: its rollback undoes that step (its lines are one write)", async () => {
    await failedRun();
    writeFileSync(join(tmp(), "needed.txt"), "fixed");
    await resumeKilledAfterReusedIntent();
    assert.equal(read("notes.txt"), "new notes");
    const undone = await cli("rollback", file());
    assert.equal(undone.code, 0, said(undone));
    assert.equal(read("notes.txt"), "old notes", "step one's write undone from its backup");
    // Three failed half-way in the first run: its attempt there, taken over, is undone too.
    assert.deepEqual(lines("undo.log"), ["undo-three", "undo-two"]);
  });

  it("a resumed run killed right after a reused step's intent: a --resume of it reuses that step", async () => {
    const old = await failedRun();
    writeFileSync(join(tmp(), "needed.txt"), "fixed");
    await resumeKilledAfterReusedIntent();
    const killed = runIds().find((n) => n !== old)!;
    const resumed = await cli("run", file(), "--resume");
    assert.equal(resumed.code, 0, said(resumed));
    assert.match(resumed.stdout, new RegExp(`one\\s+success\\s+0\\s.*reused from run ${killed}`));
    const undone = await cli("rollback", file());
    assert.equal(undone.code, 0, said(undone));
    assert.equal(read("notes.txt"), "old notes");
  });

  it("runs only the steps left after a failure; the rollback of the new run undoes all four in reverse, once", async () => {
    const old = await failedRun();
    writeFileSync(join(tmp(), "needed.txt"), "fixed");

    const resumed = await cli("run", file(), "--resume");
    assert.equal(resumed.code, 0, said(resumed));
    // One and two did not run again: two's counter line is there once, and four read its output.
    assert.deepEqual(lines("runs.log"), ["two", "three", "four-built-42"]);
    assert.match(resumed.stdout, new RegExp(`two\\s+success\\s+0\\s.*reused from run ${old}`));
    const id = runIds().find((n) => n !== old)!;
    const steps: ResultStep[] = result(id).steps;
    assert.deepEqual(
      steps.map((s) => [s.id, s.status, s.reusedFrom]),
      [
        ["one", "success", old],
        ["two", "success", old],
        ["three", "success", undefined],
        ["four", "success", undefined],
      ],
    );
    assert.match(steps[2]!.fingerprint ?? "", /^sha256:[0-9a-f]{64}$/);
    assert.equal(result(id).resumedFrom, old);
    assert.equal(result(old).resumedBy, id);
    assertRecordValid(id);
    assertRecordValid(old);

    const undone = await cli("rollback", file());
    assert.equal(undone.code, 0, said(undone));
    // Three twice: its attempt here, then the one that failed half-way in the first run.
    assert.deepEqual(lines("undo.log"), ["undo-four", "undo-three", "undo-three", "undo-two"]);
    // one's undo put back what was there before the first run, from that run's backup.
    assert.equal(read("notes.txt"), "old notes");
    assert.deepEqual(result(id).rolledBackSteps, ["four", "three", "two", "one"]);

    // The old run is not rolled back a second time: it says which run owns its steps.
    const again = await cli("rollback", join(runsDir(), old));
    assert.equal(again.code, 2, said(again));
    assert.match(again.stderr, new RegExp(`resumed by run ${id}.*roll back ${id} instead`));
    assert.deepEqual(lines("undo.log"), ["undo-four", "undo-three", "undo-three", "undo-two"]);
    const twice = await cli("rollback", join(runsDir(), id));
    assert.equal(twice.code, 0, said(twice));
    assert.deepEqual(lines("undo.log"), ["undo-four", "undo-three", "undo-three", "undo-two"]);
  });

  it("runs a step again when its action changed since, and says so", async () => {
    const old = await failedRun();
    writeFileSync(join(tmp(), "needed.txt"), "fixed");
    writeFileSync(file(), FOUR_STEPS("two-v2"));
    const resumed = await cli("run", file(), "--resume", old);
    assert.equal(resumed.code, 0, said(resumed));
    assert.deepEqual(lines("runs.log"), ["two", "two-v2", "three", "four-built-42"]);
    assert.match(resumed.stdout, new RegExp(`two\\s+success\\s+1\\s.*changed since run ${old}`));
    assert.match(resumed.stdout, new RegExp(`one\\s+success\\s+0\\s.*reused from run ${old}`));
  });

  it("resumes a run that was killed (SIGKILL), after stopping what its shell step left running", async function () {
    if (process.platform !== "linux") this.skip(); // a recorded process group is matched through /proc
    writeFileSync(file(), FOUR_STEPS());
    writeFileSync(join(tmp(), "hang"), "");
    const { child, done } = startCli(["run", file()], tmp());
    await waitFor(() => existsSync(join(tmp(), "three.pid")), "step three to start waiting");
    await waitFor(() => journalText(tmp()).includes('"type":"step_process"'), "its group");
    child.kill("SIGKILL");
    assert.equal((await done).signal, "SIGKILL");
    const leader = Number(read("three.pid").trim());
    assert.equal(isAlive(leader), true, "the killed run's shell step goes on alone");
    const old = runIds()[0]!;

    writeFileSync(join(tmp(), "needed.txt"), "fixed");
    rmSync(join(tmp(), "hang"));
    const resumed = await cli("run", file(), "--resume");
    try {
      assert.equal(resumed.code, 0, said(resumed));
      await expectDead([leader]);
      assert.deepEqual(lines("runs.log"), ["two", "three", "four-built-42"]);
      assert.match(resumed.stdout, new RegExp(`two\\s+success\\s+0\\s.*reused from run ${old}`));
    } finally {
      if (isAlive(leader)) process.kill(-leader, "SIGKILL");
    }
  });

  it("keeps what a reused cleanup step did (started after a failure), as the resumed run's rollback would", async () => {
    writeFileSync(
      file(),
      `workflow cleanup {
  step a {
    run: "echo a >> runs.log"
    rollback: "echo undo-a >> undo.log"
  }
  step x {
    needs: a
    run: "test -f fixed"
    rollback: none
  }
  step cleanup {
    needs: a
    when: steps.x.status == failed
    run: "echo cleanup >> runs.log"
    rollback: "echo undo-cleanup >> undo.log"
  }
}
`,
    );
    const first = await cli("run", file(), "--no-rollback");
    assert.equal(first.code, 1, said(first));
    // x fails again: cleanup is reused, and the rollback undoes a, not what cleanup did.
    const resumed = await cli("run", file(), "--resume");
    assert.equal(resumed.code, 1, said(resumed));
    assert.match(resumed.stdout, /cleanup\s+success\s+0\s.*reused from run/);
    assert.deepEqual(lines("runs.log"), ["a", "cleanup"]);
    assert.deepEqual(lines("undo.log"), ["undo-a"]);
  });

  it("refuses, with the reason and exit 2, what cannot be resumed; nothing runs", async () => {
    writeFileSync(file(), FOUR_STEPS());
    const none = await cli("run", file(), "--resume");
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no earlier run of workflow "four"/);

    writeFileSync(join(tmp(), "needed.txt"), "fixed");
    const ok = await cli("run", file());
    assert.equal(ok.code, 0, said(ok));
    const succeeded = await cli("run", file(), "--resume");
    assert.equal(succeeded.code, 2);
    assert.match(
      succeeded.stderr,
      /cannot resume run .*: it succeeded: there is nothing to resume/,
    );

    // A failure rolled back (the default) leaves nothing to resume.
    rmSync(join(tmp(), "needed.txt"));
    const failed = await cli("run", file());
    assert.equal(failed.code, 1);
    const rolledBack = await cli("run", file(), "--resume");
    assert.equal(rolledBack.code, 2);
    assert.match(rolledBack.stderr, /it was rolled back/);

    // A run of another workflow.
    writeFileSync(
      join(tmp(), "other.momoflow"),
      `workflow other {\n  step a {\n    run: "exit 1"\n  }\n}\n`,
    );
    const other = await cli("run", join(tmp(), "other.momoflow"), "--no-rollback");
    assert.equal(other.code, 1);
    const otherId = runIds().find((n) => n.includes("-other-"))!;
    const wrong = await cli("run", file(), "--resume", otherId);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /it is a run of workflow "other", not "four"/);

    // A damaged record.
    const broken = join(runsDir(), otherId, "journal.jsonl");
    writeFileSync(broken, "garbage\n");
    const unreadable = await cli("run", join(tmp(), "other.momoflow"), "--resume", otherId);
    assert.equal(unreadable.code, 2);
    assert.match(unreadable.stderr, /cannot resume run .*no run_started event/);
    const missing = await cli("run", file(), "--resume", "no-such-run");
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--resume no-such-run: no such run folder/);
    assert.equal(
      lines("runs.log").length,
      4,
      "the refusals ran nothing (3 + 1 line from the two runs)",
    );
  });

  it("refuses a run whose rollback did not finish, naming the momoflow rollback that finishes it", async () => {
    // b's undo works only once allow.txt is there: the run's own rollback leaves it undone.
    writeFileSync(
      file(),
      `workflow halfundone {
  step a {
    run: create_file(path: "a.txt", content: "a")
  }
  step b {
    needs: a
    run: "echo b > b.txt"
    rollback: "test -f allow.txt && rm b.txt"
  }
  step c {
    needs: b
    run: "exit 1"
    rollback: none
  }
}
`,
    );
    const failed = await cli("run", file());
    assert.equal(failed.code, 1, said(failed));
    const runDir = runDirOf(tmp());
    const refused = await cli("run", file(), "--resume");
    assert.equal(refused.code, 2, said(refused));
    assert.match(
      refused.stderr,
      /its rollback did not finish \(left to undo: b\): finish it with momoflow rollback (\S+), then run the workflow anew/,
    );
    assert.equal(/momoflow rollback (\S+),/.exec(refused.stderr)![1], runDir);

    writeFileSync(join(tmp(), "allow.txt"), "");
    const finished = await cli("rollback", file());
    assert.equal(finished.code, 0, said(finished));
    assert.ok(!existsSync(join(tmp(), "b.txt")));
    const undone = await cli("run", file(), "--resume");
    assert.equal(undone.code, 2, said(undone));
    assert.match(undone.stderr, /: it was rolled back; run the workflow anew\n/);
  });

  it("refuses to resume a run that is still running", async function () {
    writeFileSync(file(), FOUR_STEPS());
    writeFileSync(join(tmp(), "hang"), "");
    const { child, done } = startCli(["run", file(), "--no-rollback"], tmp());
    try {
      await waitFor(() => existsSync(join(tmp(), "three.pid")), "step three to start waiting");
      const busy = await cli("run", file(), "--resume");
      assert.equal(busy.code, 2);
      assert.match(busy.stderr, new RegExp(`it is still running \\(pid ${child.pid}\\)`));
    } finally {
      child.kill("SIGINT");
      await done;
    }
  });
});

describe("steps up to date by their inputs and outputs (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-uptodate-");
  const workflow = (copy = "cp") => `workflow make {
  step convert {
    inputs: "in.txt"
    outputs: ["out/*.txt"]
    run: "mkdir -p out && ${copy} in.txt out/a.txt && echo ran >> count.txt"
    rollback: "rm -rf out"
  }
}
`;
  const count = (): number =>
    existsSync(join(tmp(), "count.txt"))
      ? readFileSync(join(tmp(), "count.txt"), "utf8").trim().split("\n").length
      : 0;
  const run = (): Promise<CliOutcome> => runCli(["run", join(tmp(), "make.momoflow")], tmp());
  /** Sets a file's times `seconds` from now: mtimes that differ for sure. */
  const age = (name: string, seconds: number): void => {
    const t = Date.now() / 1000 + seconds;
    utimesSync(join(tmp(), name), t, t);
  };

  it("skips a step whose outputs are newer than its inputs, and runs it when an input is touched or its action changed", async () => {
    writeFileSync(join(tmp(), "make.momoflow"), workflow());
    writeFileSync(join(tmp(), "in.txt"), "data");
    age("in.txt", -60);
    const first = await run();
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.equal(count(), 1);

    const second = await run();
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.equal(count(), 1, "up to date: not run");
    assert.match(second.stdout, /convert\s+skipped\s+0\s.*up to date/);
    const runDir = runDirOf(tmp());
    const step = JSON.parse(readFileSync(join(runDir, "result.json"), "utf8")).steps[0];
    assert.equal(step.upToDate, true);
    assert.equal(step.status, "skipped");
    // Nothing was done: its rollback undoes nothing.
    const undo = await runCli(["rollback", runDir], tmp());
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    assert.match(undo.stdout, /nothing to undo/);
    assert.equal(existsSync(join(tmp(), "out", "a.txt")), true);

    age("in.txt", 60);
    const touched = await run();
    assert.equal(touched.code, 0);
    assert.equal(count(), 2, "an input newer than the outputs: run again");
    age("in.txt", -60);
    assert.equal((await run()).code, 0);
    assert.equal(count(), 2, "up to date again");

    writeFileSync(join(tmp(), "make.momoflow"), workflow("cp -p"));
    assert.equal((await run()).code, 0);
    assert.equal(count(), 3, "a changed action makes the outputs stale");
  });

  /** convert as before; its undo puts an old out.txt back; check fails until a file "ok" exists. */
  const undoable = `workflow make {
  step convert {
    inputs: "in.txt"
    outputs: "out.txt"
    run: "cat in.txt > out.txt && echo ran >> count.txt && test ! -f half"
    rollback: "echo old > out.txt"
  }
  step check {
    needs: convert
    run: "test -f ok"
    rollback: none
  }
}
`;

  it("runs a step whose outputs were put back by a rollback since, not made by it", async () => {
    writeFileSync(join(tmp(), "make.momoflow"), undoable);
    writeFileSync(join(tmp(), "in.txt"), "data");
    age("in.txt", -60);
    const failed = await run();
    assert.equal(failed.code, 1, failed.stdout + failed.stderr);
    assert.equal(readFileSync(join(tmp(), "out.txt"), "utf8"), "old\n", "undone");

    writeFileSync(join(tmp(), "ok"), "");
    const again = await run();
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.equal(count(), 2, "the outputs are the undo's, not the step's: run again");
    assert.equal(readFileSync(join(tmp(), "out.txt"), "utf8"), "data");
  });

  it("runs a step that failed half-way in the newest run that started it", async () => {
    writeFileSync(join(tmp(), "make.momoflow"), undoable);
    writeFileSync(join(tmp(), "in.txt"), "data");
    writeFileSync(join(tmp(), "ok"), "");
    age("in.txt", -60);
    assert.equal((await run()).code, 0);
    // The input changes; convert writes its output, then fails, and is kept as it is.
    writeFileSync(join(tmp(), "in.txt"), "data v2");
    writeFileSync(join(tmp(), "half"), "");
    const half = await runCli(["run", join(tmp(), "make.momoflow"), "--no-rollback"], tmp());
    assert.equal(half.code, 1, half.stdout + half.stderr);
    rmSync(join(tmp(), "half"));
    const again = await run();
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.equal(count(), 3, "half-made outputs are not up to date");
    assert.doesNotMatch(again.stdout, /up to date/);
  });

  it("runs a step again when a file inside an input folder changed (the folder's own time did not)", async () => {
    writeFileSync(
      join(tmp(), "make.momoflow"),
      `workflow make {
  step convert {
    inputs: "src"
    outputs: "out.txt"
    run: "cat src/deep/a.txt > out.txt && echo ran >> count.txt"
    rollback: none
  }
}
`,
    );
    mkdirSync(join(tmp(), "src", "deep"), { recursive: true });
    writeFileSync(join(tmp(), "src", "deep", "a.txt"), "one");
    for (const name of ["src/deep/a.txt", "src/deep", "src"]) age(name, -60);
    assert.equal((await run()).code, 0);
    assert.equal((await run()).code, 0);
    assert.equal(count(), 1, "up to date");
    writeFileSync(join(tmp(), "src", "deep", "a.txt"), "two");
    age("src/deep/a.txt", 60);
    const again = await run();
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.equal(count(), 2, "a file in the input folder is newer than the output");
    assert.equal(readFileSync(join(tmp(), "out.txt"), "utf8"), "two");
  });

  it("gives the steps after an up-to-date step its output, as the run that made its outputs recorded it", async () => {
    writeFileSync(join(tmp(), "make.momoflow"), convertThenUse("echo made-42"));
    writeFileSync(join(tmp(), "in.txt"), "data");
    age("in.txt", -60);
    for (let i = 0; i < 3; i++) {
      const out = await run();
      assert.equal(out.code, 0, out.stdout + out.stderr);
    }
    assert.equal(count(), 1, "up to date twice");
    const used = readFileSync(join(tmp(), "used.txt"), "utf8").trim().split("\n");
    assert.deepEqual(used, ["got-made-42", "got-made-42", "got-made-42"]);
  });

  it("runs a step whose recorded output had a secret hidden: later steps get the value, not ***", async () => {
    writeFileSync(
      join(tmp(), "make.momoflow"),
      convertThenUse("echo token-${key}", "param key: secret"),
    );
    writeFileSync(join(tmp(), "in.txt"), "data");
    age("in.txt", -60);
    const args = ["run", join(tmp(), "make.momoflow"), "--param", "key=s3cr3t"];
    for (let i = 0; i < 2; i++) {
      const out = await runCli(args, tmp());
      assert.equal(out.code, 0, out.stdout + out.stderr);
    }
    const used = readFileSync(join(tmp(), "used.txt"), "utf8").trim().split("\n");
    assert.deepEqual(used, ["got-token-s3cr3t", "got-token-s3cr3t"]);
    assert.equal(count(), 2);
  });

  it("runs a called step whose recorded output had a secret argument known only during the run hidden: later steps get the value", async () => {
    writeFileSync(
      join(tmp(), "make.momoflow"),
      `workflow convert {
  param key: secret
  step convert {
    inputs: "in.txt"
    outputs: "out.txt"
    run: "cp in.txt out.txt && echo ran >> count.txt && echo token-\${key}"
    rollback: none
  }
}

workflow make {
  step login {
    run: "echo s3cr3t"
    rollback: none
  }
  step make {
    needs: login
    run: workflow convert(key: steps.login.output)
  }
  step use {
    needs: make
    run: "echo got-\${steps.make.output} >> used.txt"
    rollback: none
  }
}
`,
    );
    writeFileSync(join(tmp(), "in.txt"), "data");
    age("in.txt", -60);
    for (let i = 0; i < 2; i++) {
      const out = await runCli(["run", join(tmp(), "make.momoflow"), "--workflow", "make"], tmp());
      assert.equal(out.code, 0, out.stdout + out.stderr);
    }
    const used = readFileSync(join(tmp(), "used.txt"), "utf8").trim().split("\n");
    assert.deepEqual(used, ["got-token-s3cr3t", "got-token-s3cr3t"]);
    assert.equal(count(), 2);
  });

  it("runs a step whose output is missing", async () => {
    writeFileSync(join(tmp(), "make.momoflow"), workflow());
    writeFileSync(join(tmp(), "in.txt"), "data");
    age("in.txt", -60);
    assert.equal((await run()).code, 0);
    rmSync(join(tmp(), "out"), { recursive: true });
    assert.equal((await run()).code, 0);
    assert.equal(count(), 2);
  });
});

/**
 * A chain a → b → c and a step z that fails the first run. The resuming run
 * gives b a new action (param v), so c — which succeeded in the first run —
 * is reached only after b ran again: b fails (v=bad) or hangs (a file
 * "hang") there, and c is never reached.
 */
const CHAIN = `workflow chain {
  param v: string = "1"
  step a {
    run: "echo a >> runs.log"
    rollback: "echo undo-a >> undo.log"
  }
  step b {
    needs: a
    run: "if [ -f hang ]; then echo $$ > b.pid; sleep 30; fi; test \${v} != bad; echo b-\${v} >> runs.log"
    rollback: "echo undo-b >> undo.log"
  }
  step c {
    needs: b
    run: "echo c >> runs.log"
    rollback: "echo undo-c >> undo.log"
  }
  step z {
    run: "test -f needed.txt; echo z >> runs.log"
    rollback: "echo undo-z >> undo.log"
  }
}
`;

describe("momoflow run --resume: steps of the resumed run the resuming run never reached", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-resume-unreached-");
  const file = (): string => join(tmp(), "chain.momoflow");
  const lines = (name: string): string[] =>
    existsSync(join(tmp(), name)) ? readFileSync(join(tmp(), name), "utf8").trim().split("\n") : [];
  const cli = (...args: string[]): Promise<CliOutcome> => runCli(args, tmp());

  /** The first run: a, b and c succeed, z fails; kept with --no-rollback. */
  async function firstRun(): Promise<void> {
    writeFileSync(file(), CHAIN);
    const first = await cli("run", file(), "--no-rollback");
    assert.equal(first.code, 1, said(first));
    assert.deepEqual(lines("runs.log"), ["a", "b-1", "c"]);
  }

  /** Resumes the first run with b given a new action, and kills it (SIGKILL) while b waits (a file "hang"). */
  async function killResumedRunWhileBWaits(): Promise<void> {
    writeFileSync(join(tmp(), "hang"), "");
    const { child, done } = startCli(["run", file(), "--resume", "--param", "v=2"], tmp());
    await waitFor(() => existsSync(join(tmp(), "b.pid")), "step b to start waiting");
    child.kill("SIGKILL");
    assert.equal((await done).signal, "SIGKILL");
  }

  it("are taken over when it fails first: its rollback undoes them, once, in reverse order", async () => {
    await firstRun();
    const resumed = await cli("run", file(), "--resume", "--param", "v=bad");
    assert.equal(resumed.code, 1, said(resumed));
    assert.deepEqual(lines("runs.log"), ["a", "b-1", "c"], "c did not run again");
    // c's effect, from the first run, is undone by the run that owns it now (the first run's rollback refuses).
    // z failed half-way in the first run, b changed: what the first run did in them is undone
    // too (b twice: its attempt here, then the first run's), z last of what that run did.
    assert.deepEqual(lines("undo.log"), ["undo-z", "undo-c", "undo-b", "undo-b", "undo-a"]);
    assert.match(resumed.stdout, /c\s+rolled_back\s+0\s.*reused from run/);
    const again = await cli("rollback", file());
    assert.equal(again.code, 0, said(again));
    assert.deepEqual(lines("undo.log"), ["undo-z", "undo-c", "undo-b", "undo-b", "undo-a"]);
  });

  it("are taken over when it is killed (SIGKILL): its rollback undoes them, its resume reuses them", async function () {
    if (process.platform !== "linux") this.skip(); // a recorded process group is matched through /proc
    await firstRun();
    await killResumedRunWhileBWaits();
    rmSync(join(tmp(), "hang"));
    writeFileSync(join(tmp(), "needed.txt"), "fixed");

    // Resumed again: c is not run a second time, and the last run's rollback undoes every step once.
    const resumed = await cli("run", file(), "--resume", "--param", "v=2");
    assert.equal(resumed.code, 0, said(resumed));
    assert.deepEqual(lines("runs.log"), ["a", "b-1", "c", "b-2", "z"]);
    assert.match(resumed.stdout, /c\s+success\s+0\s.*reused from run/);
    const undone = await cli("rollback", file());
    assert.equal(undone.code, 0, said(undone));
    // z and b: each attempt of the three runs that may have had an effect (b's killed one too).
    assert.deepEqual(lines("undo.log"), [
      "undo-z",
      "undo-z",
      "undo-c",
      "undo-b",
      "undo-b",
      "undo-b",
      "undo-a",
    ]);
  });

  it("a handler that ran in the resumed run, skipped by its `when` now, is taken over: its rollback undoes it", async () => {
    writeFileSync(
      file(),
      `workflow chain {
  step flaky {
    run: "test -f fixed"
    rollback: none
    continue_on_error: true
  }
  step handler {
    needs: flaky
    when: steps.flaky.status == failed
    run: "echo handler >> runs.log"
    rollback: "echo undo-handler >> undo.log"
  }
  step z {
    run: "test -f needed.txt"
    rollback: none
  }
}
`,
    );
    const first = await cli("run", file(), "--no-rollback");
    assert.equal(first.code, 1, said(first));
    writeFileSync(join(tmp(), "fixed"), "");
    writeFileSync(join(tmp(), "needed.txt"), "");
    const resumed = await cli("run", file(), "--resume");
    assert.equal(resumed.code, 0, said(resumed));
    assert.match(resumed.stdout, /handler\s+success\s+0\s.*reused from run/);
    const undone = await cli("rollback", file());
    assert.equal(undone.code, 0, said(undone));
    assert.deepEqual(lines("runs.log"), ["handler"]);
    assert.deepEqual(lines("undo.log"), ["undo-handler"]);
  });

  /** CHAIN with c a `for_each` step over two items, each counting its runs and undos. */
  const FAN_CHAIN = CHAIN.replace(
    `step c {
    needs: b
    run: "echo c >> runs.log"
    rollback: "echo undo-c >> undo.log"`,
    `step c {
    needs: b
    for_each: item in ["x", "y"]
    max_parallel: 1
    run: "echo c-\${item} >> runs.log"
    rollback: "echo undo-c-\${item} >> undo.log"`,
  );

  /** The first run of FAN_CHAIN: a, b and c's two instances succeed, z fails; kept with --no-rollback. */
  async function firstFanRun(): Promise<void> {
    writeFileSync(file(), FAN_CHAIN);
    const first = await cli("run", file(), "--no-rollback");
    assert.equal(first.code, 1, said(first));
    assert.deepEqual(lines("runs.log"), ["a", "b-1", "c-x", "c-y"]);
  }

  it("the instances of a for_each step it never reached are taken over when it fails first: its rollback undoes them, once", async () => {
    await firstFanRun();
    const resumed = await cli("run", file(), "--resume", "--param", "v=bad");
    assert.equal(resumed.code, 1, said(resumed));
    assert.deepEqual(
      lines("runs.log"),
      ["a", "b-1", "c-x", "c-y"],
      "c's instances did not run again",
    );
    // As for CHAIN's c above: z's and b's first attempts too, each once.
    const undone = ["undo-z", "undo-c-y", "undo-c-x", "undo-b", "undo-b", "undo-a"];
    assert.deepEqual(lines("undo.log"), undone);
    assert.match(resumed.stdout, /c\[0\]\s+rolled_back\s+0\s.*reused from run/);
    const again = await cli("rollback", file());
    assert.equal(again.code, 0, said(again));
    assert.deepEqual(lines("undo.log"), undone);
  });

  it("the instances of a for_each step it never reached are taken over when it is killed (SIGKILL): a resume reuses them, its rollback undoes them once", async function () {
    if (process.platform !== "linux") this.skip();
    await firstFanRun();
    await killResumedRunWhileBWaits();
    rmSync(join(tmp(), "hang"));
    writeFileSync(join(tmp(), "needed.txt"), "fixed");

    const resumed = await cli("run", file(), "--resume", "--param", "v=2");
    assert.equal(resumed.code, 0, said(resumed));
    assert.deepEqual(lines("runs.log"), ["a", "b-1", "c-x", "c-y", "b-2", "z"]);
    assert.match(resumed.stdout, /c\[1\]\s+success\s+0\s.*reused from run/);
    const undone = await cli("rollback", file());
    assert.equal(undone.code, 0, said(undone));
    assert.deepEqual(lines("undo.log"), [
      "undo-z",
      "undo-z",
      "undo-c-y",
      "undo-c-x",
      "undo-b",
      "undo-b",
      "undo-b",
      "undo-a",
    ]);
  });

  it("the instances of a for_each step it never reached are taken over when it is killed (SIGKILL) and then rolled back", async function () {
    if (process.platform !== "linux") this.skip();
    await firstFanRun();
    await killResumedRunWhileBWaits();
    const undone = await cli("rollback", file());
    assert.equal(undone.code, 0, said(undone));
    assert.deepEqual([...lines("undo.log")].sort(), [
      "undo-a",
      "undo-b",
      "undo-b",
      "undo-c-x",
      "undo-c-y",
      "undo-z",
    ]);
  });

  /**
   * A for_each step whose instances run only for items other than param
   * `skip`, then z, which needs needed.txt; the first run (skip none, no
   * needed.txt) completes both instances, fails at z, kept with --no-rollback.
   */
  async function firstWhenFanRun(): Promise<void> {
    writeFileSync(
      file(),
      `workflow chain {
  param skip: string = "none"
  step c {
    for_each: item in ["x", "y"]
    max_parallel: 1
    when: item != skip
    run: "echo c-\${item} >> runs.log"
    rollback: "echo undo-c-\${item} >> undo.log"
  }
  step z {
    needs: c
    run: "test -f needed.txt; echo z >> runs.log"
    rollback: "echo undo-z >> undo.log"
  }
}
`,
    );
    const first = await cli("run", file(), "--no-rollback");
    assert.equal(first.code, 1, said(first));
    assert.deepEqual(lines("runs.log"), ["c-x", "c-y"]);
  }

  it("an instance that succeeded in the resumed run, skipped by its `when` now, is taken over as a plain step is: its rollback undoes it", async () => {
    await firstWhenFanRun();
    writeFileSync(join(tmp(), "needed.txt"), "");
    const resumed = await cli("run", file(), "--resume", "--param", "skip=y");
    assert.equal(resumed.code, 0, said(resumed));
    assert.match(resumed.stdout, /c\[1\]\s+success\s+0\s.*reused from run/);
    assert.deepEqual(lines("runs.log"), ["c-x", "c-y", "z"]);
    const undone = await cli("rollback", file());
    assert.equal(undone.code, 0, said(undone));
    // z twice: its attempt here, then the one that failed half-way in the first run.
    assert.deepEqual(lines("undo.log"), ["undo-z", "undo-z", "undo-c-y", "undo-c-x"]);
  });

  it("an instance skipped by its `when` now, taken over by a resume killed (SIGKILL) right after it: the rollback undoes it, once", async function () {
    if (process.platform !== "linux") this.skip();
    await firstWhenFanRun();
    const { done } = startCli(["run", file(), "--resume", "--param", "skip=y"], tmp(), {
      MOMOFLOW_TEST_KILL_AFTER_LINE_WITH: '"step":"c[1]"',
    });
    assert.equal((await done).signal, "SIGKILL");
    const undone = await cli("rollback", file());
    assert.equal(undone.code, 0, said(undone));
    assert.deepEqual(lines("undo.log"), ["undo-z", "undo-c-y", "undo-c-x"]);
    const twice = await cli("rollback", file());
    assert.equal(twice.code, 0, said(twice));
    assert.deepEqual(lines("undo.log"), ["undo-z", "undo-c-y", "undo-c-x"]);
  });

  it("an instance skipped by its `when` now, taken over by a resume killed (SIGKILL) right after it: a resume of that run reuses it, its rollback undoes it", async function () {
    if (process.platform !== "linux") this.skip();
    await firstWhenFanRun();
    const { done } = startCli(["run", file(), "--resume", "--param", "skip=y"], tmp(), {
      MOMOFLOW_TEST_KILL_AFTER_LINE_WITH: '"step":"c[1]"',
    });
    assert.equal((await done).signal, "SIGKILL");
    writeFileSync(join(tmp(), "needed.txt"), "");
    const resumed = await cli("run", file(), "--resume", "--param", "skip=y");
    assert.equal(resumed.code, 0, said(resumed));
    assert.deepEqual(lines("runs.log"), ["c-x", "c-y", "z"]);
    const undone = await cli("rollback", file());
    assert.equal(undone.code, 0, said(undone));
    assert.deepEqual(lines("undo.log"), ["undo-z", "undo-z", "undo-c-y", "undo-c-x"]);
  });

  it("are taken over when it is killed (SIGKILL) and then rolled back", async function () {
    if (process.platform !== "linux") this.skip();
    await firstRun();
    await killResumedRunWhileBWaits();

    const undone = await cli("rollback", file());
    assert.equal(undone.code, 0, said(undone));
    const undoneOnce = ["undo-a", "undo-b", "undo-b", "undo-c", "undo-z"];
    assert.deepEqual([...lines("undo.log")].sort(), undoneOnce);
    const twice = await cli("rollback", file());
    assert.equal(twice.code, 0, said(twice));
    assert.deepEqual([...lines("undo.log")].sort(), undoneOnce);
  });
});
