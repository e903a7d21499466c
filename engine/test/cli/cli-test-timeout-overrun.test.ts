import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * A test's `timeout:` holds however its run went past it: a `js()` step
 * that keeps the process busy (no timer can fire until it returns) still
 * fails the test for taking longer, not a pass for a run of 3 s under a
 * timeout of 200ms.
 */
describe("momoflow test: a run that went past its test's timeout without yielding (the real CLI)", function () {
  this.timeout(60_000);
  const dir = useTempDir("momoflow-test-overrun-");

  it("fails the test, saying it timed out and how long the run took", async () => {
    writeFileSync(
      join(dir(), "busy.mjs"),
      `export function spin() {
  const start = Date.now();
  while (Date.now() - start < 3000) {}
  return "done";
}
`,
    );
    writeFileSync(
      join(dir(), "busy.momoflow"),
      `workflow busy {
  step spin {
    run: js("./busy.mjs", "spin")
    rollback: none
  }
}

test "busy past its timeout" {
  workflow: busy
  timeout: 200ms
  expect status == success
}
`,
    );
    const out = await runCli(["test", "busy.momoflow", "--json"], dir());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const report = JSON.parse(out.stdout) as {
      tests: {
        status: string;
        failures: { message: string; range: { start: { line: number } } }[];
      }[];
    };
    const [test] = report.tests;
    assert.equal(test!.status, "failed");
    assert.equal(test!.failures.length, 1, JSON.stringify(test!.failures));
    assert.match(
      test!.failures[0]!.message,
      /^the test timed out after 200ms: its run took [\d.]+ s$/,
    );
    // At the test's `timeout:`.
    assert.equal(test!.failures[0]!.range.start.line, 9);
  });
});
