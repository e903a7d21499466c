import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

const fixtures = resolve(__dirname, "../../../test-fixtures");

/**
 * A `max_parallel` above the workflow's `concurrency` (1 unless written) is
 * bounded by it: `momoflow check` warns (MF022) with both numbers and why.
 */
describe("momoflow check: max_parallel above the workflow's concurrency (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-max-parallel-");

  it("warns on the value, naming both numbers, and exits 0 (a warning)", async () => {
    const out = await runCli(
      ["check", join(fixtures, "invalid", "mf022-max-parallel-above-concurrency.momoflow")],
      fixtures,
    );
    assert.equal(out.code, 0, out.stdout + out.stderr);
    const lines = out.stdout.trim().split("\n");
    assert.deepEqual(lines, [
      "invalid/mf022-max-parallel-above-concurrency.momoflow:7:19: warning MF022: \"max_parallel: 3\" cannot run 3 instances at once: no more steps run at once than the workflow's concurrency, which is 1 (the default), so at most 1 instance runs at once; set the workflow's concurrency to 3 (or run with --concurrency 3)",
      "invalid/mf022-max-parallel-above-concurrency.momoflow:23:19: warning MF022: \"max_parallel: 4\" cannot run 4 instances at once: no more steps run at once than the workflow's concurrency, which is 2, so at most 2 instances run at once; set the workflow's concurrency to 4 (or run with --concurrency 4)",
    ]);
  });

  it("warns at a call whose caller's concurrency bounds the called workflow's fan-out (its steps run under the caller's)", async () => {
    const file = join(tmp(), "calls.momoflow");
    writeFileSync(
      file,
      `workflow convert_all {\n  concurrency: 4\n  step convert {\n    for_each: n in [1, 2, 3, 4]\n    max_parallel: 4\n    run: "echo \${n}"\n    rollback: none\n  }\n}\nworkflow nightly {\n  step all {\n    run: workflow convert_all()\n  }\n}\n`,
    );
    const out = await runCli(["check", file], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.equal(
      out.stdout,
      `calls.momoflow:12:19: warning MF022: "max_parallel: 4" of step "convert" of workflow "convert_all" (line 5), run as all/convert, cannot run 4 instances at once: a called workflow's steps run under the calling workflow's concurrency, here 1 (the default), so at most 1 instance runs at once; set this workflow's concurrency to 4 (or run with --concurrency 4)\n`,
    );
  });

  it("says nothing when the concurrency allows it", async () => {
    const file = join(tmp(), "fine.momoflow");
    writeFileSync(
      file,
      `workflow w {\n  concurrency: 3\n  step s {\n    for_each: n in [1, 2, 3]\n    max_parallel: 3\n    run: "echo \${n}"\n    rollback: none\n  }\n}\n`,
    );
    const out = await runCli(["check", file], tmp());
    assert.equal(out.code, 0);
    assert.equal(out.stdout, "");
  });
});
