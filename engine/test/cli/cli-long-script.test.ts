import assert from "node:assert/strict";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * Linux lets one argument of a new process hold at most 128 KB, and a shell
 * action's script is one: a large value interpolated into it (a step's output)
 * makes a script the system refuses to start.
 */
describe("a shell action too long to start (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-long-script-");

  it("fails the step saying the script is too long and what to do, and leaves no temporary folder", async function () {
    if (process.platform !== "linux") this.skip(); // the 128 KB limit is Linux's
    writeFileSync(
      join(tmp(), "wf.momoflow"),
      [
        "workflow w {",
        "  step big {",
        "    run: \"head -c 200000 /dev/zero | tr '\\\\0' x\"",
        "    rollback: none",
        "  }",
        "  step use {",
        "    needs: big",
        "    run: \"printf '%s' ${steps.big.output} | wc -c\"",
        "    rollback: none",
        "  }",
        "}",
      ].join("\n"),
    );
    const scratch = join(tmp(), "scratch");
    mkdirSync(scratch);
    const out = await startCli(["run", "wf.momoflow", "--quiet"], tmp(), { TMPDIR: scratch }).done;
    const said = (out.stdout + out.stderr).slice(-3000);
    assert.equal(out.code, 1, said);
    assert.match(
      said,
      /step "use" failed: shell command "printf '%s' x+…" could not start: the script is 195 KB, more than the 128 KB the system lets one argument of a process hold \(E2BIG\); write large values to a file and read it in the script/,
    );
    const left = readdirSync(scratch).filter((name) => name.startsWith("momoflow-output-"));
    assert.deepEqual(left, [], "no $MOMOFLOW_OUTPUT folder is left behind");
  });
});
