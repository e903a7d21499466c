import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listRuns } from "../../src/record/run-index";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";

const WORKFLOW = `workflow w {
  step a { run: create_file(path: "a.txt", content: "a") }
  step b { needs: a run: "exit 3" }
}
`;

/** Newer than any real run's id: a listing by name or time would take them first. */
const NO_JOURNAL = "20991231-000000-000-w-nojour";
const EMPTY_JOURNAL = "20991231-000000-001-w-emptyj";

/**
 * Run folders without a journal, or with an empty one, as earlier versions
 * left them (the folder made before the journal's first line): they name no
 * run. Listing skips them, `rollback FILE` and `run --resume` take the real
 * latest run, and naming one says what it is instead of "no such run
 * folder" (resume), or only "nothing to undo" (rollback of an empty
 * journal, still exit 0); none is written to.
 */
describe("run folders without a journal (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-journal-less-");

  /** A failed run not rolled back, then the two folders. */
  async function setup(): Promise<{ file: string; runsDir: string; real: string }> {
    const file = join(tmp(), "w.momoflow");
    writeFileSync(file, WORKFLOW);
    const ran = await runCli(["run", file, "--no-rollback"], tmp());
    assert.equal(ran.code, 1, said(ran));
    const runsDir = join(tmp(), ".momoflow", "runs");
    const [real] = listRuns(tmp()).map((r) => r.runId);
    mkdirSync(join(runsDir, NO_JOURNAL));
    mkdirSync(join(runsDir, EMPTY_JOURNAL));
    writeFileSync(join(runsDir, EMPTY_JOURNAL, "journal.jsonl"), "");
    return { file, runsDir, real: real! };
  }

  const untouched = (runsDir: string): void => {
    assert.deepEqual(readdirSync(join(runsDir, NO_JOURNAL)), []);
    assert.deepEqual(readdirSync(join(runsDir, EMPTY_JOURNAL)), ["journal.jsonl"]);
  };

  it("are not listed, and rollback of the file undoes the real latest run", async () => {
    const { file, runsDir, real } = await setup();
    assert.deepEqual(
      listRuns(tmp()).map((r) => r.runId),
      [real],
    );
    const out = await runCli(["rollback", file], tmp());
    assert.equal(out.code, 0, said(out));
    assert.match(out.stdout, new RegExp(`rolled_back +run ${real}`), said(out));
    assert.equal(existsSync(join(tmp(), "a.txt")), false);
    untouched(runsDir);
  });

  it("named to rollback (as a folder or with --run): no journal is exit 2, an empty one nothing to undo, each saying it names no run", async () => {
    const { file, runsDir } = await setup();
    const why = "(a run that never started, or a folder an earlier version left): it names no run";
    for (const args of [
      ["rollback", join(runsDir, NO_JOURNAL)],
      ["rollback", file, "--run", NO_JOURNAL],
    ]) {
      const out = await runCli(args, tmp());
      assert.equal(out.code, 2, said(out));
      assert.equal(out.stdout, "");
      assert.equal(
        out.stderr,
        `momoflow: ${join(runsDir, NO_JOURNAL)}: not a run record: it holds no run journal ${why}\n`,
      );
    }
    // A run whose first journal line did not fit (a full disk) ran nothing: exit 0, as before.
    for (const args of [
      ["rollback", join(runsDir, EMPTY_JOURNAL)],
      ["rollback", file, "--run", EMPTY_JOURNAL],
    ]) {
      const out = await runCli(args, tmp());
      assert.equal(out.code, 0, said(out));
      assert.ok(
        out.stdout.startsWith(
          `${join(runsDir, EMPTY_JOURNAL)}: its run journal is empty ${why}\nnothing to undo\n`,
        ),
        said(out),
      );
    }
    assert.equal(existsSync(join(tmp(), "a.txt")), true, "nothing was undone");
    untouched(runsDir);
  });

  it("run --resume takes the real latest run; named by id or folder, it says it holds no run", async () => {
    const { file, runsDir, real } = await setup();
    for (const [name, what] of [
      [NO_JOURNAL, "it holds no run journal"],
      [EMPTY_JOURNAL, "its run journal is empty"],
    ] as const) {
      for (const given of [name, join(runsDir, name)]) {
        const out = await runCli(["run", file, "--resume", given], tmp());
        assert.equal(out.code, 2, said(out));
        assert.equal(
          out.stderr,
          `momoflow: cannot resume ${join(runsDir, name)}: ${what} (a run that never started, or a folder an earlier version left): it names no run\n`,
        );
      }
    }
    untouched(runsDir);
    const out = await runCli(["run", file, "--resume"], tmp());
    assert.equal(out.code, 1, said(out));
    assert.match(out.stdout + out.stderr, new RegExp(`resuming run ${real}`), said(out));
    untouched(runsDir);
  });
});
