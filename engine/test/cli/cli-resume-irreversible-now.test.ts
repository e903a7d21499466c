import assert from "node:assert/strict";
import Ajv from "ajv";
import journalSchema from "../../../schemas/run-journal-event.schema.json";
import resultSchema from "../../../schemas/run-result.schema.json";
import { readFileSync, writeFileSync, existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { runCli, type CliOutcome } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";
import { runIdsOf } from "../support/run-record-files";
import { TAGGED_WORK } from "../support/resumable-run";

/**
 * A step that was reversible in the run a `--resume` resumes, and is not in
 * the file the resuming run runs (`rollback: none`, or no rollback at all):
 * a rollback undoes what the resumed run did in it (its earlier attempt),
 * not what the resuming run did. The step must not read `rolled_back` then:
 * it reads as its own attempt ended (as any irreversible step after a
 * rollback), with a note naming the run whose attempt was undone; the run
 * is `partially_rolled_back` when the step is irreversible, `rolled_back`
 * when it has nothing to undo (`rollback: none`). The live rollback after a
 * later failure and `momoflow rollback` from the record say the same; a
 * second rollback says the earlier attempt was already undone, not the step.
 */
describe("momoflow run --resume: a step irreversible now, whose earlier attempt was reversible (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-resume-irreversible-");
  const file = (): string => join(tmp(), "flow.momoflow");
  const lines = (name: string): string[] =>
    existsSync(join(tmp(), name)) ? readFileSync(join(tmp(), name), "utf8").trim().split("\n") : [];
  const touch = (name: string): void => writeFileSync(join(tmp(), name), "");
  const cli = (...args: string[]): Promise<CliOutcome> => runCli(args, tmp());
  const runsDir = (): string => join(tmp(), ".momoflow", "runs");
  const runIds = (): string[] => runIdsOf(tmp());
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema(journalSchema);
  const validResult = ajv.compile(resultSchema);
  type RunResult = { status: string; rolledBackSteps: string[]; steps: Record<string, unknown>[] };
  /** The run's result.json, checked against its schema. */
  function result(id: string): RunResult {
    const file: RunResult = JSON.parse(readFileSync(join(runsDir(), id, "result.json"), "utf8"));
    assert.ok(validResult(file), JSON.stringify(validResult.errors));
    return file;
  }

  async function expectCode(code: number, ...args: string[]): Promise<CliOutcome> {
    const out = await cli(...args);
    assert.equal(out.code, code, said(out));
    return out;
  }

  /** TAGGED_WORK's first run, failed in `work` and kept; then `work`'s rollback replaced by `now` (no line: irreversible). */
  async function firstRunThen(now: string): Promise<string> {
    writeFileSync(file(), TAGGED_WORK);
    await expectCode(1, "run", file(), "--no-rollback");
    const replaced = TAGGED_WORK.replace(
      '    rollback: "echo undo-${tag} >> undo.log"\n',
      now === "" ? "" : `    ${now}\n`,
    );
    assert.notEqual(replaced, TAGGED_WORK);
    writeFileSync(file(), replaced);
    touch("ok");
    return runIds()[0]!;
  }

  /**
   * What a rollback that undid only `first`'s attempt of `work` shows: its
   * progress line says so, and the resuming run's result.json has `work`
   * as its attempt ended (`success`, `earlierUndone`); that run's id.
   */
  function expectEarlierOnlyUndone(stdout: string, first: string, runStatus: string): string {
    assert.match(
      stdout,
      new RegExp(`\\n {2}↶ work undid what run ${first} did in it; this run's attempt stays {2}`),
    );
    assert.doesNotMatch(stdout, /↶ work rolled_back/);
    const second = runIds()[1]!;
    const file2 = result(second);
    assert.equal(file2.status, runStatus);
    const work = file2.steps.find((s) => s.id === "work")!;
    assert.equal(work.status, "success");
    assert.deepEqual(work.earlierUndone, [first]);
    // Not rolled back: this run's attempt of it stays (rolledBackSteps agrees with the step's row).
    assert.deepEqual(file2.rolledBackSteps, []);
    return second;
  }

  const cases = [
    { now: "rollback: none", runStatus: "rolled_back" },
    { now: "", runStatus: "partially_rolled_back" },
  ];

  for (const { now, runStatus } of cases) {
    const what = now === "" ? "no rollback (irreversible)" : now;

    it(`${what}: the live rollback after a later failure undoes the earlier attempt only, and the step reads success`, async () => {
      const first = await firstRunThen(now);
      const resumed = await expectCode(1, "run", file(), "--resume", "--param", "tag=two");
      assert.deepEqual(lines("effects.log"), ["did-one", "did-two"]);
      assert.deepEqual(lines("undo.log"), ["undo-one"], "only the earlier attempt undone");
      assert.match(
        resumed.stdout,
        new RegExp(
          `\\n {2}work\\s+success\\s+1\\s.*this run's attempt not undone; what run ${first} did in it was\\n`,
        ),
      );
      // The summary's last line says the earlier attempt was undone, not that the step was rolled back.
      const summary = new RegExp(`\\n {2}${runStatus} .*\\n`).exec(resumed.stdout)?.[0] ?? "";
      assert.match(summary, /· {2}earlier attempt undone: work\n$/, resumed.stdout);
      assert.doesNotMatch(summary, /rolled back:/);
      // The undo's progress line says what it undid, not that the step was rolled back.
      const second = expectEarlierOnlyUndone(resumed.stdout, first, runStatus);
      // A rollback from the record now has nothing left to undo, and leaves the record as it is.
      const again = await expectCode(0, "rollback", file(), "--param", "tag=two");
      assert.match(again.stdout, /nothing to undo/);
      assert.deepEqual(lines("undo.log"), ["undo-one"]);
      assert.equal(result(second).status, runStatus);
      assert.equal(result(second).steps.find((s) => s.id === "work")!.status, "success");
    });

    it(`${what}: a second momoflow rollback says only the earlier attempt was undone, text and --json alike`, async () => {
      const first = await firstRunThen(now);
      // The live rollback after `last` failed undid only run `first`'s attempt of work.
      const resumed = await expectCode(1, "run", file(), "--resume", "--param", "tag=two");
      const second = expectEarlierOnlyUndone(resumed.stdout, first, runStatus);
      const again = await expectCode(0, "rollback", file(), "--param", "tag=two");
      assert.deepEqual(lines("undo.log"), ["undo-one"], "nothing undone twice");
      // This run's attempt of work was never undone: not "work already undone".
      assert.doesNotMatch(again.stdout, /already undone: |work already undone/, again.stdout);
      assert.match(again.stdout, /^nothing to undo$/m, again.stdout);
      assert.match(
        again.stdout,
        new RegExp(
          `^work: what run ${first} did in it was already undone; this run's attempt was not \\(left as it is\\)$`,
          "m",
        ),
      );
      if (runStatus === "partially_rolled_back")
        assert.match(again.stdout, /^left as they are \(irreversible\): work$/m, again.stdout);
      else assert.doesNotMatch(again.stdout, /irreversible/, again.stdout);
      assert.match(again.stdout, new RegExp(`^${runStatus}\\s`, "m"));
      const json = JSON.parse(
        (await expectCode(0, "rollback", file(), "--param", "tag=two", "--json")).stdout,
      );
      assert.deepEqual(lines("undo.log"), ["undo-one"]);
      assert.equal(json.status, runStatus);
      assert.deepEqual(json.rolledBack, []);
      assert.deepEqual(json.earlierUndone, [], "nothing undone by this rollback");
      assert.deepEqual(json.alreadyUndone, [], "this run's attempt of work was never undone");
      assert.deepEqual(json.earlierAlreadyUndone, [{ stepId: "work", from: [first] }]);
      assert.deepEqual(json.irreversible, runStatus === "partially_rolled_back" ? ["work"] : []);
      // result.json says the same: work as its attempt ended, its earlier attempt undone, not rolled back.
      const record = result(second);
      assert.equal(record.status, runStatus);
      assert.deepEqual(record.rolledBackSteps, []);
      const work = record.steps.find((s) => s.id === "work")!;
      assert.equal(work.status, "success");
      assert.deepEqual(work.earlierUndone, [first]);
    });

    it(`${what}: momoflow rollback from the record says the same as the live rollback`, async () => {
      const first = await firstRunThen(now);
      touch("done");
      await expectCode(0, "run", file(), "--resume", "--param", "tag=two");
      const undo = await expectCode(0, "rollback", file(), "--param", "tag=two");
      assert.deepEqual(lines("undo.log"), ["undo-one"]);
      assert.match(
        undo.stdout,
        new RegExp(`work: what run ${first} did in it was undone; this run's attempt was not`),
      );
      assert.match(undo.stdout, new RegExp(`^${runStatus}\\s`, "m"));
      expectEarlierOnlyUndone(undo.stdout, first, runStatus);
      const json = JSON.parse(
        (await expectCode(0, "rollback", file(), "--param", "tag=two", "--json")).stdout,
      );
      assert.deepEqual(json.rolledBack, []);
      assert.equal(json.status, runStatus);
      // A second rollback: work's own attempt was never undone, only run `first`'s was.
      assert.deepEqual(json.alreadyUndone, []);
      assert.deepEqual(json.earlierAlreadyUndone, [{ stepId: "work", from: [first] }]);
    });

    it(`${what}: --json says what the row says — run's rolledBackSteps, rollback's rolledBack — and both match their schema`, async () => {
      const first = await firstRunThen(now);
      const run = await expectCode(1, "run", file(), "--resume", "--param", "tag=two", "--json");
      const live: RunResult = JSON.parse(run.stdout);
      assert.ok(validResult(live), JSON.stringify(validResult.errors));
      assert.deepEqual(live.rolledBackSteps, []);
      const work = live.steps.find((s) => s.id === "work")!;
      assert.equal(work.status, "success");
      assert.deepEqual(work.earlierUndone, [first]);

      // From the record: a fresh pair of runs, rolled back by `momoflow rollback --json`.
      rmSync(runsDir(), { recursive: true, force: true });
      rmSync(join(tmp(), "undo.log"), { force: true });
      rmSync(join(tmp(), "ok"));
      const first2 = await firstRunThen(now);
      touch("done");
      await expectCode(0, "run", file(), "--resume", "--param", "tag=two");
      const undo = JSON.parse(
        (await expectCode(0, "rollback", file(), "--param", "tag=two", "--json")).stdout,
      );
      assert.deepEqual(lines("undo.log"), ["undo-one"]);
      assert.deepEqual(undo.rolledBack, [], "this run's attempt of work was not undone");
      assert.deepEqual(undo.earlierUndone, [{ stepId: "work", from: [first2] }]);
      assert.deepEqual(result(runIds()[1]!).rolledBackSteps, []);
    });
  }
});
