import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import { writeWorkflow } from "../support/workflow-files";

/** A js() undo that prints a line every 50 ms and never ends, deaf to its stop signal. */
const MODULE = `export async function make() {}
export async function unmake(args, context) {
  let line = 0;
  context.logger.info("undo line " + line++);
  setInterval(() => context.logger.info("undo line " + line++), 50);
  await new Promise(() => {});
}
`;

const WORKFLOW = `workflow deaf_undo {
  step mk {
    run: js("./steps.mjs", "make")
    rollback: js("./steps.mjs", "unmake")
    rollback_timeout: 300ms
  }
}
`;

/**
 * An undo given up past its deadline and its grace, and left running, may
 * go on printing: the terminal may show those lines, the step's log keeps
 * none of them. The log must say so where it stops, or it reads as if the
 * undo printed nothing more.
 */
describe("an undo given up and left running, still printing (real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-given-up-undo-output-");

  it("its log says where it was given up and that nothing it printed after is kept", async () => {
    const { file, workdir } = writeWorkflow(tmp(), "deaf", WORKFLOW);
    writeFileSync(join(dirname(file), "steps.mjs"), MODULE);
    const run = await runCli(["run", file, "--workdir", workdir], workdir);
    assert.equal(run.code, 0, said(run));

    const out = await runCli(["rollback", runDirOf(workdir)], workdir);
    assert.equal(out.code, 1, said(out));
    assert.match(out.stdout, /given up after 300ms \(its rollback_timeout\)/, said(out));

    const log = readFileSync(join(runDirOf(workdir), "logs", "mk.log"), "utf8");
    const lines = log.trimEnd().split("\n");
    assert.equal(lines[0], "── rollback ──", log);
    assert.equal(lines[1], "undo line 0", log);
    assert.match(
      lines.at(-1)!,
      /^── given up after 300ms \(its rollback_timeout\), and left running: nothing it printed after this is kept ──$/,
      log,
    );
    assert.ok(
      lines.slice(1, -1).every((line) => /^undo line \d+$/.test(line)),
      log,
    );
  });
});
