import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * Durations past what one Node timer holds (2^31 - 1 ms, 24.8 days) through
 * the real CLI: such a timer fires after 1 ms, which ended a step with
 * `timeout: 600h` at once, timed a whole run out at once, and let
 * `sleep(duration: 600h)` succeed at once.
 */
describe("CLI: durations longer than 24.8 days", function () {
  this.timeout(30_000);
  const dir = useTempDir("momoflow-long-durations-");

  it("a step with timeout: 600h (given by --param or written) and a run with timeout: 600h run to their end", async () => {
    writeFileSync(
      join(dir(), "long.momoflow"),
      `workflow long {
  param limit: duration = 1s
  timeout: 600h
  step given {
    run: "sleep 0.2"
    rollback: none
    timeout: limit
  }
  step written {
    needs: given
    run: "sleep 0.2"
    rollback: none
    timeout: 600h
  }
}
`,
    );
    const run = await runCli(["run", "long.momoflow", "--param", "limit=600h"], dir());
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.doesNotMatch(run.stdout + run.stderr, /timed out/);
  });

  it("sleep(duration: 600h) waits: the run's own 1s timeout ends it, it does not succeed at once", async () => {
    writeFileSync(
      join(dir(), "nap.momoflow"),
      `workflow nap {
  timeout: 1s
  step wait {
    run: sleep(duration: 600h)
  }
}
`,
    );
    const started = Date.now();
    const run = await runCli(["run", "nap.momoflow"], dir());
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout + run.stderr, /timed out after 1s/);
    assert.ok(Date.now() - started >= 900, "the sleep lasted until the run's timeout");
  });
});
