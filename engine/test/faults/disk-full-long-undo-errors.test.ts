import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { journalEvents, latestRunDir } from "../support/run-record-files";
import { useSmallDisk } from "../support/tmpfs-mount";

/** Small, so the failing step fills it at once. */
const DISK_BYTES = 1024 * 1024;
const STEPS = ["one", "two", "three", "four", "fill"];

/**
 * Each step writes a file on the small disk; `fill` writes more than it holds
 * and fails. Every undo (a `js()` function) notes in $OPS_LOG (on another
 * disk) that it ran; in the live rollback (`$FAIL_UNDOS` set) it then throws
 * an error of 100,000 control characters, which JSON writes six bytes each:
 * far more than the room the run keeps for its rollback's lines.
 */
function workflowText(): string {
  const steps = STEPS.map((name, i) => {
    const size = name === "fill" ? 2_000_000 : 4096;
    return [
      `  step ${name} {`,
      ...(i > 0 ? [`    needs: ${STEPS[i - 1]!}`] : []),
      `    run: "head -c ${size} /dev/zero > ${name}.bin"`,
      `    rollback: js("./undo.mjs", "undo", name: "${name}")`,
      "  }",
    ].join("\n");
  });
  return `workflow long_undo_errors {\n${steps.join("\n")}\n}\n`;
}

const UNDO_MODULE = `import { appendFileSync } from "node:fs";
export function undo(args) {
  appendFileSync(process.env.OPS_LOG, "undo-" + args.name + "\\n");
  if (process.env.FAIL_UNDOS) throw new Error("cannot undo " + args.name + ": " + "\\u0001".repeat(100000));
}
`;

function undoNotes(opsLog: string): string[] {
  return existsSync(opsLog)
    ? readFileSync(opsLog, "utf8")
        .split("\n")
        .filter((op) => op.startsWith("undo-"))
        .map((op) => op.slice(5))
    : [];
}

/**
 * An undo's outcome line must fit the room the run keeps for it, however long
 * the undo's error: a line that did not fit on a full disk left an undo that
 * happened unrecorded, so `momoflow rollback` would run it again.
 */
describe("disk full: an undo that fails with a long error is still recorded", function () {
  this.timeout(120_000);
  const small = useSmallDisk("momoflow-long-undo-errors-", DISK_BYTES);

  it("records every undo the live rollback ran, its error cut to fit, and momoflow rollback undoes each step once more only because it failed", async () => {
    const { outside, disk } = small;
    const workflow = join(outside, "long-undo-errors.momoflow");
    writeFileSync(workflow, workflowText());
    writeFileSync(join(outside, "undo.mjs"), UNDO_MODULE);
    const workdir = join(disk, "work");
    mkdirSync(workdir);
    const opsLog = join(outside, "ops.log");
    const run = await startCli(["run", workflow, "--workdir", workdir], workdir, {
      OPS_LOG: opsLog,
      FAIL_UNDOS: "1",
    }).done;
    const printed = `--- run (exit ${run.code}) ---\n${run.stdout}${run.stderr}`;
    assert.equal(run.code, 1, printed);
    const ranLive = undoNotes(opsLog);
    assert.ok(ranLive.length > 0, `the live rollback undid nothing:\n${printed}`);

    const runDir = latestRunDir(workdir);
    assert.ok(runDir, "no run folder");
    const outcomes = journalEvents(runDir).filter((e) => e.type === "step_rolled_back");
    const recorded = outcomes.map((e) => e.step);
    assert.deepEqual(recorded, ranLive, `every undo that ran is recorded, in order:\n${printed}`);
    for (const e of outcomes) {
      assert.equal(e.status, "rollback_failed");
      const error = String(e.error);
      assert.ok(error.startsWith(`cannot undo ${String(e.step)}: \u0001`), error.slice(0, 300));
      assert.match(error, /more characters? not recorded/, error.slice(-300));
      assert.ok(
        Buffer.byteLength(JSON.stringify(e)) < 8192,
        `a ${JSON.stringify(e).length}-byte line`,
      );
    }

    // Room again, and the undos succeed now: each step is undone once more, and only once.
    rmSync(join(workdir, "fill.bin"), { force: true });
    const undo = await startCli(["rollback", runDir], workdir, { OPS_LOG: opsLog }).done;
    assert.equal(undo.code, 0, `${undo.stdout}${undo.stderr}`);
    const inReverse = [...STEPS].reverse();
    assert.deepEqual(
      ranLive,
      inReverse.slice(0, ranLive.length),
      "the live undos, in reverse order",
    );
    assert.deepEqual(undoNotes(opsLog).slice(ranLive.length), inReverse);
  });
});
