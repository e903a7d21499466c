import assert from "node:assert/strict";
import Ajv from "ajv";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, type CliOutcome } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";
import { runIdsOf } from "../support/run-record-files";
import { TAGGED_WORK } from "../support/resumable-run";
import journalSchema from "../../../schemas/run-journal-event.schema.json";
import resultSchema from "../../../schemas/run-result.schema.json";

/**
 * What the resumed run did in a step that the resuming run does not reuse —
 * the step changed, failed half-way, or is gone from the file — is still in
 * place, and the resumed run's own rollback refuses (it was resumed): the
 * resuming run takes it over as the step's earlier attempts, and its
 * rollback undoes them after the step's own, each with the undo it was
 * recorded with.
 */
describe("momoflow run --resume: what the resumed run did in a step run again (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-resume-earlier-");
  const file = (): string => join(tmp(), "flow.momoflow");
  const read = (name: string): string => readFileSync(join(tmp(), name), "utf8");
  const lines = (name: string): string[] =>
    existsSync(join(tmp(), name)) ? read(name).trim().split("\n") : [];
  const touch = (name: string): void => writeFileSync(join(tmp(), name), "");
  const cli = (...args: string[]): Promise<CliOutcome> => runCli(args, tmp());
  const runsDir = (): string => join(tmp(), ".momoflow", "runs");
  const runIds = (): string[] => runIdsOf(tmp());

  async function expectCode(code: number, ...args: string[]): Promise<CliOutcome> {
    const out = await cli(...args);
    assert.equal(out.code, code, said(out));
    return out;
  }

  /** Every journal line and result.json of every run, against their schemas (a killed run resumed since has no result.json). */
  function assertRecordsValid(): void {
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(journalSchema);
    const event = ajv.getSchema(journalSchema.$id)!;
    const validResult = ajv.compile(resultSchema);
    for (const id of runIds()) {
      const text = readFileSync(join(runsDir(), id, "journal.jsonl"), "utf8");
      for (const line of text.trim().split("\n"))
        assert.ok(event(JSON.parse(line)), `${line}: ${ajv.errorsText(event.errors)}`);
      const resultPath = join(runsDir(), id, "result.json");
      if (!existsSync(resultPath)) continue;
      const result = JSON.parse(readFileSync(resultPath, "utf8"));
      assert.ok(validResult(result), `${id}: ${ajv.errorsText(validResult.errors)}`);
    }
  }

  const WORK = TAGGED_WORK;

  /**
   * WORK's first run fails half-way; resumed (tag two), it is killed by the
   * CLI's test-only hook right after it wrote the old attempt's line, before
   * the step's own intent.
   */
  async function resumeKilledAfterEarlierLine(): Promise<void> {
    writeFileSync(file(), WORK);
    touch("done");
    await expectCode(1, "run", file(), "--no-rollback");
    touch("ok");
    const { done } = startCli(["run", file(), "--resume", "--param", "tag=two"], tmp(), {
      MOMOFLOW_TEST_KILL_AFTER_LINE_WITH: '"type":"step_earlier_attempts"',
    });
    assert.equal((await done).signal, "SIGKILL");
  }

  it("a built-in step whose value changed: the rollback puts back the file as it was before either run", async () => {
    writeFileSync(
      file(),
      `workflow notes {
  param p: string = "A"
  step write {
    run: create_file(path: "notes.txt", content: "\${p}")
  }
  step gate {
    needs: write
    run: "test -f ok"
    rollback: none
  }
}
`,
    );
    writeFileSync(join(tmp(), "notes.txt"), "original");
    await expectCode(1, "run", file(), "--no-rollback");
    assert.equal(read("notes.txt"), "A");
    touch("ok");
    const resumed = await expectCode(0, "run", file(), "--resume", "--param", "p=B");
    assert.match(resumed.stdout, /changed since run/);
    assert.equal(read("notes.txt"), "B");
    await expectCode(0, "rollback", file());
    assert.equal(read("notes.txt"), "original", "both runs' writes undone, the last first");
    assertRecordsValid();
  });

  it("a shell step that failed half-way: its old attempt is undone with the recipe it ran with, after the new one", async () => {
    writeFileSync(file(), WORK);
    touch("done");
    await expectCode(1, "run", file(), "--no-rollback");
    touch("ok");
    const first = runIds()[0]!;
    const resumed = await expectCode(0, "run", file(), "--resume", "--param", "tag=two");
    assert.match(
      resumed.stdout,
      new RegExp(`work: what run ${first} did in it is this run's to undo`),
    );
    assert.deepEqual(lines("effects.log"), ["did-one", "did-two"]);
    await expectCode(0, "rollback", file());
    assert.deepEqual(lines("undo.log"), ["undo-two", "undo-one"]);
    // Undone once: a second rollback has nothing left.
    await expectCode(0, "rollback", file());
    assert.deepEqual(lines("undo.log"), ["undo-two", "undo-one"]);
    assertRecordsValid();
  });

  it("a step reused by a third run keeps the earlier attempts it took over: the last run's rollback undoes them too", async () => {
    writeFileSync(file(), WORK);
    await expectCode(1, "run", file(), "--no-rollback");
    touch("ok");
    // `work` runs again (with its old attempt taken over), `last` fails: kept.
    await expectCode(1, "run", file(), "--resume", "--param", "tag=two", "--no-rollback");
    touch("done");
    const third = await expectCode(0, "run", file(), "--resume", "--param", "tag=two");
    assert.match(third.stdout, /work\s+success\s+0\s.*reused from run/);
    await expectCode(0, "rollback", file());
    assert.deepEqual(lines("undo.log"), ["undo-two", "undo-one"]);
    assertRecordsValid();
  });

  it("killed (SIGKILL) right after it recorded the old attempt, before its own intent: the rollback undoes the old attempt", async function () {
    if (process.platform !== "linux") this.skip(); // the kill hook is the CLI's, the same everywhere; the pid check is /proc's
    await resumeKilledAfterEarlierLine();
    assert.deepEqual(lines("effects.log"), ["did-one"], "the new attempt never started");
    await expectCode(0, "rollback", file(), "--param", "tag=two");
    assert.deepEqual(lines("undo.log"), ["undo-one"]);
    assertRecordsValid();
  });

  it("killed right after it recorded the old attempt, then resumed: the last run's rollback undoes both attempts, once", async function () {
    if (process.platform !== "linux") this.skip(); // as above
    await resumeKilledAfterEarlierLine();
    await expectCode(0, "run", file(), "--resume", "--param", "tag=three");
    assert.deepEqual(lines("effects.log"), ["did-one", "did-three"]);
    await expectCode(0, "rollback", file());
    assert.deepEqual(lines("undo.log"), ["undo-three", "undo-one"]);
    assertRecordsValid();
  });

  it("a half-done step the resuming run never reached (a step it needs failed first): its automatic rollback undoes it, in order", async () => {
    writeFileSync(
      file(),
      `workflow pair {
  param v: string = "1"
  step a {
    run: "test \${v} != bad; echo a-\${v} >> runs.log"
    rollback: "echo undo-a-\${v} >> undo.log"
  }
  step b {
    needs: a
    run: "echo b >> runs.log; test -f ok"
    rollback: "echo undo-b >> undo.log"
  }
}
`,
    );
    await expectCode(1, "run", file(), "--no-rollback");
    assert.deepEqual(lines("runs.log"), ["a-1", "b"]);
    const resumed = await expectCode(1, "run", file(), "--resume", "--param", "v=bad");
    assert.match(resumed.stdout, /rolled back/i);
    // b never ran here: the summary says what was undone of it.
    assert.match(resumed.stdout, /\n {2}b\s+rolled_back\s+0\s.*took over what run \S+ did in it\n/);
    // b's half-done effect (from the first run), then a's new attempt, then a's first.
    assert.deepEqual(lines("undo.log"), ["undo-b", "undo-a-bad", "undo-a-1"]);
    await expectCode(0, "rollback", file(), "--param", "v=bad");
    assert.deepEqual(lines("undo.log"), ["undo-b", "undo-a-bad", "undo-a-1"]);
    assertRecordsValid();
  });

  it("a for_each instance whose item changed, and one the new items no longer have: the rollback undoes both old effects", async () => {
    writeFileSync(
      file(),
      `workflow fan {
  param items: list = ["x", "y"]
  step make {
    for_each: item in items
    run: create_file(path: "\${item}.txt", content: "made")
  }
  step gate {
    needs: make
    run: "test -f ok"
    rollback: none
  }
}
`,
    );
    await expectCode(1, "run", file(), "--no-rollback");
    assert.ok(existsSync(join(tmp(), "x.txt")) && existsSync(join(tmp(), "y.txt")));
    touch("ok");
    await expectCode(0, "run", file(), "--resume", "--param", 'items=["z"]');
    assert.ok(existsSync(join(tmp(), "z.txt")));
    await expectCode(0, "rollback", file(), "--param", 'items=["z"]');
    for (const name of ["x.txt", "y.txt", "z.txt"])
      assert.ok(!existsSync(join(tmp(), name)), `${name} removed by the rollback`);
    assertRecordsValid();
  });

  it("a step taken out of the file since: what it did in the resumed run is undone by the resuming run's rollback", async () => {
    const flow = (extra: string): string => `workflow trimmed {
${extra}
  step gate {
    run: "test -f ok"
    rollback: none
  }
}
`;
    writeFileSync(
      file(),
      flow(`  step extra {
    run: create_file(path: "extra.txt", content: "made")
  }`),
    );
    await expectCode(1, "run", file(), "--no-rollback");
    assert.ok(existsSync(join(tmp(), "extra.txt")));
    writeFileSync(file(), flow(""));
    touch("ok");
    await expectCode(0, "run", file(), "--resume");
    await expectCode(0, "rollback", file());
    assert.ok(!existsSync(join(tmp(), "extra.txt")), "the old run's extra.txt removed");
    assertRecordsValid();
  });
});
