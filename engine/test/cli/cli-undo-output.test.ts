import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { latestResult, runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";

/**
 * `make` prints and its undo prints on both streams and fails; `quiet`'s undo
 * prints nothing; `note`'s run leaves its last line unfinished; `boom` fails
 * the run. The secret `token` is printed by an undo.
 */
const WORKFLOW = `workflow ship {
  param token: secret
  step make {
    run: "echo making"
    rollback: """
      echo "undoing make with \${token}"
      echo "left a lock" >&2
      exit 3
    """
  }
  step quiet {
    needs: make
    run: "touch quiet.txt"
    rollback: "rm -f quiet.txt"
  }
  step note {
    needs: quiet
    run: "printf 'no newline'"
    rollback: js("./undo.mjs", "undoNote")
  }
  step boom {
    needs: note
    run: "exit 1"
    rollback: none
  }
}
`;

const MODULE = `export async function undoNote(args, context) {
  context.logger.info("note undone");
  context.logger.warn("careful");
}
`;

const TOKEN = "tok-5ecret-42";

/** The lines of `text` that name step `step` as their prefix (`  step | …`), without it. */
function linesOf(text: string, step: string): string[] {
  const prefix = new RegExp(`^ {2}${step.replace(/[[\]]/g, "\\$&")} +\\| ?`);
  return text
    .split("\n")
    .filter((line) => prefix.test(line))
    .map((line) => line.replace(prefix, ""));
}

/**
 * What a rollback's undo prints is kept and shown, as a step's output is: in
 * the step's log after a line `── rollback ──`, and in the terminal under the
 * step's name before the line saying how its undo ended — in the run's own
 * rollback and in `momoflow rollback` — secrets masked.
 */
describe("what an undo prints (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-undo-output-");

  function write(): string {
    const file = join(tmp(), "ship.momoflow");
    writeFileSync(file, WORKFLOW);
    writeFileSync(join(tmp(), "undo.mjs"), MODULE);
    return file;
  }

  it("the run's rollback shows it under the step and appends it to the step's log", async () => {
    const file = write();
    const out = await startCli(["run", file, "--param", `token=${TOKEN}`], tmp()).done;
    assert.equal(out.code, 1, said(out));
    assert.ok(!out.stdout.includes(TOKEN) && !out.stderr.includes(TOKEN), said(out));
    assert.deepStrictEqual(linesOf(out.stdout, "make"), [
      "making",
      "undoing make with ***",
      "left a lock",
    ]);
    assert.deepStrictEqual(linesOf(out.stdout, "note"), [
      "no newline",
      "note undone",
      "warn: careful",
    ]);
    assert.deepStrictEqual(linesOf(out.stdout, "quiet"), []);
    // Each undo's lines come before the line saying how it ended.
    const at = (text: string): number => out.stdout.indexOf(text);
    assert.ok(at("  note | note undone") < at("↶ note rolled_back"), said(out));
    assert.ok(at("  make | left a lock") < at("✗ make rollback_failed"), said(out));

    const logs = join(runDirOf(tmp()), "logs");
    assert.equal(
      readFileSync(join(logs, "make.log"), "utf8"),
      "making\n── rollback ──\nundoing make with ***\nleft a lock\n",
    );
    // The run's unfinished last line ends before the undo's header.
    assert.equal(
      readFileSync(join(logs, "note.log"), "utf8"),
      "no newline\n── rollback ──\nnote undone\nwarn: careful\n",
    );
    // An undo that prints nothing writes nothing: the step printed nothing, it has no log.
    assert.equal(existsSync(join(logs, "quiet.log")), false);
  });

  it("momoflow rollback shows it too and appends it after what the run wrote, secrets masked", async () => {
    const file = write();
    const run = await startCli(["run", file, "--param", `token=${TOKEN}`], tmp()).done;
    assert.equal(run.code, 1, said(run));
    // The run could not undo make: a later rollback tries again, given the secret again.
    const out = await startCli(["rollback", file], tmp(), {
      MOMOFLOW_PARAM_TOKEN: TOKEN,
    }).done;
    assert.equal(out.code, 1, said(out));
    assert.ok(!out.stdout.includes(TOKEN) && !out.stderr.includes(TOKEN), said(out));
    assert.deepStrictEqual(linesOf(out.stdout, "make"), ["undoing make with ***", "left a lock"]);
    assert.ok(
      out.stdout.indexOf("  make | left a lock") < out.stdout.indexOf("✗ make rollback_failed"),
      said(out),
    );
    assert.equal(
      readFileSync(join(runDirOf(tmp()), "logs", "make.log"), "utf8"),
      "making\n── rollback ──\nundoing make with ***\nleft a lock\n" +
        "── rollback ──\nundoing make with ***\nleft a lock\n",
    );
  });

  it("momoflow rollback of a completed run keeps what its undos print in the steps' logs", async () => {
    const file = join(tmp(), "done.momoflow");
    writeFileSync(
      file,
      `workflow done {
  step a {
    run: "printf 'half a line'"
    rollback: "echo undoing a"
  }
  step b {
    needs: a
    for_each: n in [1, 2]
    run: "true"
    rollback: "echo undoing b \${n}"
  }
}
`,
    );
    const run = await startCli(["run", file], tmp()).done;
    assert.equal(run.code, 0, said(run));
    const out = await startCli(["rollback", file], tmp()).done;
    assert.equal(out.code, 0, said(out));
    assert.deepStrictEqual(linesOf(out.stdout, "a"), ["undoing a"]);
    assert.deepStrictEqual(linesOf(out.stdout, "b[1]"), ["undoing b 2"]);
    assert.deepStrictEqual(linesOf(out.stdout, "b[0]"), ["undoing b 1"]);
    // Lined up by the longest name of the steps it undoes, as a run's lines are.
    assert.match(out.stdout, /^ {2}a {4}\| undoing a$/m, said(out));
    const logs = join(runDirOf(tmp()), "logs");
    assert.equal(
      readFileSync(join(logs, "a.log"), "utf8"),
      "half a line\n── rollback ──\nundoing a\n",
    );
    assert.equal(readFileSync(join(logs, "b%5B1%5D.log"), "utf8"), "── rollback ──\nundoing b 2\n");
  });
  it("result.json names the log an undo wrote for a step that printed nothing when it ran", async () => {
    const file = join(tmp(), "silent.momoflow");
    const workflow = (fails: boolean) => `workflow silent {
  step mute {
    run: "true"
    rollback: "echo undoing mute"
  }
  step fan {
    needs: mute
    for_each: n in [1, 2]
    run: "true"
    rollback: "echo undoing fan \${n}"
  }
  step end {
    needs: fan
    run: "exit ${fails ? 1 : 0}"
  }
}
`;
    const logOf = (id: string) => latestResult(tmp()).steps.find((s) => s.id === id)?.log;
    // The run's own rollback.
    writeFileSync(file, workflow(true));
    const failed = await startCli(["run", file], tmp()).done;
    assert.equal(failed.code, 1, said(failed));
    assert.equal(logOf("mute"), "logs/mute.log");
    assert.equal(logOf("fan[1]"), "logs/fan%5B1%5D.log");
    assert.equal(
      logOf("end"),
      undefined,
      "a step that printed nothing and was not undone has none",
    );
    const undone = join(runDirOf(tmp()), "logs", "mute.log");
    assert.equal(readFileSync(undone, "utf8"), "── rollback ──\nundoing mute\n");

    // momoflow rollback of a run that succeeded.
    writeFileSync(file, workflow(false));
    const run = await startCli(["run", file], tmp()).done;
    assert.equal(run.code, 0, said(run));
    assert.equal(logOf("mute"), undefined, "nothing printed yet");
    const out = await startCli(["rollback", file], tmp()).done;
    assert.equal(out.code, 0, said(out));
    assert.equal(logOf("mute"), "logs/mute.log");
    assert.equal(logOf("fan[0]"), "logs/fan%5B0%5D.log");
  });
});
