import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { runRecorded } from "../support/recorded-run";
import { useTempDir } from "../support/temp-dir";

const MODULE = `import { appendFileSync } from "node:fs";
export async function make(args) { appendFileSync("ops.log", "make-" + args.region + "\\n"); return args.region; }
export async function unmake(args) { appendFileSync("ops.log", "undo-make-" + args.region + "\\n"); }
`;

const MAKE_STEP = `  step make {
    run: js("./undo.mjs", "make", region: region)
    rollback: js("./undo.mjs", "unmake", region: region)
  }
`;

/** `ship` calls `release` once per region; `release`'s `make` is undone by a js() function. */
const FLOW = `workflow release {
  param region: string
${MAKE_STEP}  step tag {
    needs: make
    run: "echo tag-\${region} >> ops.log"
    rollback: "echo undo-tag-\${region} >> ops.log"
  }
}
workflow ship {
  step deploy {
    for_each: region in ["eu", "us"]
    run: workflow release(region: region)
  }
  step boom {
    needs: deploy
    run: fail(message: "stop here")
  }
}
`;

/** The file as edited after the run: `make` is gone from `release`. */
const EDITED = FLOW.replace(MAKE_STEP, "").replace("    needs: make\n", "");

const UNDONE = ["undo-tag-us", "undo-make-us", "undo-tag-eu", "undo-make-eu"];

/**
 * A fan-out that calls a workflow whose step has a `js()` rollback, run
 * with `--no-rollback`, then the workflow edited: the step is no longer in
 * the file. `momoflow rollback <run>` undoes the step from the record, as
 * it undoes a shell rollback: the record names the function and the
 * arguments it was given. It used to fail: "the workflow given has no
 * reversible step", the run left half rolled back.
 */
describe("momoflow rollback of a called step's js() rollback, after the step was removed from the file", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-call-js-undo-removed-");

  const undos = (workdir: string): string[] =>
    readFileSync(join(workdir, "ops.log"), "utf8")
      .trim()
      .split("\n")
      .filter((line) => line.startsWith("undo-"));

  async function ranThenEdited(): Promise<{ dir: string; workdir: string; runDir: string }> {
    const dir = tmp();
    writeFileSync(join(dir, "undo.mjs"), MODULE);
    const { file, workdir, runDir } = await runRecorded(dir, "flow", FLOW, 1, [
      "--workflow",
      "ship",
      "--no-rollback",
    ]);
    writeFileSync(file, EDITED);
    return { dir, workdir, runDir };
  }

  it("undoes it from the record, with each instance's arguments", async () => {
    const { workdir, runDir } = await ranThenEdited();
    const out = await runCli(["rollback", runDir], workdir);
    assert.equal(out.code, 0, said(out));
    assert.deepEqual(undos(workdir), UNDONE, said(out));
    assert.match(out.stdout, /rolled_back +run /, said(out));
  });

  it("when the function itself is gone too: says which, and undoes the run once it is back", async () => {
    const { dir, workdir, runDir } = await ranThenEdited();
    writeFileSync(join(dir, "undo.mjs"), MODULE.replace("unmake", "unmade"));
    const failed = await runCli(["rollback", runDir], workdir);
    assert.equal(failed.code, 1, said(failed));
    const module = join(dir, "undo.mjs");
    for (const step of ["deploy[0]/make", "deploy[1]/make"])
      assert.ok(
        said(failed).includes(
          `could not undo ${step}: its undo is js("./undo.mjs", "unmake"), which the run record names, and ${module} has no exported function "unmake" now; put it back, and momoflow rollback undoes the step`,
        ),
        said(failed),
      );
    assert.deepEqual(undos(workdir), ["undo-tag-us", "undo-tag-eu"], said(failed));

    writeFileSync(join(dir, "undo.mjs"), MODULE);
    const again = await runCli(["rollback", runDir], workdir);
    assert.equal(again.code, 0, said(again));
    assert.deepEqual(
      undos(workdir),
      ["undo-tag-us", "undo-tag-eu", "undo-make-us", "undo-make-eu"],
      said(again),
    );
  });

  it("when its module is gone: says why it cannot be loaded, and undoes the run once it is back", async () => {
    const { dir, workdir, runDir } = await ranThenEdited();
    const module = join(dir, "undo.mjs");
    rmSync(module);
    const failed = await runCli(["rollback", runDir], workdir);
    assert.equal(failed.code, 1, said(failed));
    assert.match(
      said(failed),
      /could not undo deploy\[1\]\/make: its undo is js\("\.\/undo\.mjs", "unmake"\), which the run record names, and .*undo\.mjs cannot be loaded: no such file; put it back, and momoflow rollback undoes the step/,
    );
    assert.ok(!existsSync(module));
    writeFileSync(module, MODULE);
    const again = await runCli(["rollback", runDir], workdir);
    assert.equal(again.code, 0, said(again));
    assert.deepEqual(undos(workdir), [
      "undo-tag-us",
      "undo-tag-eu",
      "undo-make-us",
      "undo-make-eu",
    ]);
  });
});
