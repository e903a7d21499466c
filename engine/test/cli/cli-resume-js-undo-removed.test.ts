import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, type CliOutcome } from "../support/cli-process";
import { said } from "../support/cli-said";
import { runIdsOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import { jsMakeStepFlow } from "../support/js-make-step-flow";

const MODULE = `import { appendFileSync } from "node:fs";
export function make(args) { appendFileSync("ops.log", "make-" + args.region + "\\n"); }
export function unmake(args) { appendFileSync("ops.log", "undo-make-" + args.region + "\\n"); }
`;

/** `make`'s undo is a js() function given the run's param; `gate` fails until `ok` exists. */
const { flow: FLOW, edited: EDITED } = jsMakeStepFlow({ name: "gate", run: "test -f ok" });

/**
 * A run fails after a step whose rollback is a `js()` function; the step is
 * then removed from the file, and the run resumed: the resuming run takes
 * over what the first run did in the step (its earlier attempts), and its
 * rollback undoes them from the record, by the function the record names
 * with the arguments the step was resolved with — as it undoes a step of its
 * own removed from the file. It used to fail: "the workflow given has no
 * reversible step", the run left half rolled back.
 */
describe("momoflow rollback of a resumed run's earlier attempts, their step's js() rollback removed from the file", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-resume-js-undo-removed-");
  const file = (): string => join(tmp(), "flow.momoflow");
  const cli = (...args: string[]): Promise<CliOutcome> => runCli(args, tmp());
  const ops = (): string[] => readFileSync(join(tmp(), "ops.log"), "utf8").trim().split("\n");

  async function expectCode(code: number, ...args: string[]): Promise<CliOutcome> {
    const out = await cli(...args);
    assert.equal(out.code, code, said(out));
    return out;
  }

  /** The first run fails at `gate`; resumed once `make` is gone from the file, the second succeeds. */
  async function resumedWithoutTheStep(): Promise<string> {
    writeFileSync(join(tmp(), "undo.mjs"), MODULE);
    writeFileSync(file(), FLOW);
    await expectCode(1, "run", file(), "--no-rollback");
    writeFileSync(file(), EDITED);
    writeFileSync(join(tmp(), "ok"), "");
    const first = runIdsOf(tmp())[0]!;
    const resumed = await expectCode(0, "run", file(), "--resume");
    assert.match(
      resumed.stdout,
      new RegExp(`make: what run ${first} did in it is this run's to undo`),
      said(resumed),
    );
    return first;
  }

  it("undoes them with the function the record names", async () => {
    await resumedWithoutTheStep();
    const out = await expectCode(0, "rollback", file());
    assert.deepEqual(ops(), ["make-eu", "undo-make-eu"], said(out));
    // Undone once: a second rollback has nothing left.
    await expectCode(0, "rollback", file());
    assert.deepEqual(ops(), ["make-eu", "undo-make-eu"]);
  });

  it("its module gone: says what to put back, and undoes them once it is back", async () => {
    const first = await resumedWithoutTheStep();
    const module = join(tmp(), "undo.mjs");
    rmSync(module);
    const failed = await expectCode(1, "rollback", file());
    assert.ok(
      said(failed).includes(
        `could not undo make: what run ${first} did in it could not be undone: its undo is js("./undo.mjs", "unmake"), which the run record names, and ${module} cannot be loaded: no such file; put it back, and momoflow rollback undoes the step`,
      ),
      said(failed),
    );
    assert.ok(!existsSync(module));
    assert.deepEqual(ops(), ["make-eu"], said(failed));
    writeFileSync(module, MODULE);
    const again = await expectCode(0, "rollback", file());
    assert.deepEqual(ops(), ["make-eu", "undo-make-eu"], said(again));
  });
});
