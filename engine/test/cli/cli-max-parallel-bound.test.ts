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
