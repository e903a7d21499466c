import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * A failed expectation quotes what the run made with its secrets as ***:
 * when the two sides then read the same, the message says they differ
 * inside a secret, not `expected "token=***", but it was "token=***"` alone.
 */
describe("momoflow test: a failure whose sides differ only inside a secret (the real CLI)", function () {
  this.timeout(60_000);
  const dir = useTempDir("momoflow-test-masked-failure-");

  it("says the difference is in a secret's text, still masking it", async () => {
    writeFileSync(
      join(dir(), "flow.momoflow"),
      `workflow w {
  param token: secret = "abcd1234"
  step s {
    run: "echo token=\${token}"
    rollback: none
  }
}

test "the masked text" {
  workflow: w
  expect output s == "token=***"
  expect output s != "token=abcd1234"
}
`,
    );
    const out = await runCli(["test", "flow.momoflow", "--json"], dir());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const report = JSON.parse(out.stdout) as { tests: { failures: { message: string }[] }[] };
    assert.deepEqual(
      report.tests[0]!.failures.map((f) => f.message),
      [
        'expected the output of s to be "token=***", but it was "token=***" (the two differ inside a secret\'s text, shown as ***)',
        'expected the output of s to not be "token=***", but it was "token=***"',
      ],
    );
    assert.doesNotMatch(out.stdout + out.stderr, /abcd1234/);
  });
});
