import assert from "node:assert/strict";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * Work `run` or `rollback` gave up on (a step, a js() undo that ignored its
 * stop signal) may still hold the process: it exits about 1 s after its
 * record and report are written (docs/language.md, bounded undos). Each
 * command's --help says so, in the same words.
 */
describe("run and rollback --help say when they exit after work they gave up on", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-help-given-up-");

  for (const [command, what, written] of [
    ["run", "A step or js\\(\\) undo", "summary"],
    ["rollback", "A js\\(\\) undo", "report"],
  ] as const) {
    it(`momoflow ${command} --help`, async () => {
      const out = await runCli([command, "--help"], tmp());
      assert.equal(out.code, 0, out.stderr);
      const text = out.stdout.replace(/\s+/g, " ");
      assert.match(
        text,
        new RegExp(
          `${what} it gave up on \\(one that ignored its stop signal\\) does not hold the process: it exits about 1 s after writing its ${written}\\.`,
        ),
        out.stdout,
      );
    });
  }
});
